// The popup of one incident: what happened, where and when, who, the
// sentences it was read from with the place marked, and every source.

import { findName } from './arabic.js';
import { h, langAttrs, marked, safeURL, textBlock } from './dom.js';
import { DATE_PRECISION, GEO_PRECISION, symbolElement } from './types.js';

/** incidentPopup builds the popup content of an incident feature. */
export function incidentPopup(feature) {
  const p = feature.properties ?? {};
  const sub = p.sub_event_type || 'Unknown type';
  const names = [p.place, p.place_name_ar, p.place_name];
  return h('article', { class: 'im-incident', 'data-id': p.id ?? null },
    h('header', null,
      symbolElement(p.sub_event_type, 20),
      h('div', null, h('h3', null, sub), p.event_type && h('p', { class: 'im-muted' }, p.event_type)),
    ),
    h('dl', null,
      row('Place', placeNames(p)),
      row('Date', dateText(p)),
      row('Actors', actors(p)),
      row('Casualties', casualties(p)),
      row('Confidence', confidence(p)),
    ),
    evidenceList(collectEvidence(p), names),
    sourcesList(p.sources),
  );
}

function row(label, value) {
  return [h('dt', null, label), h('dd', null, value)];
}

function placeNames(p) {
  const ar = p.place_name_ar || (p.place && p.place !== p.place_name ? p.place : '');
  const en = p.place_name && p.place_name !== ar ? p.place_name : '';
  return [
    ar && textBlock('bdi', ar, { class: 'im-ar' }),
    ar && en && ' · ',
    en && h('bdi', { lang: 'en' }, en),
    !ar && !en && (p.place || 'unknown'),
    p.geo_precision ? h('span', { class: 'im-muted' }, ` (${GEO_PRECISION[p.geo_precision] ?? ''})`) : null,
  ];
}

/** actors are the incident's actors: who acted → against whom. */
export function actors(p) {
  if (!p.actor1 && !p.actor2) return 'not stated';
  return [h('bdi', null, p.actor1 || 'unknown'), p.actor2 ? [' → ', h('bdi', null, p.actor2)] : null];
}

/** casualties are the killed and injured the text states. */
export function casualties(p) {
  const parts = [];
  if (p.killed != null) parts.push(`${p.killed} killed`);
  if (p.injured != null) parts.push(`${p.injured} injured`);
  return parts.length ? parts.join(', ') : 'not stated';
}

/** confidence is the incident's confidence as a percentage. */
export function confidence(p) {
  return typeof p.confidence === 'number' ? `${Math.round(p.confidence * 100)}%` : 'unknown';
}

/** dateText is the incident's date with its precision. */
export function dateText(p) {
  return p.date ? [p.date, ' ', h('span', { class: 'im-muted' }, `(${DATE_PRECISION[p.date_precision] ?? 'precision unknown'})`)] : 'unknown';
}

// collectEvidence gathers the incident's sentences and those of each
// source, once each.
function collectEvidence(p) {
  const seen = new Set();
  const out = [];
  const add = (ev) => {
    const t = (ev?.text ?? '').trim();
    if (t && !seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  };
  (p.evidence ?? []).forEach(add);
  for (const s of p.sources ?? []) (s.evidence ?? []).forEach(add);
  return out;
}

function evidenceList(sentences, names) {
  if (!sentences.length) return null;
  return h('section', { class: 'im-evidence' },
    h('h4', null, 'Evidence'),
    sentences.map((t) => marked(h('blockquote', langAttrs(t)), t, findName(t, names))),
  );
}

function sourcesList(sources) {
  if (!sources?.length) return null;
  return h('section', { class: 'im-sources' },
    h('h4', null, sources.length === 1 ? 'Source' : `Sources (${sources.length})`),
    h('ul', null, sources.map((s) => {
      const title = s.title || s.url || `article ${s.article_id}`;
      const href = safeURL(s.url);
      const date = s.published ? s.published.slice(0, 10) : '';
      return h('li', null,
        href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', dir: 'auto' }, textBlock('bdi', title)) : textBlock('bdi', title),
        h('span', { class: 'im-muted' }, [s.outlet && ` — ${s.outlet}`, date && `, ${date}`]),
      );
    })),
  );
}
