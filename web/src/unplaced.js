// The "unplaced names" panel: the names the articles give that no
// gazetteer entry matched, most frequent first. The analyst picks one,
// clicks the map where it is (or types the coordinates), checks its
// names and kind, and saves it to the local gazetteer.

import L from 'leaflet';
import { findName } from './arabic.js';
import { APIError, getJSON } from './api.js';
import { clear, formatCount, h, langAttrs, marked, textBlock } from './dom.js';

/** KINDS are the kinds of place the API accepts (geo.Kinds). */
export const KINDS = ['country', 'admin1', 'admin2', 'region', 'city', 'town', 'village', 'neighborhood',
  'facility', 'crossing', 'bridge', 'road', 'mountain', 'river', 'island', 'other'];

// The kind a cue word implies, by its folded spelling (ة→ه), as the
// API reports cues.
const CUE_KINDS = {
  'مدينه': 'city', 'بلده': 'town', 'بلدات': 'town', 'قريه': 'village', 'قري': 'village', 'كفر': 'village',
  'خربه': 'village', 'تل': 'village', 'مزرعه': 'village', 'حي': 'neighborhood', 'احياء': 'neighborhood',
  'حقل': 'facility', 'مطار': 'facility', 'قاعده': 'facility', 'سد': 'facility', 'مخيم': 'facility',
  'معمل': 'facility', 'مصفاه': 'facility', 'معبر': 'crossing', 'جسر': 'bridge', 'طريق': 'road',
  'اوتوستراد': 'road', 'جبل': 'mountain', 'تله': 'mountain', 'نهر': 'river', 'واد': 'river', 'وادي': 'river',
  'جزيره': 'island', 'ناحيه': 'admin2', 'منطقه': 'region', 'محافظه': 'admin1',
};

/** kindOfCue returns the kind a cue word implies, village by default. */
export function kindOfCue(cue) {
  const c = (cue ?? '').replace(/[أإآ]/g, 'ا').replace(/ة/g, 'ه').replace(/^(ال|و|ب)/, '');
  return CUE_KINDS[c] ?? CUE_KINDS[cue] ?? 'village';
}

/**
 * UnplacedPanel lists the unresolved names and saves the places the
 * analyst gives them through writer; onSaved runs after a save.
 */
export class UnplacedPanel {
  constructor(panel, map, writer, { onSaved, onCount }) {
    this.panel = panel;
    this.map = map;
    this.writer = writer;
    this.onSaved = onSaved;
    this.onCount = onCount;
    this.list = panel.querySelector('.im-names');
    this.status = panel.querySelector('.im-status');
    this.form = panel.querySelector('form');
    this.banner = document.getElementById('placing-banner');
    this.pin = null;
    this.placing = null; // the name being placed
    fillKinds(this.form.elements.namedItem('kind'));
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    this.form.querySelector('[data-action=cancel]').addEventListener('click', () => this.cancel());
    for (const k of ['lat', 'lon']) this.form.elements.namedItem(k).addEventListener('change', () => this.pinFromForm());
    this.onMapClick = (e) => this.setPoint(e.latlng);
  }

  /** refresh reloads the names from the server. */
  async refresh() {
    this.say('Loading…');
    try {
      const res = await getJSON('api/unresolved?limit=500');
      this.render(res.names ?? [], res.numberMatched ?? 0);
    } catch (err) {
      this.say(`Could not load the unplaced names: ${err.message}`, true);
    }
  }

  render(names, matched) {
    clear(this.list);
    this.onCount?.(matched);
    this.say(names.length ? `${formatCount(matched)} names not placed yet.` : 'Every name the articles give is placed.');
    for (const n of names) {
      const examples = (n.examples ?? []).slice(0, 3);
      this.list.append(h('li', null,
        h('p', { class: 'im-name-head' },
          textBlock('bdi', n.name, { class: 'im-ar im-name' }),
          h('span', { class: 'im-muted' }, [
            n.cue ? [' after ', textBlock('bdi', n.cue)] : '',
            ` · ${plural(n.mentions, 'mention')} in ${plural(n.articles, 'article')}`,
          ])),
        examples.map((t) => marked(h('blockquote', langAttrs(t)), t, findName(t, [n.name]))),
        h('button', { type: 'button', class: 'im-small', onclick: () => this.start(n) }, 'Place on map'),
      ));
    }
  }

