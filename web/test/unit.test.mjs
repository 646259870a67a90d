// Unit tests of the page's pure functions (no browser): the URL state,
// the API queries, finding a place name in a sentence, offsets.
// Run with `make web-test` (or `npm test` in web/).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findName } from '../src/arabic.js';
import { codePointRanges, safeURL } from '../src/dom.js';
import { datetime, formatState, itemsQuery, parseState } from '../src/state.js';

describe('URL state', () => {
  const cases = [
    {
      name: 'view and every filter',
      state: { view: { zoom: 7, lat: 35.12346, lon: 38.5 }, filters: { from: '2024-01-01', to: '2024-06-30', type: 'Air/drone strike', actor: 'US forces', q: 'دير الزور' }, panel: 'incidents' },
      hash: 'map=7/35.1235/38.5000&from=2024-01-01&to=2024-06-30&type=Air/drone%20strike&actor=US%20forces&q=%D8%AF%D9%8A%D8%B1%20%D8%A7%D9%84%D8%B2%D9%88%D8%B1&panel=incidents',
    },
    { name: 'nothing', state: { view: null, filters: {}, panel: null }, hash: '' },
    { name: 'a comma and an ampersand in the text', state: { view: null, filters: { q: 'a,b&c' }, panel: null }, hash: 'q=a,b%26c' },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      assert.equal(formatState(tc.state), tc.hash);
      const back = parseState(`#${tc.hash}`);
      assert.deepEqual(back.filters, tc.state.filters);
      assert.equal(back.panel, tc.state.panel);
      if (tc.state.view) {
        assert.equal(back.view.zoom, tc.state.view.zoom);
        assert.ok(Math.abs(back.view.lat - tc.state.view.lat) < 1e-4);
      } else {
        assert.equal(back.view, null);
      }
    });
  }

  const bad = [
    ['a date that is not one', '#from=yesterday', { filters: {}, view: null }],
    ['a view off the Earth', '#map=5/95/10', { filters: {}, view: null }],
    ['a view that is not numbers', '#map=5/a/b', { filters: {}, view: null }],
    ['blank filters', '#type=&q=%20', { filters: {}, view: null }],
    ['URLSearchParams spelling', '#type=Air%2Fdrone+strike', { filters: { type: 'Air/drone strike' }, view: null }],
  ];
  for (const [name, hash, want] of bad) {
    test(`ignores ${name}`, () => {
      const got = parseState(hash);
      assert.deepEqual(got.filters, want.filters);
      assert.equal(got.view, want.view);
    });
  }
});

describe('API query', () => {
  const cases = [
    ['no dates', {}, ''],
    ['one day', { from: '2024-03-01', to: '2024-03-01' }, '2024-03-01'],
    ['a range', { from: '2024-03-01', to: '2024-03-31' }, '2024-03-01/2024-03-31'],
    ['open start', { to: '2024-03-31' }, '../2024-03-31'],
    ['open end', { from: '2024-03-01' }, '2024-03-01/..'],
  ];
  for (const [name, f, want] of cases) test(`datetime: ${name}`, () => assert.equal(datetime(f), want));

  test('items query carries the filters and the extras, not the empty ones', () => {
    const q = new URLSearchParams(itemsQuery({ from: '2024-03-01', type: 'Battles', q: 'حلب' }, { bbox: '1,2,3,4', limit: 10, offset: null }));
    assert.deepEqual(Object.fromEntries(q), { datetime: '2024-03-01/..', type: 'Battles', q: 'حلب', bbox: '1,2,3,4', limit: '10' });
  });
});

describe('findName', () => {
  const cases = [
    { name: 'plain', text: 'قصف على سراقب اليوم', names: ['سراقب'], want: ['سراقب'] },
    { name: 'proclitic ب', text: 'غارة بسراقب', names: ['سراقب'], want: ['بسراقب'] },
    { name: 'و + article', text: 'في الميادين والبوكمال', names: ['البوكمال'], want: ['والبوكمال'] },
    { name: 'لل = ل + ال', text: 'طريق للميادين', names: ['الميادين'], want: ['للميادين'] },
    { name: 'hamza folded', text: 'في ريف ادلب', names: ['إدلب'], want: ['ادلب'] },
    { name: 'diacritics in the text', text: 'مدينة حَلَب', names: ['حلب'], want: ['حَلَب'] },
    { name: 'every occurrence', text: 'حلب ثم حلب', names: ['حلب'], want: ['حلب', 'حلب'] },
    { name: 'not inside another word', text: 'الحلبي', names: ['حلب'], want: [] },
    { name: 'not with letters before that are not proclitics', text: 'مسراقب', names: ['سراقب'], want: [] },
    { name: 'falls back to the next name', text: 'in Idlib today', names: ['إدلب', 'Idlib'], want: ['Idlib'] },
    { name: 'several words', text: 'ريف دير الزور الشرقي', names: ['دير الزور'], want: ['دير الزور'] },
    { name: 'no names', text: 'نص', names: [null, ''], want: [] },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const got = findName(tc.text, tc.names).map(([s, e]) => tc.text.slice(s, e));
      assert.deepEqual(got, tc.want);
    });
  }
});

describe('codePointRanges', () => {
  test('ranges past an astral character shift by its second UTF-16 unit', () => {
    const text = 'a😀بغداد';
    const [[s, e]] = codePointRanges(text, [[2, 6]]);
    assert.equal(text.slice(s, e), 'بغداد'.slice(0, 4));
  });
  test('ranges beyond the text are clamped', () => {
    assert.deepEqual(codePointRanges('abc', [[1, 99]]), [[1, 3]]);
  });
});

describe('safeURL', () => {
  globalThis.location ??= { href: 'http://localhost/' };
  const cases = [
    ['https://example.org/a', 'https://example.org/a'],
    ['http://example.org/', 'http://example.org/'],
    ['javascript:alert(1)', null],
    ['data:text/html,x', null],
    ['', null],
    [undefined, null],
  ];
  for (const [u, want] of cases) test(JSON.stringify(u), () => assert.equal(safeURL(u), want));
});
