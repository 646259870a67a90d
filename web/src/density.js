// The incidents as density when too many are in view to draw one by one:
// the server's vector tiles (/tiles/incidents/{z}/{x}/{y}.mvt), whose
// low zooms and dense tiles hold grid clusters with their count, drawn
// as circles sized by count and coloured by their commonest type, on
// one canvas. A click on a cluster zooms in; on a lone incident, opens
// it. Tiles are decoded with @mapbox/vector-tile: Leaflet.VectorGrid, the
// usual plugin, calls L.DomEvent.fakeStop, which Leaflet 1.8 removed, on
// every click, and cannot label a circle with its count.

import { VectorTile } from '@mapbox/vector-tile';
import L from 'leaflet';
import { PbfReader } from 'pbf';
import { getBytes } from './api.js';
import { formatCount, h, shortCount } from './dom.js';
import { itemsQuery } from './state.js';
import { styleOf } from './types.js';

/** The deepest zoom the server draws tiles for (server.MaxZoom). */
const MAX_TILE_ZOOM = 16;

/** radiusOf is the radius in pixels of a circle standing for count incidents. */
export function radiusOf(count) {
  return count <= 1 ? 5 : Math.min(20, 5 + 3 * Math.log10(count));
}

// LabelledCanvas is Leaflet's canvas renderer that also writes a circle's
// label option (its count) over it.
const LabelledCanvas = L.Canvas.extend({
  _updateCircle(layer) {
    L.Canvas.prototype._updateCircle.call(this, layer);
    const label = layer.options.label;
    if (!label || !this._drawing || layer._empty()) return;
    const ctx = this._ctx;
    const p = layer._point;
    ctx.save();
    ctx.font = `600 ${label.length > 3 ? 10 : 11}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
    ctx.strokeText(label, p.x, p.y + 0.5);
    ctx.fillStyle = '#fff';
    ctx.fillText(label, p.x, p.y + 0.5);
    ctx.restore();
  },
});

/**
 * DensityLayer draws the incidents matching the filters from the vector
 * tiles. It fires 'incident' ({id, latlng}) when a lone incident is
 * clicked.
 */
export const DensityLayer = L.GridLayer.extend({
  options: { tileSize: 256, maxNativeZoom: MAX_TILE_ZOOM, updateWhenZooming: false, keepBuffer: 1, className: 'im-density' },

  initialize(options) {
    L.GridLayer.prototype.initialize.call(this, options);
    this.query = '';
    this.renderer = new LabelledCanvas({ padding: 0.2, pane: 'overlayPane' });
    this.group = L.featureGroup();
    this.tiles = new Map(); // tile key → {z, abort, layers}
    this.loaded = 0;
  },

  /** setFilters draws the incidents of filters; it redraws when they change. */
  setFilters(filters) {
    const q = itemsQuery(filters);
    if (q === this.query) return;
    this.query = q;
    if (this._map) this.redraw();
  },

  onAdd(map) {
    this.group.addTo(map);
    L.GridLayer.prototype.onAdd.call(this, map);
    this.on('tileunload', this.dropTile, this);
    map.on('zoomend', this.hideOtherZooms, this);
  },

  onRemove(map) {
    map.off('zoomend', this.hideOtherZooms, this);
    this.off('tileunload', this.dropTile, this);
    L.GridLayer.prototype.onRemove.call(this, map);
    for (const t of this.tiles.values()) t.abort.abort();
    this.tiles.clear();
    this.group.clearLayers();
    this.group.remove();
    this.renderer.remove();
  },

  redraw() {
    for (const t of this.tiles.values()) t.abort.abort();
    this.tiles.clear();
    this.group.clearLayers();
    return L.GridLayer.prototype.redraw.call(this);
  },

  createTile(coords, done) {
    const el = document.createElement('div');
    const key = this._tileCoordsToKey(coords);
    const abort = new AbortController();
    const entry = { z: coords.z, abort, layers: [] };
    this.tiles.get(key)?.abort.abort();
    this.tiles.set(key, entry);
    const w = this._wrapCoords(coords);
    const url = `tiles/incidents/${w.z}/${w.x}/${w.y}.mvt${this.query ? `?${this.query}` : ''}`;
    getBytes(url, { signal: abort.signal })
      .then((buf) => {
        if (abort.signal.aborted || this.tiles.get(key) !== entry) return;
        entry.layers = this.drawTile(buf, w, (coords.x - w.x) * (360 / 2 ** coords.z));
        this.loaded++;
        done(null, el);
      })
      .catch((err) => {
        if (err.name !== 'AbortError') done(err, el);
      });
    return el;
  },

  // drawTile adds the features of a tile (at wrapped coordinates w) to
  // the map, shifted by shift degrees of longitude into the world copy
  // shown; it returns their layers.
  drawTile(buf, w, shift) {
    const layer = new VectorTile(new PbfReader(buf)).layers.incidents;
    const out = [];
    if (!layer) return out;
    const features = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      const g = f.toGeoJSON(w.x, w.y, w.z).geometry;
      if (g.type !== 'Point') continue;
      features.push({ p: f.properties, lon: g.coordinates[0] + shift, lat: g.coordinates[1] });
    }
    // The biggest first, so that the small ones stay visible on top.
    features.sort((a, b) => (b.p.count ?? 1) - (a.p.count ?? 1));
    for (const { p, lon, lat } of features) {
      const count = Number(p.count ?? 1);
      const one = !p.cluster;
      const m = L.circleMarker([lat, lon], {
        renderer: this.renderer,
        radius: radiusOf(count),
        color: '#fff',
        weight: 1.5,
        fillColor: styleOf(p.sub_event_type).color,
        fillOpacity: one ? 0.95 : 0.78,
        label: one || count < 10 ? '' : shortCount(count),
        bubblingMouseEvents: false,
      });
      m.bindTooltip(() => describe(p, count), { direction: 'top', offset: [0, -radiusOf(count)], className: 'im-density-tip' });
      m.on('click', (e) => {
        if (one && p.id != null) this.fire('incident', { id: String(p.id), latlng: e.latlng });
        else this._map.setView(e.latlng, Math.min(this._map.getZoom() + 2, this._map.getMaxZoom()));
      });
      this.group.addLayer(m);
      out.push(m);
    }
    return out;
  },

  dropTile(e) {
    const key = this._tileCoordsToKey(e.coords);
    const t = this.tiles.get(key);
    if (!t) return;
    t.abort.abort();
    for (const m of t.layers) this.group.removeLayer(m);
    this.tiles.delete(key);
  },

  // hideOtherZooms removes the circles of the tiles of other zooms, which
  // Leaflet keeps until the new zoom's tiles are in.
  hideOtherZooms() {
    const z = this._tileZoom;
    for (const t of this.tiles.values()) {
      if (t.z === z) continue;
      for (const m of t.layers) this.group.removeLayer(m);
      t.layers = [];
    }
  },

  /** circles is how many circles are drawn. */
  circles() {
    return this.group.getLayers().length;
  },
});

// describe is a circle's tooltip, as text nodes: names come from the data.
function describe(p, count) {
  const type = p.sub_event_type || 'Incident';
  if (!p.cluster) {
    const place = p.place_name || p.place_name_ar || p.place || '';
    return h('span', null, `${[type, place, p.date].filter(Boolean).join(', ')}. Click for details.`);
  }
  return h('span', null, `${formatCount(count)} incidents, most of them ${type}. Click to zoom in.`);
}
