/** Test fixture: a small set of NFW records ingested into a real store (of each engine), and an app over it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterIngest } from '../cli/after-ingest.ts';
import { ingestPaths } from '../ingest/ingest-files.ts';
import { alert, netflow } from '../sessions/fixtures.testing.ts';
import { DuckDbStore } from '../store/duckdb/index.ts';
import type { StoreEngine } from '../store/engines.testing.ts';
import type { Store } from '../store/store.ts';
import { type AppOptions, buildApp } from './app.ts';

/** The flow with both halves and a blocking alert. */
export const STORY = { flowId: 1001, fw: 'fw-a', az: 'us-east-1a', sid: 2_000_001 } as const;
/** Single-half flows, one a minute from 2024-01-01T01:00Z: enough rows to page through. */
export const PAGED_FLOWS = 30;
export const BAD_LINE = '{"firewall_name": "fw-a", "event": ';

function minute(i: number): string {
  return new Date(Date.UTC(2024, 0, 1, 1, i)).toISOString().replace('Z', '000+0000');
}

export function fixtureLines(): string[] {
  const lines = [
    netflow({
      flowId: STORY.flowId,
      ts: '2024-01-01T00:00:10.000000+0000',
      start: '2024-01-01T00:00:00.000000+0000',
      end: '2024-01-01T00:00:05.000000+0000',
      src: '10.0.0.1',
      sport: 40000,
      dst: '192.0.2.1',
      dport: 443,
      pkts: 10,
      bytes: 1200,
      app: 'tls',
    }),
    netflow({
      flowId: STORY.flowId,
      ts: '2024-01-01T00:00:10.000100+0000',
      start: '2024-01-01T00:00:00.000000+0000',
      end: '2024-01-01T00:00:05.000000+0000',
      src: '192.0.2.1',
      sport: 443,
      dst: '10.0.0.1',
      dport: 40000,
      pkts: 8,
      bytes: 6400,
      app: 'tls',
    }),
    alert({ flowId: STORY.flowId, ts: '2024-01-01T00:00:01.000000+0000', action: 'blocked', sid: STORY.sid }),
  ];
  for (let i = 0; i < PAGED_FLOWS; i++) {
    lines.push(
      netflow({
        flowId: 5000 + i,
        ts: minute(i),
        start: minute(i),
        src: `10.1.0.${i + 1}`,
        sport: 50000 + i,
        dst: '198.51.100.7',
        dport: 53,
        proto: 'UDP',
        pkts: 1,
        bytes: 80 + i,
        app: 'dns',
      }),
    );
  }
  lines.push(BAD_LINE);
  return lines;
}

export interface Fixture<S extends Store = DuckDbStore> {
  store: S;
  dir: string;
  close(): Promise<void>;
}

/**
 * A store holding the fixture, sessions refreshed: a DuckDB store at `at` (a path; default in
 * memory), or a fresh store of the engine `at`.
 */
export async function openFixtureStore(at?: string): Promise<Fixture>;
export async function openFixtureStore(at: StoreEngine): Promise<Fixture<Store>>;
export async function openFixtureStore(at: string | StoreEngine = ':memory:'): Promise<Fixture<Store>> {
  const dir = mkdtempSync(join(tmpdir(), 'nfwlens-server-'));
  const file = join(dir, 'fixture.log');
  writeFileSync(file, `${fixtureLines().join('\n')}\n`);
  let store: Store;
  let closeStore: () => Promise<void>;
  if (typeof at === 'string') {
    const duck = await DuckDbStore.open({ path: at });
    store = duck;
    closeStore = () => duck.close();
  } else {
    const opened = await at.open();
    store = opened.store;
    closeStore = () => opened.close();
  }
  await ingestPaths([file], { store });
  await afterIngest(store);
  return {
    store,
    dir,
    async close() {
      await closeStore();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An app over the store, with `now` pinned after the fixture's data. */
export function fixtureApp(store: Store, opts: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  return buildApp({ store, now: () => new Date('2024-01-02T00:00:00Z'), ...opts });
}
