// The incidents on the map: clustered markers, shaped and coloured by
// sub-event type, loaded for the area in view only (the bounding box of
// the view, padded, with a cap on how many one view loads) so that tens
// of thousands of stored incidents stay smooth.

import L from 'leaflet';
import 'leaflet.markercluster';
import { getJSON } from './api.js';
import { incidentPopup } from './popup.js';
import { itemsQuery } from './state.js';
import { symbolSVG } from './types.js';

/** LIMIT is the most incidents one view loads; the API's maximum page is 10000. */
export const LIMIT = 5000;

const ICON_SIZE = 18;

/**
 * IncidentLayer keeps one marker per incident of the current view, and
 * tells its listeners when one is hovered or opened.
 */
export class IncidentLayer {
  constructor(map, { onHover, onOpen } = {}) {
    this.map = map;
    this.onHover = onHover;
    this.onOpen = onOpen;
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      spiderfyOnMaxZoom: true,
    }).addTo(map);
    this.markers = new Map(); // id → marker
    this.icons = new Map(); // sub-event type → icon
    this.loaded = null; // {query, bbox, complete} of the markers shown
    this.abort = null;
    this.highlighted = null;
  }

  /** features are the incidents loaded, as GeoJSON features. */
  features() {
    return [...this.markers.values()].map((m) => m.feature);
  }

  /** inView are the loaded incidents inside bounds. */
  inView(bounds) {
    return this.features().filter((f) => bounds.contains(L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0])));
  }

  /**
   * load shows the incidents matching filters around the view. It answers
   * {matched, shown, skipped}; skipped is true when what is shown already
   * covered the view. A load started later aborts this one.
   */
  async load(filters, { force = false } = {}) {
    const query = itemsQuery(filters);
    const view = this.map.getBounds();
    const l = this.loaded;
    if (!force && l && l.query === query && l.complete && l.bounds.contains(view)) {
      return { matched: l.matched, shown: this.markers.size, skipped: true };
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const bounds = clampBounds(view.pad(0.25));
    const bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((x) => x.toFixed(5)).join(',');
    const fc = await getJSON(`collections/incidents/items?${itemsQuery(filters, { bbox, limit: LIMIT })}`, { signal: abort.signal });
    if (abort.signal.aborted) throw new DOMException('superseded', 'AbortError');
    this.show(fc.features ?? []);
    const matched = fc.numberMatched ?? this.markers.size;
    this.loaded = { query, bounds, matched, complete: matched <= this.markers.size };
    return { matched, shown: this.markers.size, skipped: false };
  }

  /** clear removes every marker (while the density layer draws the view). */
  clear() {
    this.abort?.abort();
    this.abort = null;
    this.cluster.clearLayers();
    this.markers.clear();
    this.loaded = null;
    this.highlighted = null;
  }

  // show replaces the markers by those of features, keeping the markers
  // of incidents that did not change.
  show(features) {
    const next = new Map();
    for (const f of features) {
      const id = String(f.id ?? f.properties?.id ?? '');
      if (id && f.geometry?.type === 'Point') next.set(id, f);
    }
    const stale = [];
    for (const [id, m] of this.markers) {
      const f = next.get(id);
      if (f && JSON.stringify(f) === m.featureJSON) {
        next.delete(id);
      } else {
        stale.push(m);
        this.markers.delete(id);
      }
    }
    this.cluster.removeLayers(stale);
    const fresh = [];
    for (const [id, f] of next) {
      const m = this.marker(id, f);
      this.markers.set(id, m);
      fresh.push(m);
    }
    this.cluster.addLayers(fresh);
  }

  marker(id, f) {
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties ?? {};
    const label = [p.sub_event_type || 'Incident', p.place_name_ar || p.place || p.place_name, p.date].filter(Boolean).join(', ');
    const m = L.marker([lat, lon], { icon: this.icon(p.sub_event_type), title: label, alt: label, keyboard: true, riseOnHover: true });
    m.feature = f;
    m.featureJSON = JSON.stringify(f);
    m.incidentID = id;
    m.bindPopup(() => incidentPopup(f), popupOptions());
    m.on('mouseover', () => this.onHover?.(id, true));
    m.on('mouseout', () => this.onHover?.(id, false));
    m.on('popupopen', () => this.onOpen?.(id, true));
    m.on('popupclose', () => this.onOpen?.(id, false));
    return m;
  }

  icon(sub) {
    let icon = this.icons.get(sub ?? '');
    if (!icon) {
      icon = L.divIcon({
        html: symbolSVG(sub, ICON_SIZE), // constant markup, see types.js
        className: 'im-marker',
        iconSize: [ICON_SIZE, ICON_SIZE],
        iconAnchor: [ICON_SIZE / 2, ICON_SIZE / 2],
        popupAnchor: [0, -ICON_SIZE / 2],
      });
      this.icons.set(sub ?? '', icon);
    }
    return icon;
  }

  /** highlight marks the marker of id, or the cluster that holds it. */
  highlight(id, on) {
    if (this.highlighted) this.highlighted.classList.remove('is-highlighted');
    this.highlighted = null;
    const m = this.markers.get(id);
    if (!on || !m) return;
    const shown = this.cluster.getVisibleParent(m);
    const el = shown?.getElement?.();
    if (el) {
      el.classList.add('is-highlighted');
      this.highlighted = el;
    }
  }

  /** open zooms to the incident's marker out of its cluster and opens its popup. */
  open(id) {
    const m = this.markers.get(id);
    if (!m) return;
    this.cluster.zoomToShowLayer(m, () => m.openPopup());
  }
}

/** popupOptions are the options of an incident's popup: it fits a
 * phone's screen, and its height is capped by the CSS (app.css) so that
 * its marker stays in view under it. */
export function popupOptions() {
  const width = Math.min(380, window.innerWidth - 60);
  return { maxWidth: width, minWidth: Math.min(260, width), autoPanPadding: [20, 20], autoPanPaddingTopLeft: [20, 64], className: 'im-popup' };
}

function clampBounds(b) {
  const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));
  return L.latLngBounds(
    [clamp(b.getSouth(), -90, 90), clamp(b.getWest(), -180, 180)],
    [clamp(b.getNorth(), -90, 90), clamp(b.getEast(), -180, 180)],
  );
}
