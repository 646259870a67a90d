// Builds the web map into dist/ (or the directory given as the first
// argument): src/main.js and everything it imports, bundled and minified
// by esbuild into assets/ under content-hashed names, and index.html
// pointing at them. The Go package embeds dist/; the build is
// deterministic, so `make web-check` can rebuild and compare.

import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const assets = path.join(out, 'assets');

await rm(out, { recursive: true, force: true });
await mkdir(assets, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { app: 'src/main.js' },
  bundle: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  legalComments: 'eof',
  outdir: assets,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  // The outlines' TopoJSON is fetched when the map starts rather than
  // inlined in the script, and Leaflet's CSS images stay files.
  loader: { '.json': 'file', '.png': 'file', '.svg': 'file' },
  metafile: true,
  logLevel: 'warning',
});

// The names of the entry's script and stylesheet.
const names = {};
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (meta.entryPoint === 'src/main.js') {
    names['app.js'] = path.basename(file);
    if (meta.cssBundle) names['app.css'] = path.basename(meta.cssBundle);
  }
}
if (!names['app.js'] || !names['app.css']) throw new Error('build: no app.js or app.css in the esbuild output');

// The icon, hashed like the rest.
const icon = await readFile(path.join(root, 'src/icon.svg'));
names['icon.svg'] = `icon-${createHash('sha256').update(icon).digest('hex').slice(0, 8)}.svg`;
await writeFile(path.join(assets, names['icon.svg']), icon);
// The same icon at a fixed URL, /favicon.svg, which the API's HTML pages
// (rendered by the server, not built here) link to.
await writeFile(path.join(out, 'favicon.svg'), icon);

let html = await readFile(path.join(root, 'src/index.html'), 'utf8');
html = html.replace(/\{\{([\w.]+)\}\}/g, (_, name) => {
  if (!names[name]) throw new Error(`build: index.html names unknown asset ${name}`);
  return `assets/${names[name]}`;
});
await writeFile(path.join(out, 'index.html'), html);

const sizes = Object.entries(result.metafile.outputs).map(([f, m]) => `${path.basename(f)} ${(m.bytes / 1024).toFixed(1)} KiB`);
console.log(`web: built ${path.relative(process.cwd(), out) || '.'}: ${sizes.join(', ')}`);
