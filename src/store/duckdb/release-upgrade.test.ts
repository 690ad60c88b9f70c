/**
 * A database made by a released version (committed under test/fixtures/databases) is upgraded by
 * the current code: its records, rejects, checkpoints and sessions survive, the sessions stay up to
 * date, and its schema ends equal to a new database's.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../ingest/ingest-files.ts';
import { listSessions, refreshSessions } from '../../sessions/index.ts';
import { DuckDbStore } from './duckdb-store.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures');
const SAMPLES = join(FIXTURES, 'public-samples');
/** Where the release read the samples from when it made the fixture (its positions name these paths). */
const RELEASE_SAMPLES = '/tmp/nfwlens-release-v3-samples';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-release-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(RELEASE_SAMPLES, { recursive: true, force: true });
});

function releaseCopy(name: string): string {
  const path = join(dir, name.replace(/\.gz$/, ''));
  writeFileSync(path, gunzipSync(readFileSync(join(FIXTURES, 'databases', name))));
  return path;
}

/** Every table's columns and types, as DuckDB describes them. */
async function schema(store: DuckDbStore): Promise<unknown[]> {
  return store.query(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = 'main' AND table_name NOT LIKE 'schema_migrations' ORDER BY table_name, ordinal_position`,
  );
}

async function count(store: DuckDbStore, table: string): Promise<number> {
  return Number((await store.query(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
}

describe('a database of the released schema version 3', () => {
  it('opens upgraded, with its data and the schema of a new database', async () => {
    const fresh = await DuckDbStore.open({ path: join(dir, 'fresh.duckdb') });
    const want = await schema(fresh);
    await fresh.close();

    const store = await DuckDbStore.open({ path: releaseCopy('release-v3.duckdb.gz') });
    try {
      expect(await schema(store)).toEqual(want);
      // What the release stored: 26 records of the public samples, 1 rejected line, their positions.
      expect(await count(store, 'events')).toBe(26);
      expect((await store.status()).rejected).toBe(1);
      expect((await store.listCheckpoints('file')).length).toBeGreaterThan(0);
      const before = await listSessions(store, { limit: 1000, sort: 'start' });
      expect(before.length).toBeGreaterThan(0);

      // The same files again, where the release read them, add nothing (its positions are honoured)...
      cpSync(SAMPLES, RELEASE_SAMPLES, { recursive: true });
      const again = await ingestPaths([RELEASE_SAMPLES], { store, workers: 0 });
      expect(again.records).toBe(0);
      // ...and a refresh keeps the sessions it made.
      await refreshSessions(store);
      const after = await listSessions(store, { limit: 1000, sort: 'start' });
      expect(after.map((s) => [s.flow_id, s.total_bytes])).toEqual(
        before.map((s) => [s.flow_id, s.total_bytes]),
      );
    } finally {
      await store.close();
    }
  });
});
