/**
 * npm run bench:dashboard — the dashboard's first load in Debian's Chromium on generated records
 * (default 1M): navigation start until every chart has rendered (the app's `nfw:dashboard:ready`
 * performance mark), against the baseline of the same API calls made directly over HTTP.
 *
 *   node --import tsx bench/dashboard.ts [--records 1000000] [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../src/server/start-server.ts';
import { DuckDbStore } from '../src/store/duckdb/index.ts';
import { buildWeb, CHROMIUM } from '../web/tests/harness.ts';
import { DashboardPage } from '../web/tests/pages/dashboard-page.ts';
import { BIN, benchData, CACHE, fmt, median } from './bench-data.ts';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } },
});
const records = Number(values.records);
const runs = Number(values.runs);
const data = await benchData(records);
const db = join(CACHE, `dashboard-${records}.duckdb`);
if (!existsSync(db)) {
  const r = spawnSync(process.execPath, [BIN, 'ingest', '--db', db, data.dir], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('ingest failed');
}
const dir = mkdtempSync(join(tmpdir(), 'nfwlens-bench-ui-'));
await buildWeb(join(dir, 'web'));
const store = await DuckDbStore.open({ path: db });
const server = await startServer({
  store,
  webDir: join(dir, 'web'),
  host: '127.0.0.1',
  port: 0,
  dbPath: null,
});
const base = server.url.replace(/\/$/, '');

// Baseline: the dashboard's API calls, in parallel as the page makes them, without the browser.
const api = [
  '/api/summary',
  '/api/reports/hourly-actions?tz=UTC',
  '/api/reports/top-destinations?top=10',
  '/api/reports/protocols?top=12&measure=sessions',
];
const apiMs: number[] = [];
for (let i = 0; i < runs + 1; i++) {
  const t0 = performance.now();
  await Promise.all(api.map((p) => fetch(base + p).then((r) => r.text())));
  if (i > 0) apiMs.push(performance.now() - t0);
}

const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
  ],
});
const loads: number[] = [];
for (let i = 0; i < runs + 1; i++) {
  const page = await context.newPage();
  const dash = await DashboardPage.open(page, base);
  const ms = await dash.firstLoadMs();
  if (i > 0 && ms !== null) loads.push(ms); // the first load warms caches
  await page.close();
}
await context.close();
await server.close();
await store.close();
rmSync(dir, { recursive: true, force: true });

const load = median(loads);
const apiMed = median(apiMs);
console.log(`dashboard benchmark: ${fmt(records)} generated records, medians of ${runs}`);
console.log(`  first load, all charts rendered  ${fmt(load)} ms (target < 1500 ms)`);
console.log(`  the same API calls over HTTP     ${fmt(apiMed)} ms -> page / API = ${fmt(load / apiMed, 2)}x`);
