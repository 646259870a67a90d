// The view's state in the URL's fragment, so that a view can be shared:
// #map=7/35.1000/38.5000&from=2024-01-01&to=2024-06-30&type=…&actor=…&q=…
// The fragment, not the query: "/" answers the OGC API's query
// parameters, and the fragment never reaches the server.

/** The filter fields, in the order the fragment writes them. */
export const FILTER_KEYS = ['from', 'to', 'type', 'actor', 'q'];

/** Where the map opens without a shared view: Syria, Iraq, Lebanon. */
export const DEFAULT_VIEW = { zoom: 5, lat: 33.5, lon: 41.0 };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** parseState reads a fragment ("#…" or "") into {view, filters, panel}. */
export function parseState(hash) {
  const p = new URLSearchParams((hash ?? '').replace(/^#/, ''));
  const filters = {};
  for (const k of FILTER_KEYS) {
    const v = (p.get(k) ?? '').trim();
    if (!v || ((k === 'from' || k === 'to') && !DATE.test(v))) continue;
    filters[k] = v;
  }
  let view = null;
  const m = /^(\d{1,2}(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(p.get('map') ?? '');
  if (m) {
    const [zoom, lat, lon] = m.slice(1).map(Number);
    if (zoom <= 19 && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) view = { zoom, lat, lon };
  }
  const panel = p.get('panel') || null;
  return { view, filters, panel };
}

/** formatState writes the fragment of a state, without the "#". */
export function formatState({ view, filters, panel }) {
  const parts = [];
  const add = (k, v) => parts.push(`${k}=${encodeURIComponent(v).replace(/%2F/g, '/').replace(/%2C/g, ',')}`);
  if (view) add('map', `${Math.round(view.zoom * 100) / 100}/${view.lat.toFixed(4)}/${view.lon.toFixed(4)}`);
  for (const k of FILTER_KEYS) if (filters?.[k]) add(k, filters[k]);
  if (panel) add('panel', panel);
  return parts.join('&');
}

/** datetime is the API's datetime parameter for a date range, or ''. */
export function datetime({ from, to }) {
  if (!from && !to) return '';
  if (from && from === to) return from;
  return `${from || '..'}/${to || '..'}`;
}

/** itemsQuery is the query string of the incidents items for the filters. */
export function itemsQuery(filters, extra = {}) {
  const p = new URLSearchParams();
  const dt = datetime(filters);
  if (dt) p.set('datetime', dt);
  for (const k of ['type', 'actor', 'q']) if (filters[k]) p.set(k, filters[k]);
  for (const [k, v] of Object.entries(extra)) if (v != null && v !== '') p.set(k, String(v));
  return p.toString();
}
