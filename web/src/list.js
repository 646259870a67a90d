// The side list of the incidents in view, newest first, kept in step with
// the map: hovering or focusing an entry marks its marker, choosing it
// opens the marker's popup; the map does the same to the list.

import { clear, h, textBlock } from './dom.js';
import { symbolElement } from './types.js';

/** MAX_ITEMS bounds the entries drawn; the status line says how many more. */
const MAX_ITEMS = 300;

/** IncidentList draws incidents into a <ol>. */
export class IncidentList {
  constructor(el, { onHover, onOpen }) {
    this.el = el;
    this.onHover = onHover;
    this.onOpen = onOpen;
    this.items = new Map(); // id → <li>
    this.current = null;
  }

  /** render draws features; it returns how many were left out. */
  render(features) {
    const sorted = [...features].sort(newestFirst);
    clear(this.el);
    this.items.clear();
    for (const f of sorted.slice(0, MAX_ITEMS)) {
      const id = String(f.id ?? f.properties?.id);
      const li = entry(f, id, this);
      this.items.set(id, li);
      this.el.append(li);
    }
    if (this.current) this.items.get(this.current)?.classList.add('is-current');
    return Math.max(0, sorted.length - MAX_ITEMS);
  }

  /** highlight marks the entry of id while its marker is hovered. */
  highlight(id, on) {
    this.items.get(id)?.classList.toggle('is-highlighted', on);
  }

  /** select marks the entry of the incident whose popup is open, and
   * brings it into view. */
  select(id, on) {
    if (this.current) {
      const prev = this.items.get(this.current);
      prev?.classList.remove('is-current');
      prev?.querySelector('button')?.removeAttribute('aria-current');
    }
    this.current = on ? id : null;
    const li = on ? this.items.get(id) : null;
    if (li) {
      li.classList.add('is-current');
      li.querySelector('button').setAttribute('aria-current', 'true');
      li.scrollIntoView({ block: 'nearest' });
    }
  }
}

function entry(f, id, list) {
  const p = f.properties ?? {};
  const place = p.place_name_ar || p.place || p.place_name || '';
  const actors = [p.actor1, p.actor2].filter(Boolean).join(' → ');
  const hover = (on) => () => list.onHover(id, on);
  return h('li', { 'data-id': id },
    h('button', {
      type: 'button',
      class: 'im-entry',
      onclick: () => list.onOpen(id),
      onmouseenter: hover(true),
      onmouseleave: hover(false),
      onfocus: hover(true),
      onblur: hover(false),
    },
    symbolElement(p.sub_event_type, 16),
    h('span', { class: 'im-entry-main' },
      h('span', { class: 'im-entry-title' }, textBlock('bdi', place || 'unknown place', { class: 'im-ar' }), ' · ', p.sub_event_type || 'Unknown type'),
      h('span', { class: 'im-muted' }, [p.date || 'date unknown', actors && ` · ${actors}`, casualtyNote(p)]),
    )),
  );
}

function casualtyNote(p) {
  const parts = [];
  if (p.killed != null) parts.push(`${p.killed} killed`);
  if (p.injured != null) parts.push(`${p.injured} injured`);
  return parts.length ? ` · ${parts.join(', ')}` : '';
}

function newestFirst(a, b) {
  const da = a.properties?.date ?? '';
  const db = b.properties?.date ?? '';
  if (da !== db) return da < db ? 1 : -1;
  return Number(b.id ?? 0) - Number(a.id ?? 0);
}
