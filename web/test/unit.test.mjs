// Unit tests of the page's pure functions (no browser): the URL state,
// the API queries, finding a place name in a sentence, offsets.
// Run with `make web-test` (or `npm test` in web/).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findName } from '../src/arabic.js';
import { codePointRanges, countNoun, safeURL, shortCount } from '../src/dom.js';
import { datetime, formatState, itemsQuery, parseState } from '../src/state.js';
import { binsOf, countInPeriod, dayNumber, dayString, histogramQuery, snapPeriod, ticks } from '../src/timeline.js';

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

describe('time chart', () => {
  // A histogram as the server answers it: three weeks, and 2 undated.
  const hist = {
    bin: 'week', start: '2024-01-01', end: '2024-01-21', numberMatched: 37, undated: 2,
    bins: [
      { start: '2024-01-01', end: '2024-01-07', count: 7 },
      { start: '2024-01-08', end: '2024-01-14', count: 14 },
      { start: '2024-01-15', end: '2024-01-21', count: 14 },
    ],
  };

  test('days count from 1970-01-01, both ways', () => {
    assert.equal(dayNumber('1970-01-01'), 0);
    assert.equal(dayNumber('2024-03-01'), 19783);
    assert.equal(dayString(19783), '2024-03-01');
    assert.equal(dayString(dayNumber('1969-12-31')), '1969-12-31');
  });

  const counts = [
    ['no period: every incident, undated too', {}, 37],
    ['whole bins', { from: '2024-01-08', to: '2024-01-21' }, 28],
    ['part of a bin, pro rata', { from: '2024-01-08', to: '2024-01-08' }, 2],
    ['open end', { from: '2024-01-15' }, 14],
    ['open start', { to: '2024-01-07' }, 7],
    ['outside', { from: '2025-01-01' }, 0],
  ];
  for (const [name, period, want] of counts) test(`count in period: ${name}`, () => assert.equal(countInPeriod(hist, period), want));

  test('a drag snaps to whole bins, either way round', () => {
    const bins = binsOf(hist);
    assert.deepEqual(snapPeriod(bins, dayNumber('2024-01-10'), dayNumber('2024-01-03')), { from: '2024-01-01', to: '2024-01-14' });
    assert.deepEqual(snapPeriod(bins, dayNumber('2024-01-16'), dayNumber('2024-01-16')), { from: '2024-01-15', to: '2024-01-21' });
  });

  test('the query has the box and every filter but the dates', () => {
    const q = new URLSearchParams(histogramQuery({ from: '2024-01-01', to: '2024-02-01', type: 'Battles', actor: 'SDF', q: 'حلب' }, [35, 32.123456, 42, 37]));
    assert.deepEqual(Object.fromEntries(q), { bbox: '35.00000,32.12346,42.00000,37.00000', type: 'Battles', actor: 'SDF', q: 'حلب' });
  });

  test('axis labels: months over a year, years over a decade, days over a week', () => {
    const year = ticks(dayNumber('2024-01-01'), dayNumber('2025-01-01'), 1000).map((t) => t.label);
    assert.deepEqual(year, ['2024', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
    const decade = ticks(dayNumber('2015-06-01'), dayNumber('2025-01-01'), 800).map((t) => t.label);
    assert.deepEqual(decade, ['2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024']);
    const week = ticks(dayNumber('2024-03-01'), dayNumber('2024-03-08'), 600);
    assert.equal(week.length, 7);
    assert.equal(week[0].label, 'Mar 1');
    const fortnight = ticks(dayNumber('2024-01-03'), dayNumber('2024-02-02'), 300);
    assert.ok(fortnight.length >= 2);
    for (const t of fortnight) {
      assert.equal(new Date(t.day * 86_400_000).getUTCDay(), 1, 'week ticks fall on Mondays');
    }
  });
});

describe('countNoun', () => {
  const cases = [[0, 'incident', '0 incidents'], [1, 'incident', '1 incident'], [2, 'incident', '2 incidents'],
    [1, 'undated incident', '1 undated incident'], [1200, 'incident', '1,200 incidents'], ['1', 'incident', '1 incident']];
  for (const [n, noun, want] of cases) test(want, () => assert.equal(countNoun(n, noun), want));
});

describe('shortCount', () => {
  const cases = [[7, '7'], [999, '999'], [1000, '1k'], [1234, '1.2k'], [9999, '9.9k'], [12_345, '12k'], [1_500_000, '1.5M']];
  for (const [n, want] of cases) test(String(n), () => assert.equal(shortCount(n), want));
});
