// What the end-to-end tests run against: the real `incidentmap serve`
// on a free loopback port with a temporary database (loaded with the
// sample articles) and a known token, and Debian's chromium driven by
// playwright-core. The basemap points at a loopback port where nothing
// listens, so no request leaves the machine.
//
// INCIDENTMAP_E2E_ENGINE=postgres runs the same tests over PostgreSQL:
// each server gets a fresh database of a throwaway cluster that
// internal/tools/pgscratch runs for the whole run (skipped without
// PostgreSQL's binaries, unless INCIDENTMAP_TEST_REQUIRE_POSTGRES is
// set, as in CI).

import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = path.resolve(webDir, '..');

/** The token the server is started with. */
export const TOKEN = 'e2e-token-not-secret';
/** Where screenshots go (git-ignored), test-results/postgres for the
 * PostgreSQL run. */
export const RESULTS = process.env.INCIDENTMAP_E2E_ENGINE === 'postgres'
  ? path.join(webDir, 'test-results', 'postgres')
  : path.join(webDir, 'test-results');

/** The browser: Debian's chromium package. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The store engine the servers run on: sqlite (default) or postgres. */
export const ENGINE = process.env.INCIDENTMAP_E2E_ENGINE ?? 'sqlite';
if (!['sqlite', 'postgres'].includes(ENGINE)) throw new Error(`INCIDENTMAP_E2E_ENGINE=${ENGINE}: want sqlite or postgres`);

/**
 * skipReason says why the tests cannot run here, or is false. Without
 * chromium they are skipped on a developer's machine, never in CI;
 * without PostgreSQL the postgres run is skipped unless required.
 */
export const skipReason = !existsSync(CHROMIUM) && !process.env.CI
  ? `${CHROMIUM} is missing (apt-get install chromium, or set CHROMIUM)`
  : ENGINE === 'postgres' && !postgresInstalled() && !process.env.INCIDENTMAP_TEST_REQUIRE_POSTGRES
    ? 'PostgreSQL 15 is not installed (apt-get install postgresql-15-postgis-3)'
    : false;

function postgresInstalled() {
  return [process.env.PG_BINDIR, '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin']
    .some((d) => d && existsSync(path.join(d, 'initdb')));
}

// The pgscratch process, started at the first PostgreSQL server.
let scratch;
function pgScratch() {
  scratch ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'incidentmap-e2e-pgscratch-'));
    const bin = path.join(dir, 'pgscratch');
    await promisify(execFile)('go', ['build', '-o', bin, './internal/tools/pgscratch'], { cwd: repoDir, maxBuffer: 16 << 20 });
    const proc = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
    return { proc, lines, dir };
  })();
  return scratch;
}

/** freshDatabase returns the URL of a fresh PostgreSQL database. */
async function freshDatabase() {
  const s = await pgScratch();
  s.proc.stdin.write('\n');
  const { value, done } = await s.lines.next();
  if (done || !value.startsWith('postgres')) throw new Error(`pgscratch: ${done ? 'exited' : value}`);
  return value;
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// closedPort returns a loopback port nothing listens on (it was free a
// moment ago), so that requests to it are refused at once.
async function closedPort() {
  const srv = net.createServer();
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

// buildOnce builds incidentmap once for every server of a run (or takes
// INCIDENTMAP_BIN).
let built;
function buildOnce() {
  built ??= (async () => {
    if (process.env.INCIDENTMAP_BIN) return { bin: process.env.INCIDENTMAP_BIN, dir: null };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'incidentmap-e2e-bin-'));
    const bin = path.join(dir, 'incidentmap');
    await promisify(execFile)('go', ['build', '-o', bin, './cmd/incidentmap'], { cwd: repoDir, maxBuffer: 16 << 20 });
    return { bin, dir };
  })();
  return built;
}

/** removeBuild deletes the binary buildOnce built, and stops the
 * PostgreSQL cluster if one was started; call it after the run. */
export async function removeBuild() {
  const b = await built;
  if (b?.dir) await rm(b.dir, { recursive: true, force: true });
  const s = await scratch;
  if (s) {
    const exited = new Promise((resolve) => s.proc.once('exit', resolve));
    s.proc.stdin.end();
    await exited;
    await rm(s.dir, { recursive: true, force: true });
  }
}

/**
 * startServer builds incidentmap (or takes INCIDENTMAP_BIN) and serves a
 * fresh database, loaded with the sample articles, or with the articles
 * of the files in ingest (`incidentmap ingest`) when given; it resolves
 * to {url, basemapOrigin, stop}. The basemap is a loopback port with
 * nothing behind it.
 */
export async function startServer({ ingest = [], args = [] } = {}) {
  const basemapOrigin = `http://127.0.0.1:${await closedPort()}`;
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'incidentmap-e2e-'));
  const { bin } = await buildOnce();
  const db = ENGINE === 'postgres' ? await freshDatabase() : path.join(tmp, 'e2e.db');
  if (ingest.length) {
    await promisify(execFile)(bin, ['ingest', '--db', db, ...ingest], { maxBuffer: 16 << 20 });
  }
  const proc = spawn(bin, [
    'serve', '--db', db, '--addr', '127.0.0.1:0', '--api-token', TOKEN,
    '--basemap-url', `${basemapOrigin}/{z}/{x}/{y}.png`, '--basemap-attribution', '© OpenStreetMap contributors',
    ...args,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`incidentmap serve did not start in 120 s:\n${log}`)), 120_000);
    proc.stderr.on('data', (chunk) => {
      log += chunk;
      const m = /msg=listening addr=(\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(`http://${m[1]}/`);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`incidentmap serve exited with ${code}:\n${log}`));
    });
  });
  const stop = async () => {
    if (proc.exitCode == null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    }
    await rm(tmp, { recursive: true, force: true });
  };
  const res = await fetch(url, { headers: { Accept: 'text/html' } });
  const body = await res.text();
  if (!res.headers.get('content-type')?.startsWith('text/html') || !body.includes('id="map"')) {
    await stop();
    throw new Error('incidentmap serve does not serve the web map at /: set server.Options.Web to web.Handler(...) in cmd/incidentmap/serve.go');
  }
  return { url, basemapOrigin, stop };
}

/** launchBrowser starts chromium with a fresh profile; it resolves to a
 * browser context whose requests may only go to the loopback address.
 * options are added to playwright's (bypassCSP lets a test inject
 * axe-core into pages whose CSP admits no script). */
export async function launchBrowser(options = {}) {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'incidentmap-e2e-chromium-'));
  await mkdir(RESULTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    locale: 'en-US',
    ...options,
  });
  const offsite = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1') return route.continue();
    offsite.push(u.href);
    return route.abort();
  });
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { context, offsite, close };
}

/**
 * watchConsole collects a page's console errors and uncaught exceptions,
 * leaving out the failed loads of the unreachable basemap, which the
 * test makes unreachable on purpose.
 */
export function watchConsole(page, basemapOrigin) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url ?? '';
    if (where.startsWith(basemapOrigin)) return;
    errors.push(`${msg.text()} (${where})`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return errors;
}
