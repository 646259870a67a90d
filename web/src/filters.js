// The filter form: date range, type, actor and free text. Typing is
// debounced; choices apply at once.

import { debounce, h } from './dom.js';
import { FILTER_KEYS } from './state.js';
import { EVENT_TYPES } from './types.js';

/** Filters binds the form's fields and calls onChange(filters) on edits. */
export class Filters {
  constructor(form, onChange) {
    this.form = form;
    this.fields = Object.fromEntries(FILTER_KEYS.map((k) => [k, form.elements.namedItem(k)]));
    this.actors = form.querySelector('datalist');
    fillTypes(this.fields.type);
    const changed = () => onChange(this.get());
    const typed = debounce(changed, 350);
    for (const k of FILTER_KEYS) {
      const el = this.fields[k];
      el.addEventListener(el.tagName === 'SELECT' || el.type === 'date' ? 'change' : 'input', el.tagName === 'SELECT' || el.type === 'date' ? changed : typed);
    }
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      changed();
    });
    form.addEventListener('reset', () => setTimeout(changed));
  }

  /** get returns the filters that are set. */
  get() {
    const out = {};
    for (const k of FILTER_KEYS) {
      const v = this.fields[k].value.trim();
      if (v) out[k] = v;
    }
    return out;
  }

  /** set fills the form from filters without calling onChange. */
  set(filters) {
    for (const k of FILTER_KEYS) {
      const el = this.fields[k];
      const v = filters[k] ?? '';
      if (el.tagName === 'SELECT' && v && ![...el.options].some((o) => o.value === v)) {
        el.append(h('option', { value: v }, v)); // a shared type this page does not list
      }
      el.value = v;
    }
  }

  /** suggestActors offers the actors of the loaded incidents as completions. */
  suggestActors(features) {
    const names = new Set();
    for (const f of features) {
      for (const a of [f.properties?.actor1, f.properties?.actor2]) if (a) names.add(a);
    }
    this.actors.replaceChildren(...[...names].sort().map((a) => h('option', { value: a })));
  }
}

function fillTypes(select) {
  select.append(h('option', { value: '' }, 'All types'));
  for (const { event, subs } of EVENT_TYPES) {
    select.append(h('optgroup', { label: event },
      h('option', { value: event }, `All: ${event}`),
      subs.map((s) => h('option', { value: s }, s)),
    ));
  }
}
