// The legend: each sub-event type's symbol; choosing one filters the map
// to it, choosing it again shows every type.

import L from 'leaflet';
import { h } from './dom.js';
import { EVENT_TYPES, symbolElement } from './types.js';

/** LARGE_SCREEN is where the legend starts unfolded. */
export const LARGE_SCREEN = '(min-width: 1600px) and (min-height: 960px)';

/** addLegend adds the legend to map; onPick(type) receives the chosen type
 * ('' for all). It returns a function that marks the current type. */
export function addLegend(map, onPick) {
  const buttons = [];
  const control = L.control({ position: 'bottomright' });
  control.onAdd = () => {
    // Open it only where it leaves room: expanded, it covers markers on
    // a laptop's screen (1366×800), so small and medium screens get it
    // folded.
    const open = window.matchMedia(LARGE_SCREEN).matches;
    const list = h('ul', null, EVENT_TYPES.flatMap(({ subs }) => subs).map((sub) => {
      const b = h('button', { type: 'button', 'aria-pressed': 'false', 'data-type': sub, title: `Show only: ${sub}` },
        symbolElement(sub, 16), h('span', null, sub));
      b.addEventListener('click', () => onPick(b.getAttribute('aria-pressed') === 'true' ? '' : sub));
      buttons.push(b);
      return h('li', null, b);
    }));
    const box = h('details', { class: 'im-legend leaflet-bar', open }, h('summary', null, 'Legend'), list);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  control.addTo(map);
  return (type) => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.type === type));
  };
}
