// The time chart under the map: how many incidents in view (with the
// type, actor and text filters, whatever the dates) fall in each day,
// week or month, from GET /collections/incidents/histogram, with a brush
// to choose the period: drag across the chart, drag the selection or its
// edges, click a bar for its day, week or month; by keyboard, the arrow
// keys move the period by one bar, Shift with them moves its end, Delete
// clears it. The period is the from/to filter, so the form and the URL
// follow it.

import { getJSON } from './api.js';
import { countNoun, formatCount } from './dom.js';

const DAY_MS = 86_400_000;
const SVG = 'http://www.w3.org/2000/svg';

/** dayNumber counts days from 1970-01-01 to a YYYY-MM-DD date. */
export function dayNumber(s) {
  return Math.floor(Date.parse(`${s}T00:00:00Z`) / DAY_MS);
}

/** dayString is the YYYY-MM-DD of a day number. */
export function dayString(n) {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** histogramQuery is the query of the histogram of the filters in bbox:
 * every filter but the dates, which the chart shows and chooses. */
export function histogramQuery(filters, bbox) {
  const p = new URLSearchParams();
  if (bbox) p.set('bbox', bbox.map((x) => x.toFixed(5)).join(','));
  for (const k of ['type', 'actor', 'q']) if (filters[k]) p.set(k, filters[k]);
  return p.toString();
}

/** bins are a histogram's bins as day numbers: [{start, end, count}]. */
export function binsOf(hist) {
  return (hist?.bins ?? []).map((b) => ({ start: dayNumber(b.start), end: dayNumber(b.end), count: b.count }));
}

/**
 * countInPeriod estimates how many incidents of the histogram fall within
 * the period {from, to} (dates, either open): exact with day bins, and
 * pro rata for the bins the period cuts. Without a period it is every
 * incident, the undated ones included.
 */
export function countInPeriod(hist, { from, to } = {}) {
  if (!hist) return 0;
  if (!from && !to) return hist.numberMatched ?? 0;
  const lo = from ? dayNumber(from) : -Infinity;
  const hi = to ? dayNumber(to) : Infinity;
  let n = 0;
  for (const b of binsOf(hist)) {
    const s = Math.max(b.start, lo);
    const e = Math.min(b.end, hi);
    if (e >= s) n += (b.count * (e - s + 1)) / (b.end - b.start + 1);
  }
  return Math.round(n);
}

/** snapPeriod widens the days d0..d1 (either order) to whole bins of
 * the histogram; days outside its bins stay as they are. */
export function snapPeriod(bins, d0, d1) {
  let lo = Math.min(d0, d1);
  let hi = Math.max(d0, d1);
  for (const b of bins) {
    if (b.start <= lo && lo <= b.end) lo = b.start;
    if (b.start <= hi && hi <= b.end) hi = b.end;
  }
  return { from: dayString(lo), to: dayString(hi) };
}

/** ticks chooses the axis labels of the days [d0, d1) over width pixels:
 * years, quarters, months or weeks, at least 64 pixels apart. */
export function ticks(d0, d1, width) {
  const span = Math.max(1, d1 - d0);
  const most = Math.max(1, Math.floor(width / 64));
  const out = [];
  const start = new Date(d0 * DAY_MS);
  const months = [1, 3, 6, 12, 24, 60].find((m) => (span / 30.44) / m <= most);
  if (months && span > 45) {
    const m0 = start.getUTCFullYear() * 12 + start.getUTCMonth();
    for (let m = Math.ceil(m0 / months) * months; ; m += months) {
      const d = Math.floor(Date.UTC(Math.floor(m / 12), m % 12, 1) / DAY_MS);
      if (d >= d1) break;
      if (d < d0) continue;
      const y = Math.floor(m / 12);
      const label = months >= 12 ? String(y) : m % 12 === 0 ? String(y) : new Date(d * DAY_MS).toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
      out.push({ day: d, label });
    }
    return out;
  }
  const step = [1, 2, 7, 14].find((s) => span / s <= most) ?? 28;
  for (let d = step >= 7 ? d0 + ((7 - (((d0 + 3) % 7) + 7) % 7) % 7) : d0; d < d1; d += step) { // weeks from Monday (day 0 was a Thursday)
    out.push({ day: d, label: new Date(d * DAY_MS).toLocaleString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }) });
  }
  return out;
}

function el(tag, attrs = {}) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

const PAD = { left: 6, right: 6, top: 4, bottom: 16 };

/**
 * Timeline draws the histogram into root (#timeline) and calls
 * onPeriod({from, to}) when the analyst chooses a period ({} for all
 * dates).
 */
export class Timeline {
  constructor(root, { onPeriod }) {
    this.root = root;
    this.svg = root.querySelector('svg');
    this.info = root.querySelector('.im-timeline-info');
    this.clearButton = root.querySelector('[data-action=clear-period]');
    this.onPeriod = onPeriod;
    this.hist = null;
    this.bins = [];
    this.period = {};
    this.draft = null; // the period being dragged
    this.exact = null; // the count in the period when the map knows it
    this.key = null;
    this.abort = null;
    this.clearButton.addEventListener('click', () => this.choose({}));
    this.svg.addEventListener('pointerdown', (e) => this.pointerDown(e));
    this.svg.addEventListener('keydown', (e) => this.key_(e));
    new ResizeObserver(() => this.render()).observe(this.svg);
  }

