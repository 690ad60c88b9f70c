import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DuckDbStore } from '../../../store/duckdb/index.ts';
import { describeEachEngine } from '../../../store/engines.testing.ts';
import type { Loader, LoaderOptions, Store } from '../../../store/store.ts';
import { NormalizePool } from '../../normalize-pool.ts';
import { collectorStatus } from '../collector-status.ts';
import {
  countRows,
  eventsFrom,
  netflowLine,
  openStore,
  range,
  storedFlowIds,
  tempDir,
  watchCommits,
  watchStoreCommits,
} from '../sources.testing.ts';
import { s3SourceSchema } from './config.ts';
import { nfwKey, parseNfwKey } from './s3-key.ts';
import { S3Collector } from './s3-source.ts';
import { type S3rverHandle, startS3rver } from './s3rver.testing.ts';
import { firstHour, hourEnd, markTaken, takenName } from './settle-window.ts';

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

/** Records the `Prefix` of every ListObjectsV2 call made by `s3.client` while `fn` runs. */
async function listedPrefixes<T>(fn: () => Promise<T>): Promise<{ result: T; prefixes: string[] }> {
  const prefixes: string[] = [];
  s3.client.middlewareStack.add(
    (next, ctx) => async (args) => {
      if (ctx.commandName === 'ListObjectsV2Command') {
        prefixes.push(String((args.input as { Prefix?: string }).Prefix ?? ''));
      }
      return next(args);
    },
    { step: 'initialize', name: 'listSpy' },
  );
  try {
    return { result: await fn(), prefixes };
  } finally {
    s3.client.middlewareStack.remove('listSpy');
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

describe('settle window', () => {
  const k = (hour: number, min: number, hash: string) =>
    nfwKey({
      account: '1',
      logType: 'flow',
      region: 'us-east-1',
      firewall: 'fw',
      time: new Date(HOUR0 + hour * 3_600_000 + min * 60_000),
      hash,
    });
  it.each([
    [k(0, 55, 'ab12'), '202401010555_ab12'],
    [
      'x/AWSLogs/1/network-firewall/tls/eu-west-2/fw-1/2024/02/03/04/1_network-firewall_tls_eu-west-2_fw-1_20240203T0405Z_f0.log.gz',
      '20240203T0405Z_f0',
    ],
  ])('takenName(%s)', (key, name) => {
    expect(takenName(key)).toBe(name);
  });

  // [settle minutes, minute of the newest file in hour 06, hours kept]
  it.each<[number, number, string[]]>([
    [30, 10, ['2024/01/01/05', '2024/01/01/06']],
    [30, 29, ['2024/01/01/05', '2024/01/01/06']],
    [30, 30, ['2024/01/01/06']],
    [0, 0, ['2024/01/01/06']],
    [120, 59, ['2024/01/01/05', '2024/01/01/06']],
  ])('settle %i min, newest at 06:%i keeps %j', (settle, minute, kept) => {
    let mark = { newest: null, hours: {} } as ReturnType<typeof markTaken>;
    mark = markTaken(mark, '2024/01/01/05', k(0, 50, 'a'), HOUR0 + 50 * 60_000, settle * 60_000);
    const before = mark;
    const t = HOUR0 + 3_600_000 + minute * 60_000;
    mark = markTaken(mark, '2024/01/01/06', k(1, minute, 'b'), t, settle * 60_000);
    expect(Object.keys(mark.hours).sort()).toEqual(kept);
    expect(mark.newest).toBe(t);
    expect(before.hours['2024/01/01/06']).toBeUndefined(); // the earlier mark is left as it was
  });

  it.each<[unknown, number | null]>([
    [undefined, 30],
    [0, 0],
    [240, 240],
    [-1, null],
    [24 * 60 + 1, null],
    [2.5, null],
  ])('settleMinutes %s → %s', (settleMinutes, expected) => {
    const r = s3SourceSchema.safeParse({ name: 'a', type: 's3', bucket: 'bkt', settleMinutes });
    expect(r.success ? r.data.settleMinutes : null).toBe(expected);
  });

  it.each([
    [{ newest: null, hours: {} }, null],
    [{ newest: HOUR0 + 60_000, hours: {} }, '2024/01/01/05'],
    [{ newest: HOUR0 + 3_700_000, hours: { '2024/01/01/06': [], '2024/01/01/05': ['x'] } }, '2024/01/01/05'],
  ])('firstHour(%j) = %s', (mark, expected) => {
    expect(firstHour(mark)).toBe(expected);
  });

  it('hourEnd', () => {
    expect(hourEnd('2024/12/31/23')).toBe(Date.UTC(2025, 0, 1));
  });
});

describeEachEngine('S3Collector against s3rver', (engine) => {
  // Its 1,050 objects cost ~15 s of s3rver time on any engine: it runs on DuckDB only, to keep the run
  // short. ClickHouse's side of it (one commit of 1,000+ checkpoints) is in the ClickHouse store test.
  it.runIf(engine.name === 'duckdb')(
    'collects > 1,000 objects across pages, keeps a corrupt object as rejected, ignores other keys, then only new objects',
    async () => {
      const bucket = `paging-${engine.name}`;
      await s3.createBucket(bucket);
      const N = 1_050;
      const items: [string, Buffer | string][] = range(0, N).map((i) => [key(i), body(i, 2)]);
      items.push(['flow-logs/athena-results/2024/01/01/result.csv', 'a,b\n1,2\n']);
      items.push([key(9_999).replace('.log.gz', '.log.gz.metadata'), 'x']);
      const corrupt = key(5_000, 1);
      items.push([
        corrupt,
        Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not deflate data at all')]),
      ]);
      await putAll(bucket, items);

      const opened = await engine.open({ file: true });
      let store = opened.store;
      const first = await new S3Collector(config(bucket), { store, client: s3.client }).poll();
      expect(first.records).toBe(N * 2);
      expect(await storedFlowIds(store)).toEqual(range(0, N * 2));
      const rejected = await store.listRejected();
      expect(rejected.map((r) => [r.origin, r.reason])).toEqual([[`s3://${bucket}/${corrupt}`, 'bad_gzip']]);
      expect(await eventsFrom(store, /athena/)).toBe(0);

      // New objects: later in the same hour, and in a new hour; the next poll takes only those.
      // The corrupt object is the latest hour's last key; another file of its 5-minute slot sorts before it.
      const sameSlot = corrupt.replace('h005000', 'h000001');
      expect(sameSlot < corrupt).toBe(true);
      await putAll(bucket, [
        [sameSlot, body(2_000, 2)],
        [key(2_001, 3), body(2_001, 2)],
      ]);
      store = await opened.reopen();
      const collector = new S3Collector(config(bucket), { store, client: s3.client });
      expect((await collector.poll()).records).toBe(4);
      expect((await collector.poll()).records).toBe(0);
      expect(await storedFlowIds(store)).toEqual([...range(0, N * 2), 4_000, 4_001, 4_002, 4_003]);
      const [status] = await collectorStatus(store);
      expect(status).toMatchObject({
        source: bucket,
        type: 's3',
        records: N * 2 + 4,
        rejected: 1,
        errors: 0,
      });
      expect(status?.position).toBe(key(2_001, 3));
      await opened.close();
    },
  );

  it('resumes mid-object after a stop and after a store failure: totals exact', async () => {
    const bucket = `restart-${engine.name}`;
    await s3.createBucket(bucket);
    const N = 12;
    const PER = 250;
    await putAll(
      bucket,
      range(0, N).map((i) => [key(i, i % 2), body(i, PER)]),
    );
    const cfg = config(bucket, { batchSize: 100 });
    const opened = await engine.open({ file: true });

    // 1. Stop (abort) after 7 commits: object 2 is half done.
    let store = opened.store;
    const stop = new AbortController();
    const watched = watchStoreCommits(store, (n) => n === 7 && stop.abort());
    await new S3Collector(cfg, { store: watched, client: s3.client }).poll(stop.signal);
    const partial = (await storedFlowIds(store)).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(N * PER);

    // 2. The store fails on the 4th commit of the next run.
    store = await opened.reopen();
    const failing = watchStoreCommits(store, (n) => {
      if (n === 4) throw new Error('disk full');
    });
    await expect(new S3Collector(cfg, { store: failing, client: s3.client }).poll()).rejects.toThrow(
      'disk full',
    );

    // 3. A clean run finishes: every record exactly once.
    store = await opened.reopen();
    await new S3Collector(cfg, { store, client: s3.client }).poll();
    expect(await storedFlowIds(store)).toEqual(range(0, N * PER));
    const [status] = await collectorStatus(store);
    expect(status).toMatchObject({ records: N * PER, errors: 1 });
    await opened.close();
  });
});

describe('S3Collector against s3rver [duckdb]', () => {
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

  it('takes a file landing late in an earlier hour while that hour settles, and never lists older hours again', async () => {
    const bucket = 'late';
    await s3.createBucket(bucket);
    // Hour 05 whole (05:00 .. 05:55) and the first two files of hour 06.
    await putAll(bucket, [
      ...range(0, 12).map((i): [string, Buffer] => [key(i), body(i, 1)]),
      [key(12, 1), body(12, 1)],
      [key(13, 1), body(13, 1)],
    ]);
    const store = await openStore(join(dir, 'late.duckdb'));
    const collector = new S3Collector(config(bucket), { store, client: s3.client });
    expect((await collector.poll()).records).toBe(14);

    // 05:55 file closed late (its hash sorts first), then 06:10 arrives: hour 05 is still settling.
    await putAll(bucket, [
      [key(23).replace('h000023', 'a000023'), body(23, 1)],
      [key(14, 1), body(14, 1)],
    ]);
    expect(await countRows(store, 'SELECT count(*) AS n FROM events')).toBe(14);
    expect((await collector.poll()).records).toBe(2);
    expect(await storedFlowIds(store)).toEqual(
      range(0, 15)
        .concat(23)
        .sort((a, b) => a - b),
    );

    // 06:35: hour 05 ended more than 30 minutes before the newest file, so the poll after the one
    // that takes it lists only hour 06 (and nothing above the hour folders without a delimiter).
    await putAll(bucket, [[key(19, 1), body(19, 1)]]);
    expect((await collector.poll()).records).toBe(1);
    const { result, prefixes } = await listedPrefixes(() => collector.poll());
    expect(result.records).toBe(0);
    const hourFolder = (h: number) => key(0, h).slice(0, key(0, h).lastIndexOf('/') + 1);
    const objectListings = prefixes.filter((p) => p.split('/').length === 12);
    expect(objectListings).toEqual([hourFolder(1)]);
    const [status] = await collectorStatus(store);
    expect(status?.position).toBe(key(19, 1));
    await store.close();
  });

  it('finds a firewall, region or log type that appears after the first poll', async () => {
    const bucket = 'new-folders';
    await s3.createBucket(bucket);
    const at = (firewall: string, region: string, logType: string, id: number): [string, Buffer] => [
      nfwKey({
        prefix: 'flow-logs',
        account: '111122223333',
        logType,
        region,
        firewall,
        time: new Date(HOUR0),
        hash: `n${id}`,
      }),
      gzipSync(`${netflowLine(id)}\n`),
    ];
    await putAll(bucket, [at('test-fw', 'us-east-1', 'flow', 1)]);
    const store = await openStore(join(dir, 'new-folders.duckdb'));
    const collector = new S3Collector(config(bucket), { store, client: s3.client });
    expect((await collector.poll()).records).toBe(1);
    await putAll(bucket, [
      at('other-fw', 'us-east-1', 'flow', 2),
      at('test-fw', 'eu-west-2', 'flow', 3),
      at('test-fw', 'us-east-1', 'alert', 4),
    ]);
    expect((await collector.poll()).records).toBe(3);
    expect(await storedFlowIds(store)).toEqual([1, 2, 3, 4]);
    await store.close();
  });

  it('commits up to batchSize records at a time, across objects, each commit with the checkpoints of exactly what it holds', async () => {
    const bucket = 'commits';
    await s3.createBucket(bucket);
    const N = 20;
    const PER = 50;
    await putAll(
      bucket,
      range(0, N).map((i) => [key(i, Math.floor(i / 12)), body(i, PER)]),
    );
    // [batchSize, most events in one commit, fewest commits holding events]
    const cases: [number | undefined, number, number][] = [
      [undefined, N * PER, 1],
      [200, 200, (N * PER) / 200],
    ];
    for (const [batchSize, most, fewest] of cases) {
      const store = await openStore(join(dir, `commits-${batchSize ?? 'default'}.duckdb`));
      const committed = new Map<string, number>(); // events per origin so far
      let total = 0;
      const sizes: number[] = [];
      const watched = watchCommits(store, (_n, staged) => {
        for (const c of staged.staging.chunks)
          committed.set(c.origin, (committed.get(c.origin) ?? 0) + c.count);
        total += staged.staging.count;
        if (staged.staging.count > 0) sizes.push(staged.staging.count);
        for (const cp of staged.checkpoints) {
          // The tally counts every event committed so far; an object's checkpoint, its own.
          if (cp.kind === 'collector') expect(cp.records).toBe(total);
          else expect(cp.records).toBe(committed.get(cp.origin));
        }
      });
      const cfg = config(bucket, batchSize ? { batchSize } : {});
      const collector = new S3Collector(cfg, { store: watched, client: s3.client });
      expect((await collector.poll()).records).toBe(N * PER);
      await collector.close();
      expect(Math.max(...sizes)).toBe(most);
      expect(sizes.length).toBeGreaterThanOrEqual(fewest);
      expect(await storedFlowIds(store)).toEqual(range(0, N * PER));
      await store.close();
    }
  });

  it('normalises on this thread with workers: 0, and as rows for a store whose loader takes no staged rows', async () => {
    const bucket = 'inline';
    await s3.createBucket(bucket);
    await putAll(
      bucket,
      range(0, 6).map((i) => [key(i), body(i, 40)]),
    );
    const plain = await openStore(join(dir, 'inline-plain.duckdb'));
    // The same store with loaders that take no staged rows: rows are normalised here and handed over.
    const unstaged = new Proxy(plain, {
      get(target, prop) {
        if (prop === 'loader') {
          return (opts?: LoaderOptions): Loader => {
            const loader = target.loader(opts);
            return new Proxy(loader, {
              get: (l, p) => {
                if (p === 'stager') return null;
                const v = Reflect.get(l, p, l);
                return typeof v === 'function' ? v.bind(l) : v;
              },
            });
          };
        }
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as Store;
    const inline = await openStore(join(dir, 'inline-workers0.duckdb'));
    const stage = vi.spyOn(NormalizePool.prototype, 'stage');
    try {
      for (const [store, workers] of [
        [unstaged, undefined],
        [inline, 0],
      ] as const) {
        const r = await new S3Collector(config(bucket, { batchSize: 100 }), {
          store,
          client: s3.client,
          workers,
        }).poll();
        expect(r.records).toBe(240);
        // The proxy forwards every other method to its DuckDB store.
        expect(await storedFlowIds(store as DuckDbStore)).toEqual(range(0, 240));
      }
      expect(stage).not.toHaveBeenCalled();
    } finally {
      stage.mockRestore();
      await plain.close();
      await inline.close();
    }
  });

  it('stops its normalising workers on close() and when a poll is stopped, and starts them again for the next poll', async () => {
    const bucket = 'workers';
    await s3.createBucket(bucket);
    await putAll(
      bucket,
      range(0, 8).map((i) => [key(i), body(i, 100)]),
    );
    const close = vi.spyOn(NormalizePool.prototype, 'close');
    const stage = vi.spyOn(NormalizePool.prototype, 'stage');
    const store = await openStore(join(dir, 'workers.duckdb'));
    try {
      const stop = new AbortController();
      const watched = watchCommits(store, (n) => n === 1 && stop.abort());
      const collector = new S3Collector(config(bucket, { batchSize: 100 }), {
        store: watched,
        client: s3.client,
      });
      const first = await collector.poll(stop.signal);
      expect(first.records).toBeLessThan(800);
      expect(close).toHaveBeenCalledTimes(1);
      stage.mockClear();
      const rest = await collector.poll();
      expect(stage).toHaveBeenCalled(); // a fresh pool
      expect(first.records + rest.records).toBe(800);
      expect(close).toHaveBeenCalledTimes(1); // kept between polls
      await collector.close();
      expect(close).toHaveBeenCalledTimes(2);
      expect(await storedFlowIds(store)).toEqual(range(0, 800));
    } finally {
      close.mockRestore();
      stage.mockRestore();
      await store.close();
    }
  });
});
