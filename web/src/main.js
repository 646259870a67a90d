// The web map: wires the map, its layers, the filters, the side list
// and the panels together, and keeps the view's state in the URL.

import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'leaflet.markercluster/dist/MarkerCluster.Default.css';
import './app.css';

import L from 'leaflet';
import { getJSON, Writer } from './api.js';
import { addBasemap } from './basemap.js';
import { countNoun, formatCount, h } from './dom.js';
import { fetchSelection, saveFile } from './download.js';
import { Filters } from './filters.js';
import { DensityLayer } from './density.js';
import { IncidentLayer, LIMIT, popupOptions } from './incidents.js';
import { addLegend } from './legend.js';
import { IncidentList } from './list.js';
import { Panels } from './panels.js';
import { PastePanel } from './paste.js';
import { SourcesPanel, watchChanges } from './sources.js';
import { incidentPopup } from './popup.js';
import { DEFAULT_VIEW, formatState, parseState } from './state.js';
import { countInPeriod, Timeline } from './timeline.js';
import { tokenPrompt } from './token.js';
import { UnplacedPanel } from './unplaced.js';

const $ = (sel) => document.querySelector(sel);

async function loadConfig() {
  try {
    return await getJSON('config.json');
  } catch (err) {
    console.warn('config.json:', err);
    return {};
  }
}

