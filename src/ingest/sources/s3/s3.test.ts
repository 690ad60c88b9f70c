import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectorStatus } from '../collector-status.ts';
import {
  countRows,
  netflowLine,
  openStore,
  range,
  storedFlowIds,
  tempDir,
  watchCommits,
} from '../sources.testing.ts';
import { s3SourceSchema } from './config.ts';
import { nfwKey, parseNfwKey } from './s3-key.ts';
import { S3Collector } from './s3-source.ts';
import { type S3rverHandle, startS3rver } from './s3rver.testing.ts';

let s3: S3rverHandle;
let dir: string;
beforeAll(async () => {
  s3 = await startS3rver();
  dir = tempDir('s3');
});
afterAll(async () => {
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const HOUR0 = Date.UTC(2024, 0, 1, 5);
const key = (i: number, hour = 0, type = 'flow') =>
  nfwKey({
    prefix: 'flow-logs',
    account: '111122223333',
    logType: type,
    region: 'us-east-1',
    firewall: 'test-fw',
    time: new Date(HOUR0 + hour * 3_600_000 + (i % 12) * 300_000),
    hash: `h${String(i).padStart(6, '0')}`,
  });
/** Object `i` holds flow ids i*per .. i*per+per-1. */
const body = (i: number, per: number) =>
  gzipSync(
    `${range(i * per, i * per + per)
      .map((id) => netflowLine(id))
      .join('\n')}\n`,
  );

async function putAll(bucket: string, items: [string, Buffer | string][]): Promise<void> {
  for (let i = 0; i < items.length; i += 32) {
    await Promise.all(items.slice(i, i + 32).map(([k, b]) => s3.put(bucket, k, b)));
  }
}

const config = (bucket: string, extra: Record<string, unknown> = {}) =>
  s3SourceSchema.parse({
    name: bucket,
    type: 's3',
    bucket,
    prefix: 'flow-logs',
    endpoint: s3.endpoint,
    ...extra,
  });

describe('parseNfwKey', () => {
  it.each([
    [
      'AWSLogs/11111111111/network-firewall/flow/us-east-1/test-firewall/2020/10/01/19/11111111111_network-firewall_flow_us-east-1_test-firewall_202010011920_44442222.log.gz',
      'flow',
      Date.UTC(2020, 9, 1, 19, 20),
    ],
    [
      '//AWSLogs/1/network-firewall/alert/eu-west-2/fw-1/2024/02/03/04/1_network-firewall_alert_eu-west-2_fw-1_20240203T0405Z_ab12.log.gz',
      'alert',
      Date.UTC(2024, 1, 3, 4, 5),
    ],
    [
      'firewall/AWSLogs/o-abc123/222/network-firewall/tls/us-west-2/x/2024/02/03/04/222_network-firewall_tls_us-west-2_x_202402030400_f.log.gz',
      'tls',
      Date.UTC(2024, 1, 3, 4, 0),
    ],
  ])('parses %s', (k, type, time) => {
    expect(parseNfwKey(k)).toMatchObject({ logType: type, fileTime: time });
  });
  it.each([
    ['athena-results/2024/abc.csv'],
    [
      'AWSLogs/1/network-firewall/flow/us-east-1/fw/2024/01/01/00/1_network-firewall_alert_us-east-1_fw_202401010000_a.log.gz',
    ],
    ['AWSLogs/1/network-firewall/flow/us-east-1/fw/2024/01/01/00/notes.txt'],
  ])('ignores %s', (k) => {
    expect(parseNfwKey(k)).toBeNull();
  });
});

describe('S3Collector against s3rver', () => {
  it('collects > 1,000 objects across pages, keeps a corrupt object as rejected, ignores other keys, then only new objects', async () => {
    const bucket = 'paging';
    await s3.createBucket(bucket);
    const N = 1_050;
    const items: [string, Buffer | string][] = range(0, N).map((i) => [key(i), body(i, 2)]);
    items.push(['flow-logs/athena-results/2024/01/01/result.csv', 'a,b\n1,2\n']);
    items.push([key(9_999).replace('.log.gz', '.log.gz.metadata'), 'x']);
    const corrupt = key(5_000, 1);
    items.push([corrupt, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not deflate data at all')])]);
    await putAll(bucket, items);

    const path = join(dir, 'paging.duckdb');
    let store = await openStore(path);
    const first = await new S3Collector(config(bucket), { store, client: s3.client }).poll();
    expect(first.records).toBe(N * 2);
    expect(await storedFlowIds(store)).toEqual(range(0, N * 2));
    const rejected = await store.listRejected();
    expect(rejected.map((r) => [r.origin, r.reason])).toEqual([[`s3://${bucket}/${corrupt}`, 'bad_gzip']]);
    expect(await countRows(store, "SELECT count(*) AS n FROM events WHERE origin LIKE '%athena%'")).toBe(0);

    // New objects: later in the same hour, and in a new hour; the next poll takes only those.
    // The corrupt object is the latest hour's last key; another file of its 5-minute slot sorts before it.
    const sameSlot = corrupt.replace('h005000', 'h000001');
    expect(sameSlot < corrupt).toBe(true);
    await putAll(bucket, [
      [sameSlot, body(2_000, 2)],
      [key(2_001, 3), body(2_001, 2)],
    ]);
    await store.close();
    store = await openStore(path);
    const collector = new S3Collector(config(bucket), { store, client: s3.client });
    expect((await collector.poll()).records).toBe(4);
    expect((await collector.poll()).records).toBe(0);
    expect(await storedFlowIds(store)).toEqual([...range(0, N * 2), 4_000, 4_001, 4_002, 4_003]);
    const [status] = await collectorStatus(store);
    expect(status).toMatchObject({ source: bucket, type: 's3', records: N * 2 + 4, rejected: 1, errors: 0 });
    expect(status?.position).toBe(key(2_001, 3));
    await store.close();
  });

  it('resumes mid-object after a stop and after a store failure: totals exact', async () => {
    const bucket = 'restart';
    await s3.createBucket(bucket);
    const N = 12;
    const PER = 250;
    await putAll(
      bucket,
      range(0, N).map((i) => [key(i, i % 2), body(i, PER)]),
    );
    const cfg = config(bucket, { batchSize: 100 });
    const path = join(dir, 'restart.duckdb');

    // 1. Stop (abort) after 7 commits: object 2 is half done.
    let store = await openStore(path);
    const stop = new AbortController();
    const watched = watchCommits(store, (n) => n === 7 && stop.abort());
    await new S3Collector(cfg, { store: watched, client: s3.client }).poll(stop.signal);
    const partial = (await storedFlowIds(store)).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(N * PER);
    await store.close();

    // 2. The store fails on the 4th commit of the next run.
    store = await openStore(path);
    const failing = watchCommits(store, (n) => {
      if (n === 4) throw new Error('disk full');
    });
    await expect(new S3Collector(cfg, { store: failing, client: s3.client }).poll()).rejects.toThrow(
      'disk full',
    );
    await store.close();

    // 3. A clean run finishes: every record exactly once.
    store = await openStore(path);
    await new S3Collector(cfg, { store, client: s3.client }).poll();
    expect(await storedFlowIds(store)).toEqual(range(0, N * PER));
    const [status] = await collectorStatus(store);
    expect(status).toMatchObject({ records: N * PER, errors: 1 });
    await store.close();
  });

  it('builds its client from the config, credentials from the SDK default chain (environment)', async () => {
    const bucket = 'default-chain';
    await s3.createBucket(bucket);
    await putAll(bucket, [[key(1), body(1, 3)]]);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
    const store = await openStore(join(dir, 'chain.duckdb'));
    try {
      const cfg = config(bucket, { region: 'us-east-1' });
      expect((await new S3Collector(cfg, { store }).poll()).records).toBe(3);
      expect(await storedFlowIds(store)).toEqual([3, 4, 5]);
    } finally {
      vi.unstubAllEnvs();
      await store.close();
    }
  });
});
