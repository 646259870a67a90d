// Downloading the current selection (the filters, within the view) as
// one GeoJSON file, every page of it.

import { getJSON } from './api.js';
import { itemsQuery } from './state.js';

const PAGE = 10000; // the API's largest page
const MAX_FEATURES = 200000; // beyond this, narrow the selection

/**
 * fetchSelection returns the FeatureCollection of every incident matching
 * filters inside bbox ([w, s, e, n]); onProgress(got, total) follows it.
 */
export async function fetchSelection(filters, bbox, onProgress) {
  const features = [];
  let attribution;
  let total = Infinity;
  for (let offset = 0; offset < total && offset < MAX_FEATURES; offset += PAGE) {
    const q = itemsQuery(filters, { bbox: bbox.map((x) => x.toFixed(5)).join(','), limit: PAGE, offset: offset || null });
    const fc = await getJSON(`collections/incidents/items?${q}`);
    features.push(...(fc.features ?? []));
    attribution = fc.attribution;
    total = fc.numberMatched ?? features.length;
    onProgress?.(features.length, total);
    if (!fc.features?.length) break;
  }
  return { type: 'FeatureCollection', attribution, features };
}

/** saveFile offers data to the browser as a download named name. */
export function saveFile(name, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
