// Small DOM helpers. Text from the data (articles, names, actors) only
// ever reaches the page as text nodes or attribute values: never as
// markup.

/**
 * h builds an element: h('a', {href: u, class: 'x'}, 'text', child).
 * Attributes named on* become event listeners; null, undefined and false
 * attributes and children are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** append adds children (nodes, strings, numbers, nested arrays) to el. */
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** clear removes every child of el. */
export function clear(el) {
  el.replaceChildren();
  return el;
}

/** safeURL returns u if it is an http(s) URL, else null, so that a link
 * from an article can never run script. */
export function safeURL(u) {
  if (!u) return null;
  try {
    const url = new URL(u, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** ARABIC tells whether a string holds Arabic script. */
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

/** isArabic reports whether s contains Arabic letters. */
export function isArabic(s) {
  return ARABIC.test(s ?? '');
}

/** langAttrs are the dir and lang attributes of an element holding text:
 * right-to-left Arabic when it is Arabic. */
export function langAttrs(text) {
  const ar = isArabic(text);
  return { dir: ar ? 'rtl' : 'auto', lang: ar ? 'ar' : null };
}

/** textBlock is an element holding text, right-to-left when it is Arabic. */
export function textBlock(tag, text, attrs = {}) {
  return h(tag, { ...attrs, ...langAttrs(text) }, text);
}

/**
 * marked renders text into el with the given ranges (in UTF-16 indices,
 * sorted, not overlapping) wrapped in <mark>.
 */
export function marked(el, text, ranges, markAttrs) {
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end <= start) continue;
    el.append(text.slice(at, start), h('mark', markAttrs, text.slice(start, end)));
    at = end;
  }
  el.append(text.slice(at));
  return el;
}

/**
 * codePointRanges turns ranges in Unicode code points (the API's offsets)
 * into UTF-16 indices of text.
 */
export function codePointRanges(text, ranges) {
  const idx = [];
  let i = 0;
  for (const ch of text) {
    idx.push(i);
    i += ch.length;
  }
  idx.push(i);
  const at = (cp) => idx[Math.max(0, Math.min(cp, idx.length - 1))];
  return ranges.map(([s, e]) => [at(s), at(e)]);
}

/** debounce calls fn once calls have stopped for ms milliseconds. */
export function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

/** formatCount writes a number with thousands separators. */
export function formatCount(n) {
  return Number(n).toLocaleString('en-US');
}

/** countNoun writes a count and its noun, singular for one: "1 incident", "1,200 incidents". */
export function countNoun(n, noun) {
  return `${formatCount(n)} ${noun}${Number(n) === 1 ? '' : 's'}`;
}

/** shortCount writes a count in at most four characters: 950, 1.2k, 12k, 1.5M. */
export function shortCount(n) {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(Math.floor(n / 100) / 10).toFixed(1).replace(/\.0$/, '')}k`;
  if (n < 1_000_000) return `${Math.floor(n / 1000)}k`;
  return `${(Math.floor(n / 100_000) / 10).toFixed(1).replace(/\.0$/, '')}M`;
}
