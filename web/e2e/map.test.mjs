// End-to-end tests of the web map: the real server, a real browser.
// Run with `make e2e` (or `npm run e2e` in web/ after `npm ci`).

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeArticles } from './generate.mjs';
import { ENGINE, launchBrowser, removeBuild, RESULTS, skipReason, startServer, TOKEN, watchConsole } from './harness.mjs';

// An article we wrote for this test; it reports nothing that happened.
const ARTICLE = [
  'غارة جوية تستهدف أطراف مدينة سراقب',
  'شنت طائرات حربية صباح اليوم غارة جوية على أطراف مدينة سراقب في ريف إدلب الشرقي، ما أسفر عن مقتل شخصين وإصابة خمسة آخرين.',
  'وفي وقت لاحق، سقطت قذائف مدفعية على أطراف مدينة حلب دون أن ترد أنباء عن إصابات.',
].join('\n');

let server;
let browser;

before(async () => {
  if (skipReason) return;
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await removeBuild();
});

// openMap opens the page (with a fragment) and waits until the first
// incidents are loaded; it returns the page and its console errors.
async function openMap(hash = '', viewport, srv = server) {
  const page = await browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors = watchConsole(page, srv.basemapOrigin);
  await page.goto(srv.url + hash);
  await page.waitForSelector('body[data-ready=true]');
  return { page, errors };
}

async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('#incidents-status')?.textContent ?? '';
    return s && !s.startsWith('Loading');
  });
}

// shot saves a screenshot once the map is still: no zoom animation, and
// the popup's 0.2 s fade-in over.
async function shot(page, name) {
  await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim'));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`) });
}

