/**
 * What ingest keeps is what `search --format raw` and `GET /api/events/:id` give back: numbers beyond
 * a double keep their source text, and a record nested past the depth limit is rejected at ingest
 * (kept with its line), so that no result set holding it fails to print.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH } from '../normalize/exact-numbers.ts';
import { buildApp } from '../server/app.ts';
import { DuckDbStore } from '../store/duckdb/index.ts';
import { describeEachEngine, storedEvents, withStore } from '../store/engines.testing.ts';
import type { Store } from '../store/store.ts';
import { BIN } from './cli-process.testing.ts';
import { ingestPaths } from './ingest-files.ts';

const run = promisify(execFile);

const TS = '"timestamp":"2024-01-01T00:00:00.000000+0000"';
const BIG = [
  `{"firewall_name":"fw","availability_zone":"az","event":{${TS},"event_type":"netflow","flow_id":36893488147419103232,"src_ip":"10.0.0.1","netflow":{"bytes":9223372036854775808,"pkts":18446744073709551616}}}`,
  `{"firewall_name":"fw","availability_zone":"az","event":{${TS},"event_type":"netflow","flow_id":7,"src_ip":"10.0.0.2","netflow":{"bytes":12},"weird":[1e400,-1e-400,0.10000000000000000001]}}`,
];
const DEEP = `{"firewall_name":"fw","availability_zone":"az","event":{${TS},"event_type":"alert","flow_id":8,"x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`;

/** The number tokens of a JSON text, sorted (the test's own reading of the text). */
const numbersIn = (text: string): string[] =>
  (text.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/-?\d[\d.eE+-]*/g) ?? []).sort();

/** Equal as JSON (key order aside), and every number with the same text. */
function expectSameRecords(got: string[], want: string[]): void {
  const key = (t: string) => JSON.stringify(JSON.parse(t).event.src_ip);
  const a = [...got].sort((x, y) => key(x).localeCompare(key(y)));
  const b = [...want].sort((x, y) => key(x).localeCompare(key(y)));
  expect(a.map((t) => JSON.parse(t))).toEqual(b.map((t) => JSON.parse(t)));
  expect(a.map(numbersIn)).toEqual(b.map(numbersIn));
}

/** Ingests BIG and DEEP into `store`: the two records stored, the deep one rejected with its line. */
async function ingestExact(store: Store, file: string): Promise<void> {
  writeFileSync(file, `${BIG[0]}\n${DEEP}\n${BIG[1]}\n`);
  const s = await ingestPaths([file], { store });
  expect([s.records, s.rejected]).toEqual([2, 1]);
  const [rej] = await store.listRejected();
  expect([rej!.line, rej!.reason, rej!.origin]).toEqual([2, 'too_deep', file]);
  expect(rej!.message).toContain(`deeper than ${MAX_NESTING_DEPTH} levels`);
  expect(rej!.raw).toBe(DEEP);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-exact-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeEachEngine('originals as ingested', (engine) => {
  it('GET /api/events/:id over HTTP gives the exact original', async () => {
    await withStore(engine, async (store) => {
      await ingestExact(store, join(dir, `exact-${engine.name}.log`));
      const app = await buildApp({ store });
      try {
        await app.listen({ host: '127.0.0.1', port: 0 });
        const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        const ids = (await storedEvents(store)).map((r) => r.id);
        expect(ids).toHaveLength(2);
        const originals: string[] = [];
        for (const id of ids) {
          const res = await fetch(`${base}/api/events/${id}`);
          expect(res.status).toBe(200);
          originals.push(((await res.json()) as { original: string }).original);
        }
        expectSameRecords(originals, BIG);
      } finally {
        await app.close();
      }
    });
  });
});

describe('originals as ingested [duckdb, command line]', () => {
  it('search --format raw prints every number with its source text', async () => {
    const db = join(dir, 'exact.duckdb');
    const store = await DuckDbStore.open({ path: db });
    try {
      await ingestExact(store, join(dir, 'exact.log'));
    } finally {
      await store.close();
    }
    const { stdout } = await run(process.execPath, [BIN, 'search', '--db', db, '--format', 'raw'], {
      maxBuffer: 1 << 24,
    });
    expectSameRecords(stdout.trim().split('\n'), BIG);
  });
});
