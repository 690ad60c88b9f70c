/**
 * A file holding one JSON array of records (OpenSearch's NFW sample, Kibana exports, `--output json`
 * tools) is read as its records, each with the line it starts on; an element that is not an object
 * is rejected as `not_object` with its line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, type StoreEngine, storedEvents, withStore } from '../store/engines.testing.ts';
import { fetchOriginals } from '../store/original.ts';
import { ingestPaths } from './ingest-files.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-array-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function record(i: number) {
  return {
    firewall_name: 'fw',
    availability_zone: 'us-east-1a',
    event_timestamp: '1704067200',
    event: {
      timestamp: `2024-01-01T00:00:${String(i).padStart(2, '0')}.000000+0000`,
      flow_id: 5000 + i,
      event_type: 'alert',
      src_ip: '10.0.0.1',
      src_port: 1000 + i,
      dest_ip: '10.0.0.2',
      dest_port: 443,
      proto: 'TCP',
      alert: { action: 'blocked', signature_id: 1, rev: 1, signature: 'x', category: '', severity: 1 },
    },
  };
}

async function ingestText(engine: StoreEngine, name: string, text: string) {
  const file = join(dir, `${engine.name}-${name}`);
  writeFileSync(file, text);
  return withStore(engine, async (store) => {
    const s = await ingestPaths([file], { store, workers: 0 });
    const rows = await storedEvents(store);
    const originals = await fetchOriginals(
      store,
      rows.map((r) => r.id),
    );
    const rejected = await store.listRejected();
    return { s, lines: rows.map((r) => r.line), originals, rejected };
  });
}

describeEachEngine('a file holding one JSON array of records', (engine) => {
  it('stores each of 13 pretty-printed records at the line it starts on, and rejects nothing', async () => {
    const records = Array.from({ length: 13 }, (_, i) => record(i));
    const text = JSON.stringify(records, null, 2); // no newline at the end, as editors often leave it
    const { s, lines, originals, rejected } = await ingestText(engine, 'sample.json', text);
    expect([s.records, s.rejected]).toEqual([13, 0]);
    expect(rejected).toEqual([]);
    const starts = text.split('\n').flatMap((l, k) => (l === '  {' ? [k + 1] : []));
    expect(lines).toEqual(starts);
    expect(originals.map((o) => JSON.parse(o.json))).toEqual(records);
  });

  it('rejects an element that is not an object as not_object, with its line', async () => {
    const text = `[\n${JSON.stringify(record(1))},\n42,\n"a string",\nnull,\n${JSON.stringify(record(2))}\n]\n`;
    const { s, lines, rejected } = await ingestText(engine, 'mixed.json', text);
    expect([s.records, s.rejected]).toEqual([2, 3]);
    expect(lines).toEqual([2, 6]);
    expect(rejected.map((r) => [r.line, r.reason, r.raw])).toEqual([
      [3, 'not_object', '42'],
      [4, 'not_object', '"a string"'],
      [5, 'not_object', 'null'],
    ]);
  });
});
