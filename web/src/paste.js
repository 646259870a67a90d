// The "paste an article" panel: the text is geoparsed by the server
// (nothing stored), shown with its places marked and on the map, and can
// then be saved as an article, which adds its incidents.

import L from 'leaflet';
import { postJSON } from './api.js';
import { clear, codePointRanges, h, isArabic, langAttrs, safeURL, textBlock } from './dom.js';
import { actors, casualties, confidence, dateText } from './popup.js';
import { symbolElement } from './types.js';

/** PastePanel runs the panel; onSaved runs after an article is stored. */
export class PastePanel {
  constructor(panel, map, writer, { onSaved }) {
    this.map = map;
    this.writer = writer;
    this.onSaved = onSaved;
    this.form = panel.querySelector('.im-paste-form');
    this.saveForm = panel.querySelector('.im-save-form');
    this.status = panel.querySelector('.im-status');
    this.result = panel.querySelector('.im-paste-result');
    this.textEl = panel.querySelector('.im-paste-text');
    this.places = panel.querySelector('.im-paste-places');
    this.incidents = panel.querySelector('.im-paste-incidents');
    this.layer = L.featureGroup().addTo(map);
    this.markers = [];
    this.parsed = null; // {text, published} last geoparsed
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.geoparse();
    });
    this.saveForm.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    panel.querySelector('[data-action=clear]').addEventListener('click', () => this.clear());
    this.form.elements.namedItem('text').addEventListener('input', (e) => {
      e.target.dir = isArabic(e.target.value) ? 'rtl' : 'auto';
    });
  }

  async geoparse() {
    const text = this.form.elements.namedItem('text').value.replace(/\r\n?/g, '\n').trim();
    const published = this.form.elements.namedItem('published').value;
    if (!text) {
      this.say('Paste the text of an article first.', true);
      return;
    }
    this.say('Finding places…');
    try {
      const fc = await postJSON('api/geoparse', published ? { text, published } : { text });
      this.parsed = { text, published };
      this.show(text, fc);
      const n = fc.features?.length ?? 0;
      const u = fc.unresolved?.length ?? 0;
      const k = fc.incidents?.features?.length ?? 0;
      this.say(`${n} place${n === 1 ? '' : 's'} found${u ? `, ${u} not placed` : ''}; ${k} incident${k === 1 ? '' : 's'}.`);
    } catch (err) {
      this.say(`Could not geoparse the text: ${err.message}`, true);
    }
  }

  show(text, fc) {
    this.clearMap();
    const features = fc.features ?? [];
    // Mark every mention: places by their index, unplaced names apart.
    const spans = [];
    features.forEach((f, i) => (f.properties?.mentions ?? []).forEach((m) => spans.push({ s: m.start, e: m.end, place: i })));
    for (const u of fc.unresolved ?? []) (u.mentions ?? []).forEach((m) => spans.push({ s: m.start, e: m.end, place: -1 }));
    spans.sort((a, b) => a.s - b.s);
    const ranges = codePointRanges(text, spans.map((x) => [x.s, x.e]));
    clear(this.textEl);
    const { dir, lang } = langAttrs(text);
    this.textEl.dir = dir;
    this.textEl.lang = lang ?? '';
    let at = 0;
    ranges.forEach(([s, e], i) => {
      if (s < at) return;
      const place = spans[i].place;
      const mark = place >= 0
        ? h('mark', { class: 'im-place', title: placeTitle(features[place]) })
        : h('mark', { class: 'im-unplaced', title: 'Not placed: no gazetteer entry matches' });
      mark.textContent = text.slice(s, e);
      if (place >= 0) mark.addEventListener('click', () => this.focusPlace(place));
      this.textEl.append(text.slice(at, s), mark);
      at = e;
    });
    this.textEl.append(text.slice(at));

    clear(this.places);
    features.forEach((f, i) => {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties ?? {};
      const label = p.name_ar || p.name;
      const m = L.circleMarker([lat, lon], { radius: 8, color: '#0d47a1', weight: 2, fillColor: '#42a5f5', fillOpacity: 0.9 })
        .bindTooltip(textBlock('span', label), { permanent: true, direction: 'right', className: 'im-place-label' })
        .bindPopup(() => placeCard(p), { className: 'im-popup' })
        .addTo(this.layer);
      this.markers.push(m);
      this.places.append(h('li', null,
        h('button', { type: 'button', class: 'im-entry', onclick: () => this.focusPlace(i) },
          h('span', { class: 'im-dot', 'aria-hidden': 'true' }),
          h('span', { class: 'im-entry-main' },
            h('span', { class: 'im-entry-title' }, textBlock('bdi', p.name_ar || p.name, { class: 'im-ar' }), p.name && p.name_ar ? [' · ', h('bdi', null, p.name)] : null),
            h('span', { class: 'im-muted' }, placeTitle(f))))));
    });
    for (const u of fc.unresolved ?? []) {
      this.places.append(h('li', { class: 'im-unplaced-item' }, textBlock('bdi', u.text, { class: 'im-ar' }), h('span', { class: 'im-muted' }, ' · not placed')));
    }

    clear(this.incidents);
    for (const f of fc.incidents?.features ?? []) {
      const p = f.properties ?? {};
      // What the popups show of an incident, but its sources (it has none yet).
      this.incidents.append(h('li', { class: 'im-paste-incident' },
        h('p', { class: 'im-entry-title' }, symbolElement(p.sub_event_type, 16), ' ',
          textBlock('bdi', p.place_name_ar || p.place || p.place_name || 'unknown place', { class: 'im-ar' }), ` · ${p.sub_event_type || 'Unknown type'}`),
        h('dl', null,
          h('dt', null, 'Date'), h('dd', null, dateText(p)),
          h('dt', null, 'Actors'), h('dd', null, actors(p)),
          h('dt', null, 'Casualties'), h('dd', null, casualties(p)),
          h('dt', null, 'Confidence'), h('dd', null, confidence(p)))));
    }
    this.result.hidden = false;
    if (this.markers.length) this.map.fitBounds(this.layer.getBounds(), { maxZoom: 9, padding: [40, 40] });
  }

  focusPlace(i) {
    const m = this.markers[i];
    if (!m) return;
    this.map.setView(m.getLatLng(), Math.max(this.map.getZoom(), 9));
    m.openPopup();
  }

  async save() {
    if (!this.parsed) return;
    const { text, published } = this.parsed;
    const [title, ...body] = text.split('\n');
    const url = this.saveForm.elements.namedItem('url').value.trim();
    const source = this.saveForm.elements.namedItem('source').value.trim();
    if (url && !safeURL(url)) {
      this.say('The URL must start with http:// or https://.', true);
      return;
    }
    const req = { title: title.trim(), text: body.join('\n').trim(), url, source, published };
    this.say('Saving…');
    try {
      const res = await this.writer.post('api/articles', req);
      if (!res) {
        this.say('Not saved: saving needs the API token.', true);
        return;
      }
      const c = res.counts ?? {};
      this.say(res.existed
        ? `This article was stored before (article ${res.article_id}).`
        : `Saved as article ${res.article_id}: ${c.incidents ?? 0} incident(s), ${c.merged ?? 0} merged with earlier reports.`);
      await this.onSaved?.();
    } catch (err) {
      this.say(`Not saved: ${err.message}`, true);
    }
  }

  clearMap() {
    this.layer.clearLayers();
    this.markers = [];
  }

  clear() {
    this.clearMap();
    this.parsed = null;
    this.form.reset();
    this.saveForm.reset();
    this.result.hidden = true;
    this.say('');
  }

  say(text, isError = false) {
    this.status.textContent = text;
    this.status.classList.toggle('im-error', isError);
  }
}

function placeTitle(f) {
  const p = f?.properties ?? {};
  const conf = typeof p.confidence === 'number' ? `, confidence ${Math.round(p.confidence * 100)}%` : '';
  return `${p.kind ?? 'place'}${p.admin1 ? `, ${p.admin1}` : ''}${p.country_code ? `, ${p.country_code}` : ''}${conf}`;
}

function placeCard(p) {
  return h('div', { class: 'im-incident' },
    h('h3', null, textBlock('bdi', p.name_ar || p.name, { class: 'im-ar' })),
    p.name && p.name_ar ? h('p', null, h('bdi', { lang: 'en' }, p.name)) : null,
    h('p', { class: 'im-muted' }, placeTitle({ properties: p })),
    h('p', { class: 'im-muted' }, p.source_id ?? ''));
}

