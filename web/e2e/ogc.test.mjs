// End-to-end tests of the API as other web tools use it, in headless
// chromium against the real server: a dashboard on another origin reads
// items, TileJSON and a tile (CORS), and may not write; axe-core finds no
// accessibility violation on the map page and the API's HTML pages.
// Run with `make e2e` (or `node --test e2e/ogc.test.mjs` in web/).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, removeBuild, skipReason, startServer, TOKEN } from './harness.mjs';

const require = createRequire(import.meta.url);

let server;
let browser;
let dashboard; // the other origin: a page served on another port
let axeSource;

before(async () => {
  if (skipReason) return;
  server = await startServer();
  // bypassCSP: the API's pages admit no script, axe-core is injected.
  browser = await launchBrowser({ bypassCSP: true });
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  dashboard = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>dashboard</title></head><body><main><h1>Another origin</h1></main></body></html>');
  });
  await new Promise((resolve) => dashboard.listen(0, '127.0.0.1', resolve));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => (dashboard ? dashboard.close(resolve) : resolve()));
  await removeBuild();
});

describe('the API from another origin (CORS)', { skip: skipReason }, () => {
  test('a page on another origin reads items, TileJSON and a tile, and cannot write', async () => {
    const page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${dashboard.address().port}/`);
    const api = server.url; // http://127.0.0.1:PORT/
    assert.notEqual(new URL(api).origin, await page.evaluate(() => location.origin));
    const got = await page.evaluate(async ({ api, token }) => {
      const out = {};
      const items = await fetch(`${api}collections/incidents/items?limit=3`, { headers: { Accept: 'application/geo+json' } });
      const fc = await items.json();
      out.items = { status: items.status, features: fc.features.length, etag: items.headers.get('ETag'), crs: items.headers.get('Content-Crs') };
      const tj = await fetch(`${api}tiles/incidents.json`);
      const tilejson = await tj.json();
      out.tilejson = { status: tj.status, tiles: tilejson.tiles };
      // The TileJSON's template may be relative to the API.
      const tileURL = new URL(tilejson.tiles[0].replace('{z}', '0').replace('{x}', '0').replace('{y}', '0'), api).href;
      const tile = await fetch(tileURL);
      out.tile = { status: tile.status, bytes: (await tile.arrayBuffer()).byteLength, type: tile.headers.get('Content-Type') };
      // Writes: a simple POST is sent but its answer is not shared; a
      // DELETE with the token needs a preflight, which is refused.
      const refused = async (p) => p.then(() => 'read', (e) => e.name);
      out.post = await refused(fetch(`${api}api/geoparse`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'عنوان\nنص' }));
      out.del = await refused(fetch(`${api}api/sources/1`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } }));
      out.ingest = await refused(fetch(`${api}api/articles`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{"text":"x"}' }));
      return out;
    }, { api, token: TOKEN });
    assert.equal(got.items.status, 200);
    assert.equal(got.items.features, 3);
    assert.match(got.items.crs ?? '', /CRS84/, 'Content-Crs is not exposed');
    assert.equal(got.tilejson.status, 200);
    assert.equal(got.tile.status, 200);
    assert.ok(got.tile.bytes > 0, 'an empty tile');
    assert.match(got.tile.type, /vnd\.mapbox-vector-tile/);
    assert.equal(got.post, 'TypeError', 'a cross-origin POST answer was readable');
    assert.equal(got.del, 'TypeError', 'a cross-origin DELETE went through');
    assert.equal(got.ingest, 'TypeError', 'a cross-origin ingest went through');
    await page.close();
  });
});

// axe runs axe-core on the page and returns its violations, as
// "rule (impact): target" lines.
async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

describe('accessibility (axe-core)', { skip: skipReason }, () => {
  test('the map page has no violations', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready=true]');
    await page.waitForFunction(() => {
      const s = document.querySelector('#incidents-status')?.textContent ?? '';
      return s && !s.startsWith('Loading');
    });
    const found = await axe(page);
    console.log(`axe: map page: ${found.length} violations`);
    assert.deepEqual(found, []);
    await page.close();
  });

  test('the map page with the incidents panel and a popup open has no violations', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready=true]');
    const panel = page.locator('#toolbar button[aria-controls=panel-incidents]');
    if (await panel.getAttribute('aria-expanded') !== 'true') await panel.click();
    await page.locator('#incident-list > li button').first().click();
    await page.locator('.leaflet-popup .im-incident').waitFor();
    const found = await axe(page);
    console.log(`axe: map page, panel and popup open: ${found.length} violations`);
    assert.deepEqual(found, []);
    await page.close();
  });

  for (const path of ['?f=html', 'collections?f=html', 'collections/incidents?f=html', 'collections/incidents/items?f=html&limit=5',
    'collections/incidents/items/1?f=html', 'collections/places/items?f=html&limit=5', 'conformance?f=html', 'api?f=html']) {
    test(`the API's page /${path} has no violations`, async () => {
      const page = await browser.context.newPage();
      const res = await page.goto(server.url + path);
      assert.equal(res.status(), 200);
      const found = await axe(page);
      console.log(`axe: /${path}: ${found.length} violations`);
      assert.deepEqual(found, []);
      await page.close();
    });
  }
});