  /** start opens the form for name n; a click on the map sets its point. */
  start(n) {
    this.cancel();
    this.placing = n;
    const f = this.form.elements;
    f.namedItem('name_ar').value = n.name;
    f.namedItem('name').value = '';
    f.namedItem('names').value = '';
    f.namedItem('kind').value = kindOfCue(n.cue);
    f.namedItem('country').value = '';
    f.namedItem('lat').value = '';
    f.namedItem('lon').value = '';
    this.form.querySelector('.im-form-title').replaceChildren('Place ', textBlock('bdi', n.name, { class: 'im-ar' }));
    this.form.hidden = false;
    this.banner.replaceChildren('Click the map where ', textBlock('bdi', n.name), ' is. Escape cancels.');
    this.banner.hidden = false;
    this.map.getContainer().classList.add('is-placing');
    this.map.on('click', this.onMapClick);
    this.form.querySelector('.im-form-title').scrollIntoView({ block: 'nearest' });
    f.namedItem('name_ar').focus();
  }

  /** cancel leaves placing mode; it reports whether it was on. */
  cancel() {
    const was = this.placing != null;
    this.placing = null;
    this.form.hidden = true;
    this.banner.hidden = true;
    this.map.getContainer().classList.remove('is-placing');
    this.map.off('click', this.onMapClick);
    if (this.pin) this.map.removeLayer(this.pin);
    this.pin = null;
    return was;
  }

  setPoint(latlng) {
    const f = this.form.elements;
    f.namedItem('lat').value = latlng.lat.toFixed(5);
    f.namedItem('lon').value = L.Util.wrapNum(latlng.lng, [-180, 180], true).toFixed(5);
    this.pinFromForm();
  }

  pinFromForm() {
    const lat = Number(this.form.elements.namedItem('lat').value);
    const lon = Number(this.form.elements.namedItem('lon').value);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || this.form.elements.namedItem('lat').value === '') return;
    if (!this.pin) {
      this.pin = L.marker([lat, lon], { draggable: true, keyboard: false, title: 'New place: drag to adjust',
        icon: L.divIcon({ className: 'im-pin', iconSize: [22, 22], iconAnchor: [11, 22] }) }).addTo(this.map);
      this.pin.on('dragend', () => this.setPoint(this.pin.getLatLng()));
    } else {
      this.pin.setLatLng([lat, lon]);
    }
  }

  async save() {
    const f = this.form.elements;
    const lat = f.namedItem('lat').value;
    const lon = f.namedItem('lon').value;
    if (lat === '' || lon === '') {
      this.say('Click the map where the place is, or type its latitude and longitude.', true);
      return;
    }
    const body = {
      name: f.namedItem('name').value.trim(),
      name_ar: f.namedItem('name_ar').value.trim(),
      names: f.namedItem('names').value.split(/[,،\n]/).map((s) => s.trim()).filter(Boolean),
      kind: f.namedItem('kind').value,
      country: f.namedItem('country').value.trim().toUpperCase(),
      lat: Number(lat),
      lon: Number(lon),
      source: 'incidentmap web map',
    };
    if (!body.name && !body.name_ar) {
      this.say('Give the place a name.', true);
      return;
    }
    if (!body.country) delete body.country;
    this.say('Saving…');
    try {
      const saved = await this.writer.post('api/places', body);
      if (!saved) {
        this.say('Not saved: saving needs the API token.', true);
        return;
      }
      this.cancel();
      await this.onSaved?.();
      await this.refresh();
      this.say(`Saved ${saved.name_ar || saved.name} as ${saved.id}. ${this.status.textContent}`);
    } catch (err) {
      const msg = err instanceof APIError && err.status === 501
        ? 'This server has no local gazetteer: places cannot be added here.'
        : `Not saved: ${err.message}`;
      this.say(msg, true);
    }
  }

  say(text, isError = false) {
    this.status.textContent = text;
    this.status.classList.toggle('im-error', isError);
  }
}

function fillKinds(select) {
  select.replaceChildren(...KINDS.map((k) => h('option', { value: k }, k)));
}

function plural(n, word) {
  return `${formatCount(n ?? 0)} ${word}${n === 1 ? '' : 's'}`;
}
