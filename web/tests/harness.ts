/**
 * Browser-test fixture: builds the web app with Vite, generates NFW logs, ingests them into a temporary
 * DuckDB store, serves both with the real server on 127.0.0.1 (random port) and opens Debian's Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterIngest } from '../../src/cli/after-ingest.ts';
import { generateLogs } from '../../src/generate/index.ts';
import { ingestPaths } from '../../src/ingest/ingest-files.ts';
import { startServer } from '../../src/server/start-server.ts';
import { DuckDbStore } from '../../src/store/duckdb/index.ts';

export const WEB_ROOT = resolve(import.meta.dirname, '..');
/**
 * Where page screenshots go: the README's `docs/screenshots/` only when asked (`npm run screenshots`
 * sets NFWLENS_SCREENSHOTS), else a temporary folder, so `npm test` writes nothing into tracked files.
 */
export const SCREENSHOTS = process.env.NFWLENS_SCREENSHOTS
  ? resolve(process.env.NFWLENS_SCREENSHOTS)
  : mkdtempSync(join(tmpdir(), 'nfwlens-screenshots-'));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Fixture {
  url: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function buildWeb(outDir: string): Promise<void> {
  await build({
    root: WEB_ROOT,
    configFile: join(WEB_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

export async function startFixture(opts: { records: number; seed: number }): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'nfwlens-web-'));
  const webDir = join(dir, 'web');
  await buildWeb(webDir);
  await generateLogs({ outDir: join(dir, 'logs'), records: opts.records, seed: opts.seed, hours: 24 });
  const store = await DuckDbStore.open({ path: join(dir, 'db.duckdb') });
  await ingestPaths([join(dir, 'logs')], { store });
  await afterIngest(store);
  const server = await startServer({ store, webDir, host: '127.0.0.1', port: 0, dbPath: null });
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'Asia/Tokyo',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // every Content-Security-Policy violation of every page, for the tests to assert there are none
  await context.addInitScript(() => {
    const w = window as unknown as { nfwlensCsp?: string[] };
    w.nfwlensCsp = [];
    window.addEventListener('securitypolicyviolation', (e) => {
      w.nfwlensCsp?.push(`${e.effectiveDirective}: ${e.blockedURI || e.sample || 'inline'}`);
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return {
    url: server.url.replace(/\/$/, ''),
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
