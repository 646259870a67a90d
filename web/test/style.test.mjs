// The vector tiles' MapLibre style, as the server serves it (the Go test
// TestTileStyle keeps server/testdata/style.json equal to what
// /tiles/incidents/style.json answers), passes MapLibre's own style
// validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';

const style = JSON.parse(readFileSync(new URL('../../server/testdata/style.json', import.meta.url), 'utf8'));

test('the tile style passes @maplibre/maplibre-gl-style-spec validation', () => {
  const errors = validateStyleMin(style).map((e) => e.message);
  assert.deepEqual(errors, []);
});

test('clusters are sized by count and incidents coloured by sub-event type', () => {
  const clusters = style.layers.find((l) => l.id === 'incident-clusters');
  assert.ok(JSON.stringify(clusters.paint['circle-radius']).includes('["get","count"]'));
  const incidents = style.layers.find((l) => l.id === 'incidents');
  assert.equal(incidents.paint['circle-color'][0], 'match');
  assert.ok(style.sources.incidents.tiles[0].startsWith('https://'));
});

test('the validator catches a broken style (it is not a no-op)', () => {
  const broken = structuredClone(style);
  broken.layers[0].paint['circle-color'] = 'not a colour';
  assert.notEqual(validateStyleMin(broken).length, 0);
});