  /**
   * load fetches the histogram of filters in bbox (unless it is the one
   * shown) and draws it; it resolves to the histogram, or null when the
   * server cannot give one. A later load aborts this one.
   */
  async load(filters, bbox, { force = false } = {}) {
    const key = histogramQuery(filters, bbox);
    if (!force && key === this.key && this.hist) return this.hist;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.root.classList.add('is-loading');
    try {
      const hist = await getJSON(`collections/incidents/histogram?${key}`, { signal: abort.signal });
      if (abort.signal.aborted) throw new DOMException('superseded', 'AbortError');
      this.hist = hist;
      this.bins = binsOf(hist);
      this.key = key;
      this.render();
      return hist;
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      this.hist = null;
      this.bins = [];
      this.key = null;
      this.render();
      this.info.textContent = `The time chart is not available: ${err.message}`;
      return null;
    } finally {
      if (this.abort === abort) this.root.classList.remove('is-loading');
    }
  }

  /** setPeriod shows the period {from, to} of the filters. */
  setPeriod({ from, to } = {}) {
    this.period = { from, to };
    this.exact = null;
    this.render();
  }

  /** setCount gives the exact number of incidents in view in the
   * period, when the map has them all, in place of the estimate from
   * bins wider than the period. */
  setCount(n) {
    this.exact = n;
    this.describe();
  }

  choose(period) {
    const p = { from: period.from || undefined, to: period.to || undefined };
    if (p.from === this.period.from && p.to === this.period.to) return;
    this.period = p;
    this.render();
    this.onPeriod(p);
  }

  // The chart's geometry: days [d0, d1) over the plot's pixels.
  frame() {
    const w = this.svg.clientWidth;
    const h = this.svg.clientHeight;
    const b = this.bins;
    const d0 = b.length ? b[0].start : 0;
    const d1 = b.length ? b[b.length - 1].end + 1 : 1;
    const plotW = Math.max(1, w - PAD.left - PAD.right);
    const x = (d) => PAD.left + ((Math.min(Math.max(d, d0), d1) - d0) / (d1 - d0)) * plotW;
    const day = (px) => d0 + Math.floor(((px - PAD.left) / plotW) * (d1 - d0));
    return { w, h, d0, d1, x, day: (px) => Math.min(d1 - 1, Math.max(d0, day(px))) };
  }

  shownPeriod() {
    return this.draft ?? this.period;
  }

  render() {
    const svg = this.svg;
    svg.replaceChildren();
    const f = this.frame();
    if (!f.w || !f.h) return;
    svg.setAttribute('viewBox', `0 0 ${f.w} ${f.h}`);
    const p = this.shownPeriod();
    const lo = p.from ? dayNumber(p.from) : -Infinity;
    const hi = p.to ? dayNumber(p.to) : Infinity;
    const bottom = f.h - PAD.bottom;
    const top = PAD.top;
    const max = Math.max(1, ...this.bins.map((b) => b.count));
    const bars = el('g', { class: 'im-bars' });
    for (const b of this.bins) {
      const x0 = f.x(b.start);
      const x1 = f.x(b.end + 1);
      const hgt = b.count ? Math.max(1.5, ((bottom - top) * b.count) / max) : 0;
      const inside = b.end >= lo && b.start <= hi;
      const r = el('rect', {
        x: x0 + (x1 - x0 > 3 ? 0.5 : 0), y: bottom - hgt, width: Math.max(0.8, x1 - x0 - (x1 - x0 > 3 ? 1 : 0)), height: hgt,
        class: inside ? 'is-in' : 'is-out', 'data-start': dayString(b.start), 'data-count': b.count,
      });
      const t = el('title');
      t.textContent = `${binLabel(this.hist?.bin, b)}: ${countNoun(b.count, 'incident')}`;
      r.append(t);
      bars.append(r);
    }
    svg.append(el('rect', { class: 'im-brush-area', x: PAD.left, y: 0, width: Math.max(0, f.w - PAD.left - PAD.right), height: bottom }), bars);
    svg.append(el('line', { class: 'im-axis', x1: PAD.left, x2: f.w - PAD.right, y1: bottom + 0.5, y2: bottom + 0.5 }));
    const axis = el('g', { class: 'im-ticks' });
    if (this.bins.length) {
      for (const t of ticks(f.d0, f.d1, f.w)) {
        const x = f.x(t.day);
        axis.append(el('line', { x1: x, x2: x, y1: bottom, y2: bottom + 4 }));
        const label = el('text', { x: x + 2, y: f.h - 3 });
        label.textContent = t.label;
        axis.append(label);
      }
    }
    svg.append(axis);
    if ((p.from || p.to) && this.bins.length) {
      const x0 = f.x(p.from ? dayNumber(p.from) : f.d0);
      const x1 = f.x(p.to ? dayNumber(p.to) + 1 : f.d1);
      const sel = el('g', { class: 'im-selection' });
      sel.append(
        el('rect', { class: 'im-sel', x: x0, y: 0.5, width: Math.max(1, x1 - x0), height: bottom - 0.5, 'data-part': 'move' }),
        el('rect', { class: 'im-handle', x: x0 - 3, y: 0, width: 6, height: bottom, 'data-part': 'start' }),
        el('rect', { class: 'im-handle', x: x1 - 3, y: 0, width: 6, height: bottom, 'data-part': 'end' }),
      );
      svg.append(sel);
    }
    this.describe();
  }