describe(`web map (${ENGINE})`, { skip: skipReason }, () => {
  test('the incidents appear as markers and in the list, over the offline outlines', async () => {
    const tiles = [];
    browser.context.on('request', (r) => r.url().startsWith(server.basemapOrigin) && tiles.push(r.url()));
    const { page, errors } = await openMap();
    await settled(page);
    const markers = await page.locator('.leaflet-marker-pane .im-marker, .leaflet-marker-pane .marker-cluster').count();
    assert.ok(markers > 0, 'no markers on the map');
    const entries = await page.locator('#incident-list > li').count();
    assert.ok(entries >= 5, `the list holds ${entries} incidents, want the samples in view`);
    assert.match(await page.textContent('#incidents-status'), new RegExp(`^${entries} incidents in view`));
    // The basemap is unreachable: the country outlines are drawn and the
    // analyst is told.
    await page.waitForSelector('.leaflet-outlines-pane path');
    await page.waitForSelector('#map-notice:not([hidden])');
    assert.ok(tiles.some((u) => /\/\d+\/\d+\/\d+\.png$/.test(u)), 'the configured basemap was never asked for tiles');
    const credits = await page.textContent('.leaflet-control-attribution');
    assert.match(credits, /GeoNames/);
    assert.match(credits, /OpenStreetMap/);
    assert.match(credits, /Who's On First/);
    assert.match(credits, /OCHA/);
    await shot(page, 'map');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a popup shows the incident in Arabic, right to left, with its evidence marked', async () => {
    const { page, errors } = await openMap();
    await settled(page);
    await page.locator('#incident-list > li button').first().click();
    const popup = page.locator('.leaflet-popup .im-incident');
    await popup.waitFor();
    const quote = popup.locator('.im-evidence blockquote').first();
    assert.equal(await quote.getAttribute('dir'), 'rtl');
    assert.equal(await quote.getAttribute('lang'), 'ar');
    const style = await quote.evaluate((el) => ({ direction: getComputedStyle(el).direction, align: getComputedStyle(el).textAlign }));
    assert.deepEqual(style, { direction: 'rtl', align: 'start' });
    const marked = await popup.locator('.im-evidence mark').first().textContent();
    assert.ok(marked.trim().length >= 2, 'the place is not marked in the evidence');
    assert.equal(await popup.locator('bdi.im-ar[dir=rtl]').count() >= 1, true, 'no Arabic place name');
    const link = await popup.locator('.im-sources a').first().getAttribute('href');
    assert.match(link, /^https:\/\/example\.org\//);
    // The list follows the map: the open incident is the current entry.
    assert.equal(await page.locator('#incident-list > li.is-current').count(), 1);
    await shot(page, 'popup');

    // Hovering an entry marks its marker; hovering a marker marks its entry.
    const id = await page.getAttribute('#incident-list > li.is-current', 'data-id');
    await page.keyboard.press('Escape');
    await page.locator('.leaflet-popup').waitFor({ state: 'detached' });
    await page.mouse.move(5, 5);
    await page.locator(`#incident-list > li[data-id="${id}"] button`).hover();
    const marker = page.locator('.leaflet-marker-pane .im-marker.is-highlighted');
    assert.equal(await marker.count(), 1, 'hovering the entry does not mark its marker');
    const handle = await marker.elementHandle();
    await page.mouse.move(5, 5);
    assert.equal(await page.locator('.leaflet-marker-pane .is-highlighted').count(), 0);
    await handle.hover();
    assert.equal(await page.locator('#incident-list > li.is-highlighted').count(), 1, 'hovering the marker does not mark its entry');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a filter changes what is shown and the URL, and the URL restores it', async () => {
    const { page, errors } = await openMap();
    await settled(page);
    const before = await page.locator('#incident-list > li').count();
    await page.selectOption('#filters select[name=type]', 'Air/drone strike');
    await settled(page);
    const titles = await page.locator('#incident-list .im-entry-title').allTextContents();
    assert.ok(titles.length > 0 && titles.length < before, `${titles.length} air strikes of ${before} incidents`);
    for (const t of titles) assert.match(t, /Air\/drone strike/);
    const hash = new URL(page.url()).hash;
    const state = new URLSearchParams(hash.slice(1));
    assert.equal(state.get('type'), 'Air/drone strike');
    assert.match(state.get('map'), /^\d+\/[\d.-]+\/[\d.-]+$/);
    assert.equal(await page.getAttribute('.im-legend button[data-type="Air/drone strike"]', 'aria-pressed'), 'true');

    // Text search narrows further and lands in the URL too.
    await page.fill('#filters input[name=q]', 'مسيرة');
    await page.waitForFunction(() => location.hash.includes('q='));
    await settled(page);
    await shot(page, 'filter');

    // The shared URL opens the same view.
    const shared = await openMap(hash);
    await settled(shared.page);
    assert.equal(await shared.page.inputValue('#filters select[name=type]'), 'Air/drone strike');
    assert.equal(await shared.page.locator('#incident-list > li').count(), titles.length);
    assert.deepEqual([...errors, ...shared.errors], []);
    await shared.page.close();
    await page.close();
  });

  test('the date range, actor and legend filters', async () => {
    const { page, errors } = await openMap();
    await settled(page);
    const all = await page.locator('#incident-list > li').count();

    await page.fill('#filters input[name=from]', '2024-06-01');
    await page.waitForFunction(() => location.hash.includes('from=2024-06-01'));
    await settled(page);
    const dates = (await page.locator('#incident-list .im-entry-main > .im-muted').allTextContents()).map((t) => t.slice(0, 10));
    assert.ok(dates.length > 0 && dates.length < all, `${dates.length} incidents from June of ${all}`);
    for (const d of dates) assert.ok(d >= '2024-06-01', `${d} is before the range`);

    await page.click('#filters button[type=reset]');
    await page.fill('#filters input[name=actor]', 'Israel');
    await page.waitForFunction(() => location.hash.includes('actor=Israel') && !location.hash.includes('from='));
    await settled(page);
    const actors = await page.locator('#incident-list .im-entry-main > .im-muted').allTextContents();
    assert.ok(actors.length > 0 && actors.length < all);
    for (const a of actors) assert.match(a, /Israel/);

    // The legend sets the type filter, and unsets it when chosen again.
    await page.click('#filters button[type=reset]');
    await page.click('.im-legend summary');
    await page.click('.im-legend button[data-type="Armed clash"]');
    await page.waitForFunction(() => location.hash.includes('type=Armed%20clash'));
    assert.equal(await page.inputValue('#filters select[name=type]'), 'Armed clash');
    await page.click('.im-legend button[data-type="Armed clash"]');
    await page.waitForFunction(() => !location.hash.includes('type='));
    assert.equal(await page.inputValue('#filters select[name=type]'), '');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the download is the selection as valid GeoJSON', async () => {
    const { page, errors } = await openMap();
    await settled(page);
    const entries = await page.locator('#incident-list > li').count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    assert.match(download.suggestedFilename(), /^incidents-\d{4}-\d{2}-\d{2}\.geojson$/);
    const fc = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(fc.type, 'FeatureCollection');
    assert.equal(fc.features.length, entries);
    for (const f of fc.features) {
      assert.equal(f.type, 'Feature');
      assert.equal(f.geometry.type, 'Point');
      assert.ok(f.geometry.coordinates.every(Number.isFinite));
      assert.ok(f.properties.sub_event_type !== undefined);
    }
    assert.match(fc.attribution, /GeoNames/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the paste panel finds the places of a text and saves it as an article', async () => {
    const { page, errors } = await openMap();
    await settled(page);
    await page.click('#toolbar button[aria-controls=panel-paste]');
    await page.fill('#panel-paste textarea[name=text]', ARTICLE);
    await page.fill('#panel-paste input[name=published]', '2025-02-03');
    await page.click('#panel-paste button:has-text("Find places")');
    await page.locator('.im-paste-result:not([hidden])').waitFor();
    const marks = await page.locator('.im-paste-text mark.im-place').allTextContents();
    for (const name of ['سراقب', 'إدلب', 'حلب']) {
      assert.ok(marks.some((m) => m.includes(name)), `${name} not marked among ${marks.join(', ')}`);
    }
    assert.equal(await page.getAttribute('.im-paste-text', 'dir'), 'rtl');
    assert.ok(await page.locator('.leaflet-overlay-pane path.leaflet-interactive').count() >= 3, 'the places are not on the map');
    assert.ok(await page.locator('.im-paste-incidents > li').count() >= 1, 'no incident found in the text');
    // Each incident shows what its popup would: date, actors, casualties
    // and confidence.
    const strike = page.locator('.im-paste-incidents > li', { hasText: 'Air/drone strike' }).first();
    const rows = Object.fromEntries(await strike.locator('dl dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    assert.deepEqual(Object.keys(rows), ['Date', 'Actors', 'Casualties', 'Confidence']);
    assert.match(rows.Date, /^2025-02-03 \(exact day\)$/);
    assert.match(rows.Casualties, /^2 killed, 5 injured$/);
    assert.match(rows.Confidence, /^\d{1,3}%$/);
    assert.ok(rows.Actors.length > 0);
    await strike.scrollIntoViewIfNeeded();
    await shot(page, 'paste');

    // Saving asks for the token once, then stores the article.
    await page.fill('#panel-paste input[name=url]', 'https://example.org/e2e/article-1');
    await page.fill('#panel-paste input[name=source]', 'e2e');
    await page.click('#panel-paste button:has-text("Save article")');
    await page.locator('#token-dialog[open]').waitFor();
    await page.fill('#token-dialog input[name=token]', TOKEN);
    await page.click('#token-dialog button[value=ok]');
    await page.waitForFunction(() => /Saved as article/.test(document.querySelector('#panel-paste .im-status').textContent));
    // The map's incidents are reloaded with the new ones.
    await page.waitForFunction(() => [...document.querySelectorAll('#incident-list > li')].some((li) => li.textContent.includes('2025-02-03')));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an unplaced name can be placed on the map and saved', async () => {
    // A village we invented, named after its cue word, so that no
    // gazetteer places it whatever the embedded tables hold.
    const res = await fetch(`${server.url}api/articles`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ title: 'قصف على قرية في ريف حماة', text: 'قصفت قوات مجهولة قرية تل زعفرانة الشرقية في ريف حماة الشمالي دون أن ترد أنباء عن إصابات.', url: 'https://example.org/e2e/unplaced', source: 'e2e unplaced', published: '2025-02-04' }),
    });
    assert.ok(res.ok, `POST /api/articles: ${res.status} ${await res.text()}`);
    const { page, errors } = await openMap();
    await settled(page);
    await page.click('#toolbar button[aria-controls=panel-unplaced]');
    const first = page.locator('#panel-unplaced .im-names > li').first();
    await first.waitFor();
    const name = (await first.locator('.im-name').textContent()).trim();
    assert.ok(name.length > 1);
    assert.ok(await first.locator('blockquote[dir=rtl] mark').count() >= 1, 'the name is not marked in its sentence');

    // Escape leaves placing mode.
    await first.locator('button:has-text("Place on map")').click();
    await page.locator('#placing-banner:not([hidden])').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('#placing-banner').waitFor({ state: 'hidden' });

    // So does switching panels: no banner, and a click on the map drops
    // no pin.
    await first.locator('button:has-text("Place on map")').click();
    await page.locator('#placing-banner:not([hidden])').waitFor();
    await page.click('#toolbar button[aria-controls=panel-paste]');
    assert.equal(await page.isVisible('#placing-banner'), false, 'the placing banner outlives its panel');
    assert.equal(await page.locator('#map.is-placing').count(), 0);
    const mapBox = await page.locator('#map').boundingBox();
    await page.mouse.click(mapBox.x + mapBox.width / 3, mapBox.y + mapBox.height / 3);
    await page.waitForTimeout(200);
    assert.equal(await page.locator('.im-pin').count(), 0, 'a click on the map dropped a pin outside placing mode');
    await page.click('#toolbar button[aria-controls=panel-unplaced]');
    assert.equal(await page.isVisible('#panel-unplaced .im-place-form'), false, 'the place form is still open');

    await first.locator('button:has-text("Place on map")').click();
    assert.equal(await page.inputValue('#panel-unplaced input[name=name_ar]'), name);
    const box = await page.locator('#map').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.im-pin').waitFor();
    assert.notEqual(await page.inputValue('#panel-unplaced input[name=lat]'), '');
    await page.fill('#panel-unplaced input[name=name]', 'E2E test place');
    await shot(page, 'unplaced');

    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/places'));
    await page.click('#panel-unplaced button:has-text("Save place")');
    await page.locator('#token-dialog[open]').waitFor();
    await page.fill('#token-dialog input[name=token]', TOKEN);
    await page.click('#token-dialog button[value=ok]');
    const req = await posted;
    assert.equal(req.headers().authorization, `Bearer ${TOKEN}`);
    const body = req.postDataJSON();
    assert.equal(body.name_ar, name);
    assert.equal(body.name, 'E2E test place');
    assert.ok(Number.isFinite(body.lat) && Number.isFinite(body.lon));
    // A server without a local gazetteer (501) says so; one with it saves.
    await page.waitForFunction(() => /Saved|no local gazetteer/.test(document.querySelector('#panel-unplaced .im-status').textContent));
    const status = await page.textContent('#panel-unplaced .im-status');
    const unexpected = /no local gazetteer/.test(status) ? errors.filter((e) => !/status of 501 .*\/api\/places/.test(e)) : errors;
    assert.deepEqual(unexpected, []);
    await page.close();
  });

  test('on a phone-sized screen, by keyboard: panels open and Escape closes them', async () => {
    const { page, errors } = await openMap('', { width: 390, height: 800 });
    await settled(page);
    assert.equal(await page.isVisible('#sidebar'), false, 'the panel covers the map at start');
    const toggle = page.locator('#toolbar button[aria-controls=panel-incidents]');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.isVisible('#panel-incidents'), true);
    await page.focus('#filters input[name=q]');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused control shows no focus ring');
    await shot(page, 'phone');
    await page.keyboard.press('Escape');
    assert.equal(await page.isVisible('#sidebar'), false);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-controls')), 'panel-incidents');
    assert.deepEqual(errors, []);
    await page.close();
  });


  test('the legend is folded on a laptop screen and leaves the markers clickable', async () => {
    const { page, errors } = await openMap('', { width: 1366, height: 800 });
    await settled(page);
    const legend = page.locator('details.im-legend');
    assert.equal(await legend.evaluate((d) => d.open), false, 'the legend starts unfolded at 1366×800');
    const box = await legend.boundingBox();
    assert.ok(box.height < 50 && box.width < 140, `the folded legend is ${box.width}×${box.height}`);
    // No marker lies under it.
    const covered = await page.evaluate(() => {
      const l = document.querySelector('details.im-legend').getBoundingClientRect();
      return [...document.querySelectorAll('.leaflet-marker-pane > *')].filter((m) => {
        const r = m.getBoundingClientRect();
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        return x >= l.left && x <= l.right && y >= l.top && y <= l.bottom;
      }).length;
    });
    assert.equal(covered, 0);
    await shot(page, 'legend-laptop');
    // Unfolded on demand.
    await page.click('.im-legend summary');
    assert.equal(await legend.evaluate((d) => d.open), true);
    await page.close();

    const big = await openMap('', { width: 1920, height: 1080 });
    await settled(big.page);
    assert.equal(await big.page.locator('details.im-legend').evaluate((d) => d.open), true, 'the legend is folded on a large screen');
    assert.deepEqual([...errors, ...big.errors], []);
    await big.page.close();
  });

  test('a popup taller than the map scrolls inside and keeps its marker in view', async () => {
    // Three reports of one strike, with long sentences we wrote: one
    // incident with three sources and their evidence.
    const sentence = (outlet) => `شنت طائرات حربية فجر اليوم سلسلة غارات جوية على الأحياء الشرقية من مدينة تدمر في ريف حمص الشرقي، وقال ${outlet} إن الغارات استهدفت مواقع ومستودعات قريبة من الطريق المؤدي إلى البادية، وإن ألسنة اللهب شوهدت من مسافة بعيدة، فيما هرعت فرق الإسعاف إلى المكان لنقل المصابين إلى المشافي القريبة، وأفادت مصادر محلية بمقتل ثلاثة أشخاص وإصابة سبعة آخرين بجروح متفاوتة.`;
    for (const [i, outlet] of ['شهود عيان', 'مراسلون محليون', 'ناشطون في المدينة'].entries()) {
      const res = await fetch(`${server.url}api/articles`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ title: 'غارات جوية على مدينة تدمر', text: sentence(outlet), url: `https://example.org/e2e/palmyra-${i}`, source: `e2e ${i}`, published: '2025-03-10' }),
      });
      assert.ok(res.ok, `POST /api/articles: ${res.status} ${await res.text()}`);
    }
    const { page, errors } = await openMap('#map=8/34.56/38.27&from=2025-03-10&to=2025-03-10', { width: 1280, height: 560 });
    await settled(page);
    await page.click('#map-notice .im-close'); // the offline basemap's notice
    await page.locator('#incident-list > li button').first().click();
    const content = page.locator('.leaflet-popup .leaflet-popup-content');
    await content.waitFor();
    await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim'));
    await page.waitForTimeout(400); // the autopan
    const m = await page.evaluate(() => {
      const map = document.getElementById('map').getBoundingClientRect();
      const popup = document.querySelector('.leaflet-popup').getBoundingClientRect();
      const tip = document.querySelector('.leaflet-popup-tip-container').getBoundingClientRect();
      const c = document.querySelector('.leaflet-popup-content');
      return { mapTop: map.top, mapBottom: map.bottom, popupTop: popup.top, tipBottom: tip.bottom, scroll: c.scrollHeight, client: c.clientHeight };
    });
    assert.ok(m.scroll > m.client + 20, `the popup does not scroll: ${m.scroll} in ${m.client}`);
    assert.ok(m.popupTop >= m.mapTop, `the popup's top is above the map: ${JSON.stringify(m)}`);
    // The tip points at the top of the 18 px marker, which must be in view.
    assert.ok(m.tipBottom + 18 <= m.mapBottom, `the marker is pushed off the map: ${JSON.stringify(m)}`);
    await shot(page, 'popup-tall');
    // Zoomed in on the town, all dates: one incident in view, said in
    // the singular by the list and the time chart (which said "1
    // incidents").
    await page.evaluate(() => { location.hash = 'map=12/34.56/38.27'; });
    await page.waitForFunction(() => /^1 incidents? in view, by/.test(document.querySelector('.im-timeline-info')?.textContent ?? ''));
    assert.match(await page.textContent('.im-timeline-info'), /^1 incident in view, by day, 2025-03-10 – 2025-03-10\./);
    await settled(page);
    assert.match(await page.textContent('#incidents-status'), /^1 incident in view/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

// The map with more incidents in view than markers can show: a second
// server, loaded with generated articles (generate.mjs) through
// `incidentmap ingest`.
describe(`many incidents (${ENGINE})`, { skip: skipReason }, () => {
  let big;
  let dir;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'incidentmap-e2e-articles-'));
    const file = path.join(dir, 'generated.jsonl');
    await writeArticles(file, 620); // about 6,000 incidents over 2024
    big = await startServer({ ingest: [file] });
  });
  after(async () => {
    await big?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const REGION = '#map=6/33.8/42.0'; // Syria and Iraq

  test('beyond 5,000 incidents in view, the map draws the vector tiles; zoomed in, markers', async () => {
    const requests = [];
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 800 });
    const errors = watchConsole(page, big.basemapOrigin);
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(big.url + REGION);
    await page.waitForSelector('body[data-ready=true][data-mode=density]');
    const status = await page.textContent('#incidents-status');
    const n = Number(/^([\d,]+) incidents in view/.exec(status)?.[1].replace(/,/g, ''));
    assert.ok(n > 5000, `status: ${status}`);
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-overlay-pane canvas').length > 0);
    const tiles = requests.filter((u) => /\/tiles\/incidents\/6\/\d+\/\d+\.mvt$/.test(u));
    assert.ok(tiles.length >= 2, `${tiles.length} tile requests`);
    assert.ok(!requests.some((u) => u.includes('/collections/incidents/items')), 'the items were loaded as well');
    assert.equal(await page.locator('.leaflet-marker-pane .im-marker, .leaflet-marker-pane .marker-cluster').count(), 0);
    assert.equal(await page.locator('#incident-list > li').count(), 0);
    // The clusters' counts add up to what is in view: read them back
    // through the tooltips of a few circles is brittle, so check that
    // pixels of the cluster colours are on the canvas.
    const painted = await page.evaluate(() => {
      const c = document.querySelector('.leaflet-overlay-pane canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4 * 7) if (d[i] > 200) n++;
      return n;
    });
    assert.ok(painted > 500, `only ${painted} painted pixels`);
    // The time chart shows the year.
    const info = await page.textContent('.im-timeline-info');
    assert.match(info, /incidents in view, by day, 2024-01-01 – 2024-12-31/);
    assert.ok(await page.locator('.im-bars rect').count() >= 360);
    await shot(page, 'density');

    // Zoomed in on a few towns: the markers of the items API.
    await page.evaluate(() => { location.hash = 'map=10/36.2/37.15'; }); // Aleppo
    await page.waitForSelector('body[data-mode=markers]');
    await settled(page);
    assert.ok(await page.locator('.leaflet-marker-pane .im-marker, .leaflet-marker-pane .marker-cluster').count() > 0, 'no markers once zoomed in');
    assert.ok(await page.locator('#incident-list > li').count() > 0);
    assert.equal(await page.locator('.leaflet-overlay-pane canvas').count(), 0, 'the density canvas stayed');
    await shot(page, 'density-zoomed-in');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the time brush chooses the period: filters, URL and map follow', async () => {
    const { page, errors } = await openMap(REGION, { width: 1366, height: 800 }, big);
    await page.waitForSelector('body[data-mode=density]');
    const chart = page.locator('.im-timeline-chart');
    const box = await chart.boundingBox();
    const y = box.y + box.height / 2;
    // Drag across about a month.
    await page.mouse.move(box.x + box.width * 0.40, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, y, { steps: 4 });
    await page.mouse.move(box.x + box.width * 0.48, y, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => /from=2024-\d\d-\d\d/.test(location.hash) && /to=2024-\d\d-\d\d/.test(location.hash));
    const state = new URLSearchParams(new URL(page.url()).hash.slice(1));
    const from = state.get('from');
    const to = state.get('to');
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    assert.ok(days >= 20 && days <= 40, `${from} – ${to} is ${days} days`);
    // The form shows the period, the bars outside it are greyed, and with
    // fewer incidents the markers are back.
    assert.equal(await page.inputValue('#filters input[name=from]'), from);
    assert.equal(await page.inputValue('#filters input[name=to]'), to);
    await page.waitForSelector('body[data-mode=markers]');
    await settled(page);
    const inside = await page.locator('.im-bars rect.is-in').count();
    assert.equal(inside, days);
    const dates = (await page.locator('#incident-list .im-entry-main > .im-muted').allTextContents()).map((t) => t.slice(0, 10));
    assert.ok(dates.length > 0);
    for (const d of dates) assert.ok(d >= from && d <= to, `${d} is outside ${from} – ${to}`);
    assert.match(await page.textContent('.im-timeline-info'), new RegExp(`^${from} – ${to}: [\\d,]+ of [\\d,]+ incidents in view`));
    await shot(page, 'brush');

    // The keyboard moves it by a bar; "All dates" clears it.
    await chart.focus();
    await page.keyboard.press('ArrowRight');
    const next = (d) => new Date(Date.parse(d) + 86_400_000).toISOString().slice(0, 10);
    await page.waitForFunction((want) => location.hash.includes(`from=${want}`), next(from));
    await page.click('.im-timeline [data-action=clear-period]');
    await page.waitForFunction(() => !location.hash.includes('from=') && !location.hash.includes('to='));
    await page.waitForSelector('body[data-mode=density]');
    assert.equal(await page.inputValue('#filters input[name=from]'), '');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

// Pages we wrote for this test, served by a feed server of its own; they
// report nothing that happened. Each names another town, so that each
// makes an incident of its own.
const FOLLOWED = [
  { title: 'قصف مدفعي على أطراف مدينة الرقة', body: 'سقطت قذائف مدفعية صباح اليوم على أطراف مدينة الرقة، وأفاد سكان بسماع دوي انفجارات متتالية في الأحياء الشمالية دون أن ترد أنباء عن إصابات.' },
  { title: 'غارة جوية على مدينة دير الزور', body: 'شنت طائرات حربية مساء اليوم غارة جوية على حي في مدينة دير الزور، ما أسفر عن مقتل شخص وإصابة ثلاثة آخرين بجروح.' },
];

describe('following outlets', { skip: skipReason }, () => {
  let srv;
  let feed;
  let shown = 1; // items the feed lists
  before(async () => {
    const http = await import('node:http');
    feed = http.createServer((req, res) => {
      const today = new Date().toISOString();
      if (req.url === '/feed.xml') {
        const items = FOLLOWED.slice(0, shown)
          .map((a, i) => `<item><guid>e2e-${i}</guid><link>/a/${i}</link><title>${a.title}</title></item>`).join('');
        res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: `"${shown}"` });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>e2e</title>${items}</channel></rss>`);
        return;
      }
      const m = /^\/a\/(\d+)$/.exec(req.url);
      const a = m && FOLLOWED[Number(m[1])];
      if (!a) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>${a.title}</title>
<meta property="article:published_time" content="${today}"></head><body><article><h1>${a.title}</h1><p>${a.body}</p></article></body></html>`);
    });
    await new Promise((resolve) => feed.listen(0, '127.0.0.1', resolve));
    srv = await startServer({ args: ['--poll-interval', '10s'] });
    const res = await fetch(new URL('api/sources', srv.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${feed.address().port}/feed.xml`, name: 'وكالة الاختبار' }),
    });
    assert.equal(res.status, 201);
  });
  after(async () => {
    await srv?.stop();
    feed?.close();
  });

  test('a new incident appears on an open map when the feed changes, and the sources panel shows the source', async () => {
    const { page, errors } = await openMap('#map=6/35.5/39.5', undefined, srv);
    await settled(page);
    const count = () => page.locator('#incident-list > li').count();
    // The first item is polled, fetched and ingested: its incident
    // appears without a reload.
    const hasText = (t) => page.waitForFunction((t) => document.querySelector('#incident-list')?.textContent.includes(t), t, { timeout: 60_000 });
    await hasText('الرقة');
    const before = await count();
    shown = 2;
    await hasText('دير الزور');
    assert.equal(await count(), before + 1);
    await page.click('button[aria-controls=panel-sources]');
    await page.waitForSelector('#source-list li[data-source]');
    await page.waitForFunction(() => document.querySelector('#source-list [data-field=articles]')?.textContent === '2', null, { timeout: 30_000 });
    assert.match(await page.textContent('#source-list'), /وكالة الاختبار/);
    await shot(page, 'sources');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

test('no request left the machine', { skip: skipReason }, () => {
  assert.deepEqual(browser.offsite, []);
});
