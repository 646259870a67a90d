// The sources panel: the news feeds the server follows, with each one's
// state (last success, last error, items, articles and incidents, next
// poll), a form to follow another and a button to stop following one;
// and watchChanges, which tells the map when new incidents arrive.

import { getJSON } from './api.js';
import { clear, formatCount, h } from './dom.js';

/** SourcesPanel fills panel with the sources, refreshed while it is open. */
export class SourcesPanel {
  constructor(panel, writer) {
    this.panel = panel;
    this.writer = writer;
    this.list = panel.querySelector('#source-list');
    this.status = panel.querySelector('#sources-status');
    this.form = panel.querySelector('#source-form');
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.add();
    });
    this.timer = null;
  }

  /** show starts refreshing the list every 10 s; hide stops. */
  show() {
    this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), 10000);
  }

  hide() {
    clearInterval(this.timer);
    this.timer = null;
  }

  async refresh() {
    try {
      const { sources } = await getJSON('api/sources');
      this.render(sources);
    } catch (err) {
      this.status.textContent = err.status === 501 ? 'This server follows no sources.' : `Could not load the sources: ${err.message}`;
    }
  }

  render(sources) {
    clear(this.list);
    this.status.textContent = sources.length
      ? `${formatCount(sources.length)} source${sources.length === 1 ? '' : 's'} followed`
      : 'No source followed yet: add a feed below, or run incidentmap sources add URL.';
    for (const s of sources) {
      const when = (t) => (t ? new Date(t).toLocaleString() : '—');
      this.list.append(
        h('li', { class: `im-source im-source-${s.status}`, 'data-source': s.id },
          h('div', { class: 'im-source-head' },
            h('strong', { dir: 'auto' }, s.name || hostOf(s.url)),
            h('span', { class: `im-badge im-status-${s.status}` }, statusLabel(s.status)),
            h('button', { type: 'button', class: 'im-small', 'aria-label': `Stop following ${s.name || s.url}`, onclick: () => this.remove(s) }, 'Remove')),
          h('div', { class: 'im-source-url' }, s.url),
          h('dl', { class: 'im-source-stats' },
            h('dt', {}, 'Items'), h('dd', {}, formatCount(s.items)),
            h('dt', {}, 'Articles'), h('dd', { 'data-field': 'articles' }, formatCount(s.articles)),
            h('dt', {}, 'Incidents'), h('dd', { 'data-field': 'incidents' }, formatCount(s.incidents)),
            h('dt', {}, 'Waiting'), h('dd', {}, formatCount(s.waiting)),
            h('dt', {}, 'Last success'), h('dd', {}, when(s.last_success)),
            h('dt', {}, 'Next poll'), h('dd', {}, when(s.next_poll))),
          s.last_error ? h('p', { class: 'im-error' }, `Last error: ${s.last_error}`) : null));
    }
  }

  async add() {
    const data = new FormData(this.form);
    const body = { url: String(data.get('url') || '').trim(), name: String(data.get('name') || '').trim() };
    if (data.get('every')) body.every = String(data.get('every'));
    try {
      const added = await this.writer.post('api/sources', body);
      if (!added) return;
      this.form.reset();
      this.status.textContent = `Following ${added.url}.`;
      this.refresh();
    } catch (err) {
      this.status.textContent = `Could not follow it: ${err.message}`;
    }
  }

  async remove(s) {
    try {
      if ((await this.writer.del(`api/sources/${s.id}`)) === false) return;
      this.refresh();
    } catch (err) {
      this.status.textContent = `Could not remove it: ${err.message}`;
    }
  }
}

function statusLabel(status) {
  return { new: 'not polled yet', ok: 'ok', failing: 'failing' }[status] ?? status;
}

function hostOf(u) {
  try {
    return new URL(u).host;
  } catch {
    return u;
  }
}

/**
 * watchChanges polls GET /api/changes every interval ms while the page
 * is visible, and calls onChange when the incidents changed since the
 * last look (an ingest anywhere: the API, a follow worker, the CLI).
 */
export function watchChanges(onChange, interval = 5000) {
  let version = null;
  const look = async () => {
    if (document.hidden) return;
    try {
      const { version: v } = await getJSON('api/changes');
      if (version !== null && v !== version) onChange();
      version = v;
    } catch {
      // the next look tries again
    }
  };
  look();
  return setInterval(look, interval);
}
