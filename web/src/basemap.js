// What lies under the incidents: the configured raster basemap, over
// country outlines from Natural Earth that ship with the page, so that
// the map still reads without network (the tiles, when they load, cover
// the outlines).

import L from 'leaflet';
import { feature, mesh } from 'topojson-client';
import countriesPath from 'world-atlas/countries-50m.json'; // a file next to the bundle, see build.mjs

/** Credits for the data the page shows, whatever the basemap. */
const DATA_ATTRIBUTION =
  'Places © <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0), ' +
  '<a href="https://whosonfirst.org/">Who\'s On First</a>, ' +
  '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors (ODbL) and ' +
  '<a href="https://data.humdata.org/">OCHA</a> (CC BY-IGO)';
const OUTLINES_ATTRIBUTION = 'Outlines: <a href="https://www.naturalearthdata.com/">Natural Earth</a>';

// Tile errors before any tile loads after which the basemap is taken to
// be unreachable.
const ERRORS_BEFORE_FALLBACK = 4;

function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * addBasemap puts the outlines and the basemap of cfg ({url, attribution})
 * on map, with a layer switch, and calls onFallback(message) when the
 * basemap cannot be reached and the outlines alone are shown.
 */
export function addBasemap(map, cfg, onFallback) {
  map.attributionControl.addAttribution(DATA_ATTRIBUTION);
  const pane = map.createPane('outlines');
  pane.style.zIndex = '150'; // under the tiles (200)
  pane.style.pointerEvents = 'none';
  const outlines = L.layerGroup([], { pane: 'outlines', attribution: OUTLINES_ATTRIBUTION }).addTo(map);
  loadOutlines(outlines);

  const offline = L.layerGroup();
  const bases = {};
  const url = cfg?.url ?? '';
  if (url.includes('{z}')) {
    const tiles = L.tileLayer(url, {
      attribution: escapeHTML(cfg.attribution ?? ''),
      maxZoom: 19,
      crossOrigin: false,
    });
    let loaded = 0;
    let errors = 0;
    tiles.on('tileload', () => loaded++);
    tiles.on('tileerror', () => {
      errors++;
      if (loaded === 0 && errors === ERRORS_BEFORE_FALLBACK && map.hasLayer(tiles)) {
        map.removeLayer(tiles);
        offline.addTo(map);
        onFallback?.('The basemap could not be reached: country outlines are shown instead.');
      }
    });
    tiles.addTo(map);
    bases['Basemap'] = tiles;
  } else {
    offline.addTo(map);
  }
  bases['Country outlines only (offline)'] = offline;
  return L.control.layers(bases, {}, { position: 'topright' }).addTo(map);
}

async function loadOutlines(group) {
  try {
    const res = await fetch(new URL(countriesPath, import.meta.url));
    const topo = await res.json();
    const style = { pane: 'outlines', interactive: false };
    group.addLayer(L.geoJSON(feature(topo, topo.objects.land), {
      ...style, style: { stroke: false, fillColor: '#f4f1ea', fillOpacity: 1 },
    }));
    group.addLayer(L.geoJSON(mesh(topo, topo.objects.countries, (a, b) => a !== b), {
      ...style, style: { color: '#8d8d8d', weight: 1, fill: false },
    }));
  } catch (err) {
    console.warn('country outlines:', err);
  }
}