async function main() {
  const cfg = await loadConfig();
  const initial = parseState(location.hash);
  const view = initial.view ?? DEFAULT_VIEW;
  let filters = initial.filters;

  const map = L.map('map', { minZoom: 2, maxZoom: 18, worldCopyJump: true }).setView([view.lat, view.lon], view.zoom);
  // Popups scroll within the map's height (see app.css), so that opening
  // one never pans the map away from its incidents.
  const mapHeight = () => document.documentElement.style.setProperty('--map-h', `${map.getSize().y}px`);
  map.on('resize', mapHeight);
  mapHeight();
  const notice = $('#map-notice');
  addBasemap(map, cfg.basemap, (msg) => {
    const close = h('button', { type: 'button', class: 'im-close', 'aria-label': 'Dismiss', onclick: () => { notice.hidden = true; } }, '×');
    notice.replaceChildren(h('span', null, msg), close);
    notice.hidden = false;
  });

  const status = $('#incidents-status');
  const listEl = $('#incident-list');
  let layer = null;
  const narrow = window.matchMedia('(max-width: 699px)');
  const list = new IncidentList(listEl, {
    onHover: (id, on) => layer.highlight(id, on),
    onOpen: (id) => {
      if (narrow.matches) panels.close(); // the panel covers half of a phone's map
      layer.open(id);
    },
  });
  layer = new IncidentLayer(map, {
    onHover: (id, on) => list.highlight(id, on),
    onOpen: (id, on) => list.select(id, on),
  });

  // Beyond LIMIT incidents in view, the map draws them from the vector
  // tiles instead of one marker each.
  const density = new DensityLayer();
  density.on('incident', async ({ id, latlng }) => {
    try {
      const f = await getJSON(`collections/incidents/items/${encodeURIComponent(id)}`);
      L.popup(popupOptions()).setLatLng(latlng).setContent(incidentPopup(f)).openOn(map);
    } catch (err) {
      status.textContent = `Could not load the incident: ${err.message}`;
      status.classList.add('im-error');
    }
  });
  let dense = false;

  const timeline = new Timeline($('#timeline'), {
    onPeriod: ({ from, to }) => {
      filters = { ...filters, from, to };
      if (!from) delete filters.from;
      if (!to) delete filters.to;
      form.set(filters);
      apply();
    },
  });

  const form = new Filters($('#filters'), (f) => {
    filters = f;
    apply();
  });
  const markType = addLegend(map, (type) => {
    filters = { ...filters, type };
    if (!type) delete filters.type;
    form.set(filters);
    apply();
  });
  form.set(filters);
  markType(filters.type ?? '');

  const writer = new Writer(tokenPrompt($('#token-dialog')));
  const badge = $('#unplaced-count');
  const unplaced = new UnplacedPanel($('#panel-unplaced'), map, writer, {
    onSaved: () => reload(true),
    onCount: (n) => {
      badge.textContent = n ? formatCount(n) : '';
      badge.hidden = !n;
    },
  });
  new PastePanel($('#panel-paste'), map, writer, { onSaved: () => reload(true) });
  const sources = new SourcesPanel($('#panel-sources'), writer);
  const panels = new Panels($('#toolbar'), $('#sidebar'), (name) => {
    if (name !== 'unplaced') unplaced.cancel(); // placing mode belongs to its panel
    if (name === 'sources') sources.show();
    else sources.hide();
    map.invalidateSize();
    writeHash();
    if (name === 'unplaced') unplaced.refresh();
  });

  function writeHash() {
    const c = map.getCenter();
    const hash = formatState({ view: { zoom: map.getZoom(), lat: c.lat, lon: c.lng }, filters, panel: panels.current });
    history.replaceState(null, '', `#${hash}`);
  }

  let loads = 0;
  let last = { matched: 0, shown: 0 };
  let inView = 0;
  async function reload(force = false) {
    const seq = ++loads;
    status.textContent = 'Loading incidents…';
    status.classList.remove('im-error');
    try {
      // The histogram of the view says how many incidents it holds: too
      // many for markers, and the tiles draw them.
      const hist = await timeline.load(filters, viewBBox(), { force });
      if (seq !== loads) return;
      timeline.setPeriod(filters);
      inView = hist ? countInPeriod(hist, filters) : 0;
      if (hist && inView > LIMIT) {
        showDensity();
        return;
      }
      if (dense) {
        map.removeLayer(density);
        dense = false;
      }
      last = await layer.load(filters, { force });
      if (seq === loads) renderList();
    } catch (err) {
      if (err.name === 'AbortError' || seq !== loads) return;
      if (err.status === 401 && !writer.token() && (await writer.login())) {
        unplaced.refresh();
        return reload(true);
      }
      status.textContent = `Could not load the incidents: ${err.message}`;
      status.classList.add('im-error');
    }
  }

  function showDensity() {
    layer.clear();
    density.setFilters(filters);
    if (!dense) {
      density.addTo(map);
      dense = true;
    }
    list.render([]);
    status.textContent = `${formatCount(inView)} incidents in view: too many to draw one by one, so the map shows them as clusters with their count. Zoom in, or choose a shorter period on the time chart under the map, to see each one here.`;
    document.body.dataset.mode = 'density';
  }

  // viewBBox is the view's box, within the world's bounds.
  function viewBBox() {
    const b = map.getBounds();
    const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)];
  }

  function renderList() {
    document.body.dataset.mode = 'markers';
    const inView = layer.inView(map.getBounds());
    const left = list.render(inView);
    form.suggestActors(layer.features());
    let text = `${countNoun(inView.length, 'incident')} in view`;
    if (left) text += ` (the newest ${formatCount(inView.length - left)} listed)`;
    if (last.matched > last.shown) {
      text += `. The map holds the ${formatCount(LIMIT)} newest of ${formatCount(last.matched)} around the view: zoom in or narrow the filters to see them all.`;
    } else {
      timeline.setCount(inView.length);
    }
    status.textContent = text;
  }

  function apply() {
    markType(filters.type ?? '');
    writeHash();
    reload();
  }

  map.on('moveend', () => {
    writeHash();
    reload();
  });
  window.addEventListener('hashchange', () => {
    const s = parseState(location.hash);
    filters = s.filters;
    form.set(filters);
    if (s.panel !== panels.current) s.panel ? panels.open(s.panel) : panels.close();
    if (s.view) map.setView([s.view.lat, s.view.lon], s.view.zoom); // moveend reloads
    apply();
  });

  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('dialog[open]')) return;
    if (unplaced.cancel()) return;
    if (document.querySelector('.leaflet-popup')) {
      map.closePopup();
      return;
    }
    panels.close();
  });

  const download = $('#download');
  download.addEventListener('click', async () => {
    const bbox = viewBBox();
    download.disabled = true;
    try {
      const fc = await fetchSelection(filters, bbox, (got, total) => {
        status.textContent = `Downloading ${formatCount(got)} of ${formatCount(total)}…`;
      });
      saveFile(`incidents-${new Date().toISOString().slice(0, 10)}.geojson`, JSON.stringify(fc), 'application/geo+json');
      status.textContent = `Downloaded ${countNoun(fc.features.length, 'incident')}.`;
    } catch (err) {
      status.textContent = `Download failed: ${err.message}`;
      status.classList.add('im-error');
    } finally {
      download.disabled = false;
    }
  });

  panels.set(initial.panel ?? (narrow.matches ? null : 'incidents'));
  if (panels.current !== 'unplaced') unplaced.refresh(); // for the badge
  await reload();
  // New incidents (from followed outlets, other users, the CLI) appear
  // without a reload of the page.
  watchChanges(() => {
    reload(true);
    if (panels.current === 'sources') sources.refresh();
  });
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  console.error(err);
  const n = document.getElementById('map-notice');
  if (n) {
    n.textContent = `The map could not start: ${err.message}`;
    n.hidden = false;
  }
});
