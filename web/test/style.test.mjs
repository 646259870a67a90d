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

test('clusters are sized by count, incidents drawn by their type\'s icon', () => {
  const clusters = style.layers.filter((l) => l.id.startsWith('clusters-'));
  const radii = new Set(clusters.map((l) => l.paint['circle-radius']));
  assert.ok(radii.size >= 4, 'cluster radii by count band');
  assert.ok(clusters.every((l) => JSON.stringify(l.filter).includes('["get","count"]')));
  const incidents = style.layers.filter((l) => l.id.startsWith('incidents-'));
  assert.ok(new Set(incidents.map((l) => l.layout['icon-image'])).size >= 9, 'an icon (colour and shape) per type');
  assert.ok(style.sources.incidents.tiles[0].startsWith('https://'));
  assert.ok(style.sprite.startsWith('https://') && style.sprite.endsWith('/tiles/incidents/sprite'));
});

test('the validator catches a broken style (it is not a no-op)', () => {
  const broken = structuredClone(style);
  broken.layers[0].paint['circle-color'] = 'not a colour';
  broken.layers[1].filter = ['==', 'cluster'];
  assert.notEqual(validateStyleMin(broken).length, 0);
});
