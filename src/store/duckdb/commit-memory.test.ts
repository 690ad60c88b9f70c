import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeLine } from '../../normalize/index.ts';
import type { Checkpoint, EventInput } from '../store.ts';
import { DuckDbStore } from './duckdb-store.ts';

/** One netflow record per file, as a day of 5-minute files of a quiet firewall. */
function eventOf(i: number): EventInput {
  const ts = new Date(Date.UTC(2026, 9, 1) + i * 300_000).toISOString();
  const text = JSON.stringify({
    firewall_name: 'fw',
    availability_zone: 'us-east-1a',
    event_timestamp: String(Math.floor(Date.parse(ts) / 1000)),
    event: {
      timestamp: ts,
      flow_id: 1000 + i,
      event_type: 'netflow',
      src_ip: '10.0.0.1',
      src_port: 1024 + i,
      dest_ip: '10.0.0.2',
      dest_port: 443,
      proto: 'TCP',
      netflow: { pkts: 1, bytes: 60, start: ts, end: ts, age: 0, min_ttl: 64, max_ttl: 64 },
    },
  });
  const r = normalizeLine(text);
  if (!r.ok) throw new Error(r.message);
  return { row: r.row, residual: r.residual, origin: `f${i}.log`, line: 1 };
}

const checkpointOf = (i: number): Checkpoint => ({
  sourceKey: `file:${i}`,
  kind: 'file',
  origin: `AWSLogs/123456789012/network-firewall/flow/us-east-1/2026/10/01/f${i}.log.gz`,
  fingerprint: 'x'.repeat(64),
  offset: 400 + i,
  line: 1,
  records: 1,
  bytes: 400 + i,
});

describe('a commit of many small files', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes thousands of checkpoints under a small memory limit', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nfwlens-commit-memory-'));
    const store = await DuckDbStore.open({ path: join(dir, 'db.duckdb') });
    try {
      await store.setLimits({ memoryLimit: '96MB', threads: 1 });
      const n = 3000;
      const events = Array.from({ length: n }, (_, i) => eventOf(i));
      const checkpoints = Array.from({ length: n }, (_, i) => checkpointOf(i));
      // A source met twice in one commit: the last checkpoint is kept.
      checkpoints.push({ ...checkpointOf(7), offset: 9999, records: 2 });
      const result = await store.commitBatch({ events, rejects: [], checkpoints });
      expect(result.inserted).toBe(n);
      const stored = await store.listCheckpoints('file');
      expect(stored).toHaveLength(n);
      expect(await store.getCheckpoint('file:7')).toMatchObject({ offset: 9999, records: 2 });
      expect(await store.getCheckpoint('file:2999')).toMatchObject({ offset: 3399, line: 1, bytes: 3399 });
    } finally {
      await store.close();
    }
  }, 60_000);
});
