// The incident types the extractor produces (ACLED's taxonomy), each with
// a colour and a shape, so that a type can be told apart without colour
// vision too.

/** Event types, with the sub-event types under each. */
export const EVENT_TYPES = [
  { event: 'Explosions/Remote violence', subs: ['Air/drone strike', 'Shelling/artillery/missile attack', 'Remote explosive/landmine/IED'] },
  { event: 'Battles', subs: ['Armed clash'] },
  { event: 'Violence against civilians', subs: ['Attack'] },
  { event: 'Strategic developments', subs: ['Disrupted weapons use', 'Headquarters or base established', 'Looting/property destruction', 'Other'] },
];

/** How each sub-event type is drawn; UNKNOWN for anything else. */
export const STYLES = {
  'Air/drone strike': { color: '#c62828', shape: 'triangle' },
  'Shelling/artillery/missile attack': { color: '#ef6c00', shape: 'diamond' },
  'Remote explosive/landmine/IED': { color: '#6d4c41', shape: 'star' },
  'Armed clash': { color: '#6a1b9a', shape: 'square' },
  Attack: { color: '#ad1457', shape: 'circle' },
  'Disrupted weapons use': { color: '#00838f', shape: 'ring' },
  'Headquarters or base established': { color: '#2e7d32', shape: 'pentagon' },
  'Looting/property destruction': { color: '#827717', shape: 'cross' },
  Other: { color: '#546e7a', shape: 'hexagon' },
};

const UNKNOWN = { color: '#757575', shape: 'ring' };

/** styleOf returns the colour and shape of a sub-event type. */
export function styleOf(sub) {
  return STYLES[sub] ?? UNKNOWN;
}

// Shapes on a 20×20 grid; ring is a hollow circle.
const SHAPES = {
  circle: '<circle cx="10" cy="10" r="7"/>',
  ring: '<circle cx="10" cy="10" r="6" fill="#fff" stroke-width="3.5"/>',
  square: '<rect x="3.5" y="3.5" width="13" height="13"/>',
  triangle: '<path d="M10 1.8 18.6 17.2H1.4z"/>',
  diamond: '<path d="M10 1 19 10 10 19 1 10z"/>',
  star: '<path d="M10 .8l2.7 6 6.5.6-4.9 4.3 1.4 6.4L10 14.8l-5.7 3.3 1.4-6.4L.8 7.4l6.5-.6z"/>',
  pentagon: '<path d="M10 1.5 18.5 7.7 15.3 17.8H4.7L1.5 7.7z"/>',
  hexagon: '<path d="M10 1.3 17.5 5.6V14.4L10 18.7 2.5 14.4V5.6z"/>',
  cross: '<path d="M4.5 1.7 10 7.2l5.5-5.5 2.8 2.8L12.8 10l5.5 5.5-2.8 2.8L10 12.8l-5.5 5.5-2.8-2.8L7.2 10 1.7 4.5z"/>',
};

/**
 * symbolSVG is the SVG markup of a type's symbol. It is built only from
 * the constant tables above, never from data, so it is safe as markup.
 */
export function symbolSVG(sub, size = 18) {
  const { color, shape } = styleOf(sub);
  const body = SHAPES[shape].replace('fill="#fff"', `fill="#fff" stroke="${color}"`);
  const stroke = shape === 'ring' ? '' : ' stroke="#fff" stroke-width="1.4"';
  return `<svg class="im-symbol" width="${size}" height="${size}" viewBox="0 0 20 20" aria-hidden="true" focusable="false" fill="${color}"${stroke}>${body}</svg>`;
}

/** symbolElement is symbolSVG as a DOM element. */
export function symbolElement(sub, size = 18) {
  const t = document.createElement('template');
  t.innerHTML = symbolSVG(sub, size); // constant markup, see symbolSVG
  return t.content.firstChild;
}

/** The meaning of ACLED's precision codes, as shown to the analyst. */
export const DATE_PRECISION = { 1: 'exact day', 2: 'within a week', 3: 'within a month' };
export const GEO_PRECISION = { 1: 'the place itself', 2: 'near the place', 3: 'province or wider' };