  describe() {
    const h = this.hist;
    const p = this.shownPeriod();
    this.clearButton.hidden = !this.period.from && !this.period.to;
    if (!h) return;
    const all = h.numberMatched ?? 0;
    if (!this.bins.length) {
      this.info.textContent = all ? `${countNoun(all, 'undated incident')} in view.` : 'No incidents in view.';
      return;
    }
    const range = `${h.start} – ${h.end}`;
    if (p.from || p.to) {
      const exact = this.exact != null && !this.draft;
      const n = exact ? this.exact : countInPeriod(h, p);
      const approx = !exact && h.bin !== 'day' && !this.snapped(p) ? 'about ' : '';
      this.info.textContent = `${p.from ?? '…'} – ${p.to ?? '…'}: ${approx}${formatCount(n)} of ${countNoun(all, 'incident')} in view (by ${h.bin}, ${range}).`;
    } else {
      this.info.textContent = `${countNoun(all, 'incident')} in view, by ${h.bin}, ${range}${h.undated ? ` (${formatCount(h.undated)} undated)` : ''}. Drag across the chart to choose a period.`;
    }
  }

  // snapped reports whether the period's ends fall on bin edges.
  snapped(p) {
    const starts = new Set(this.bins.map((b) => b.start));
    const ends = new Set(this.bins.map((b) => b.end));
    return (!p.from || starts.has(dayNumber(p.from))) && (!p.to || ends.has(dayNumber(p.to)));
  }

  pointerDown(e) {
    if (!this.bins.length || e.button !== 0) return;
    e.preventDefault();
    const f = this.frame();
    const rect = this.svg.getBoundingClientRect();
    const px = (ev) => ev.clientX - rect.left;
    const part = e.target.getAttribute?.('data-part');
    const x0 = px(e);
    const at = f.day(x0);
    const p = this.period;
    const from = p.from ? dayNumber(p.from) : f.d0;
    const to = p.to ? dayNumber(p.to) : f.d1 - 1;
    let moved = false;
    const move = (ev) => {
      const x = px(ev);
      if (Math.abs(x - x0) < 3 && !moved) return;
      moved = true;
      const d = f.day(x);
      if (part === 'move') {
        const shift = d - at;
        this.draft = { from: dayString(from + shift), to: dayString(to + shift) };
      } else if (part === 'start') {
        this.draft = snapPeriod(this.bins, d, to);
      } else if (part === 'end') {
        this.draft = snapPeriod(this.bins, from, d);
      } else {
        this.draft = snapPeriod(this.bins, at, d);
      }
      this.render();
    };
    const up = (ev) => {
      this.svg.removeEventListener('pointermove', move);
      this.svg.removeEventListener('pointerup', up);
      this.svg.removeEventListener('pointercancel', up);
      const draft = this.draft;
      this.draft = null;
      if (ev.type === 'pointercancel') return this.render();
      if (!moved) return this.choose(snapPeriod(this.bins, at, at)); // a click: that bar
      this.choose(draft ?? this.period);
    };
    this.svg.setPointerCapture(e.pointerId);
    this.svg.addEventListener('pointermove', move);
    this.svg.addEventListener('pointerup', up);
    this.svg.addEventListener('pointercancel', up);
  }

  key_(e) {
    if (!this.bins.length) return;
    const b = this.bins;
    const p = this.period;
    const idx = (s, fallback) => {
      if (!s) return fallback;
      const d = dayNumber(s);
      const i = b.findIndex((x) => x.start <= d && d <= x.end);
      return i >= 0 ? i : d < b[0].start ? 0 : b.length - 1;
    };
    let i = idx(p.from, 0);
    let j = idx(p.to, b.length - 1);
    const none = !p.from && !p.to;
    const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
    if (step) {
      if (none) {
        i = j = step > 0 ? 0 : b.length - 1;
      } else if (e.shiftKey) {
        j = Math.min(b.length - 1, Math.max(i, j + step));
      } else if (i + step >= 0 && j + step < b.length) {
        i += step;
        j += step;
      }
      this.choose({ from: dayString(b[i].start), to: dayString(b[j].end) });
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      this.choose({});
    } else {
      return;
    }
    e.preventDefault();
  }
}

function binLabel(bin, b) {
  if (bin === 'day') return dayString(b.start);
  if (bin === 'month') return dayString(b.start).slice(0, 7);
  return `${dayString(b.start)} – ${dayString(b.end)}`;
}
