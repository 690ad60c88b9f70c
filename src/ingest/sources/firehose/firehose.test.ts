import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbStore } from '../../../store/duckdb/index.ts';
import { describeEachEngine } from '../../../store/engines.testing.ts';
import type { Store } from '../../../store/store.ts';
import { collectorStatus } from '../collector-status.ts';
import {
  countRows,
  eventsFrom,
  netflowLine,
  openStore,
  range,
  storedFlowIds,
  tempDir,
} from '../sources.testing.ts';
import { accessKeyMatches, registerFirehose } from './firehose-plugin.ts';
import { KEEP_MS, SLOT_MS } from './request-ids.ts';

const KEY = 'secret-key-123';
let dir: string;
beforeAll(() => {
  dir = tempDir('firehose');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Endpoint<S extends Store = DuckDbStore> {
  url: string;
  app: FastifyInstance;
  store: S;
  close(): Promise<void>;
}

/** The endpoint on `store`; closing it closes the server only. */
async function serve<S extends Store>(
  store: S,
  maxBodyBytes?: number,
  now?: () => number,
): Promise<Endpoint<S>> {
  const app = Fastify();
  await registerFirehose(app, { store, name: 'fh', accessKey: KEY, maxBodyBytes, now });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/firehose`;
  return { url, app, store, close: () => app.close() };
}

/** The endpoint on the DuckDB store at `path`; closing it closes both. */
async function start(path: string, maxBodyBytes?: number, now?: () => number): Promise<Endpoint> {
  const ep = await serve(await openStore(path), maxBodyBytes, now);
  return {
    ...ep,
    close: async () => {
      await ep.app.close();
      await ep.store.close();
    },
  };
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const plainRecords = (ids: number[]) => ids.map((id) => ({ data: b64(`${netflowLine(id)}\n`) }));
const subscription = (ids: number[], messageType = 'DATA_MESSAGE') => ({
  data: b64(
    gzipSync(
      JSON.stringify({
        messageType,
        owner: messageType === 'CONTROL_MESSAGE' ? 'CloudwatchLogs' : '111122223333',
        logGroup: messageType === 'CONTROL_MESSAGE' ? '' : 'nfw-logs',
        logStream:
          messageType === 'CONTROL_MESSAGE' ? '' : '/aws/network-firewall/flow/test-fw_2024-01-01-00',
        subscriptionFilters: ['to-firehose'],
        logEvents:
          messageType === 'CONTROL_MESSAGE'
            ? [
                {
                  id: '',
                  timestamp: 0,
                  message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.',
                },
              ]
            : ids.map((id) => ({
                id: `3${String(id).padStart(55, '0')}`,
                timestamp: 1704067200000,
                message: netflowLine(id),
              })),
      }),
    ),
  ),
});

interface PostOptions {
  gzip?: boolean;
  /** Send `Content-Encoding: gzip` over a body that is not gzip. */
  claimGzip?: boolean;
  key?: string;
  body?: string;
}

async function post(
  url: string,
  requestId: string,
  records: unknown[],
  opts: PostOptions = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const text = JSON.stringify({ requestId, timestamp: 1704067200123, records });
  const raw = opts.body ?? text;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-amz-firehose-protocol-version': '1.0',
      'x-amz-firehose-request-id': requestId,
      'x-amz-firehose-source-arn': 'arn:aws:firehose:us-east-1:111122223333:deliverystream/nfw',
      'x-amz-firehose-access-key': opts.key ?? KEY,
      ...(opts.gzip || opts.claimGzip ? { 'content-encoding': 'gzip' } : {}),
    },
    body: opts.gzip ? gzipSync(raw) : raw,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('accessKeyMatches', () => {
  it.each([
    ['secret', 'secret', true],
    ['secreT', 'secret', false],
    ['secret-longer', 'secret', false],
    [undefined, 'secret', false],
    ['', 'secret', false],
  ])('%s vs %s', (got, want, ok) => {
    expect(accessKeyMatches(got, want)).toBe(ok);
  });
});

describeEachEngine('Firehose endpoint over HTTP', (engine) => {
  it('stores plain and subscription records, gzip or not, once per request id, across a restart', async () => {
    const opened = await engine.open({ file: true });
    let ep = await serve(opened.store);
    const r1 = await post(ep.url, 'req-1', plainRecords(range(0, 50)));
    expect(r1.status).toBe(200);
    expect(r1.json).toEqual({ requestId: 'req-1', timestamp: expect.any(Number) });
    const r2 = await post(
      ep.url,
      'req-2',
      [subscription(range(50, 80)), subscription([], 'CONTROL_MESSAGE')],
      {
        gzip: true,
      },
    );
    expect(r2.status).toBe(200);
    // Two concurrent retries of a new request and one retry of an old one: nothing doubled.
    const retries = await Promise.all([
      post(ep.url, 'req-3', plainRecords(range(80, 100)), { gzip: true }),
      post(ep.url, 'req-3', plainRecords(range(80, 100)), { gzip: true }),
      post(ep.url, 'req-1', plainRecords(range(0, 50))),
    ]);
    expect(retries.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await storedFlowIds(ep.store)).toEqual(range(0, 100));
    await ep.close();

    // Restart: a retry of an already committed request still adds nothing.
    ep = await serve(await opened.reopen());
    expect((await post(ep.url, 'req-2', [subscription(range(50, 80))], { gzip: true })).status).toBe(200);
    expect((await post(ep.url, 'req-4', plainRecords([100]))).status).toBe(200);
    expect(await storedFlowIds(ep.store)).toEqual(range(0, 101));
    const cwOrigin = `cloudwatch:nfw-logs//aws/network-firewall/flow/test-fw_2024-01-01-00#3${String(60).padStart(55, '0')}`;
    expect(await eventsFrom(ep.store, cwOrigin)).toBe(1);
    expect(await eventsFrom(ep.store, 'firehose:fh:req-1')).toBe(50);
    const [status] = await collectorStatus(ep.store);
    expect(status).toMatchObject({ source: 'fh', type: 'firehose', records: 101, position: 'req-4' });
    await ep.close();
    await opened.close();
  });

  it('stores a subscription event once per event id, across request ids and a restart', async () => {
    const opened = await engine.open({ file: true });
    let ep = await serve(opened.store);
    expect((await post(ep.url, 'ev-1', [subscription(range(0, 10))])).status).toBe(200);
    // The same events under new request ids, regrouped, with new ones among them.
    expect((await post(ep.url, 'ev-2', [subscription(range(5, 15)), subscription(range(0, 3))])).status).toBe(
      200,
    );
    expect(await storedFlowIds(ep.store)).toEqual(range(0, 15));
    await ep.close();
    ep = await serve(await opened.reopen());
    expect((await post(ep.url, 'ev-3', [subscription(range(10, 20))])).status).toBe(200);
    expect(await storedFlowIds(ep.store)).toEqual(range(0, 20));
    const [status] = await collectorStatus(ep.store);
    expect(status).toMatchObject({ records: 20, rejected: 0 });
    await ep.close();
    await opened.close();
  });
});

describe('Firehose endpoint over HTTP [duckdb]', () => {
  it.each<[string, number, PostOptions]>([
    ['a wrong access key', 401, { key: 'wrong' }],
    ['a body that is not JSON', 400, { body: '{"requestId": "x", "records": [' }],
    ['records that are not an array', 400, { body: '{"requestId":"x","timestamp":1,"records":{}}' }],
    ['gzip that is not gzip', 400, { claimGzip: true }],
  ])('answers %s with %i and stores nothing', async (_name, status, opts) => {
    const ep = await start(join(dir, `err-${status}-${Math.random()}.duckdb`));
    const res = await post(ep.url, 'r', plainRecords([1]), opts);
    expect(res.status).toBe(status);
    expect(res.json.errorMessage).toEqual(expect.any(String));
    expect(await countRows(ep.store, 'SELECT count(*) AS n FROM events')).toBe(0);
    await ep.close();
  });

  it('answers 413 to a body over the limit, compressed or once decompressed', async () => {
    const ep = await start(join(dir, 'big.duckdb'), 64 * 1024);
    const big = plainRecords(range(0, 400)); // ~200 KB of JSON, ~10 KB gzipped
    expect((await post(ep.url, 'big-1', big)).status).toBe(413);
    const gz = await post(ep.url, 'big-2', big, { gzip: true });
    expect(gz.status).toBe(413);
    expect(gz.json.errorMessage).toMatch(/larger than/);
    expect(await countRows(ep.store, 'SELECT count(*) AS n FROM events')).toBe(0);
    await ep.close();
  });

  it('keeps request ids 24 h in at most 289 checkpoints, pruned as it commits, and still refuses retries', async () => {
    const path = join(dir, 'ring.duckdb');
    let clock = Date.UTC(2024, 0, 1);
    let ep = await start(path, undefined, () => clock);
    // One request every 5 minutes for 25 hours.
    const n = (KEEP_MS + SLOT_MS) / SLOT_MS + 11;
    for (const i of range(0, n)) {
      expect((await post(ep.url, `req-${i}`, plainRecords([i]))).status).toBe(200);
      clock += SLOT_MS;
    }
    const firehoseCps = () =>
      countRows(ep.store, "SELECT count(*) AS n FROM checkpoints WHERE kind = 'firehose'");
    expect(await firehoseCps()).toBe(KEEP_MS / SLOT_MS + 1);
    await ep.close();

    // After a restart, retries of requests from the last 2 hours add nothing.
    ep = await start(path, undefined, () => clock);
    for (const i of range(n - 24, n)) {
      expect((await post(ep.url, `req-${i}`, plainRecords([i]))).status).toBe(200);
    }
    expect(await storedFlowIds(ep.store)).toEqual(range(0, n));
    expect(await firehoseCps()).toBe(KEEP_MS / SLOT_MS + 1);
    const status = await collectorStatus(ep.store);
    expect(status.map((s) => [s.source, s.records])).toEqual([['fh', n]]);
    await ep.close();
  });
});

const gzRecord = (payload: unknown) => ({ data: b64(gzipSync(JSON.stringify(payload))) });
const cwEvent = (id: number) => ({
  id: `3${String(id).padStart(55, '0')}`,
  timestamp: 1704067200000,
  message: netflowLine(id),
});
const dataMessage = (logEvents: unknown) => ({
  messageType: 'DATA_MESSAGE',
  logGroup: 'nfw-logs',
  logStream: 'flow-stream',
  logEvents,
});

describe('Firehose records of the wrong shape', () => {
  it.each<[string, unknown, string]>([
    ['a null payload', gzRecord(null), 'bad_subscription'],
    ['an array payload', gzRecord([1, 2]), 'bad_subscription'],
    ['logEvents that is a string', gzRecord(dataMessage('oops')), 'bad_subscription'],
    ['logEvents: [null]', gzRecord(dataMessage([null])), 'bad_subscription'],
    [
      'a log event whose message is a number',
      gzRecord(dataMessage([{ id: 'e1', message: 5 }])),
      'bad_subscription',
    ],
    ['data that is not base64', { data: 'not*base64!' }, 'bad_base64'],
    ['a record whose data is not a string', { data: 5 }, 'bad_base64'],
    ['a record that is null', null, 'bad_base64'],
    ['base64 without its padding', { data: b64('{"a":1}').replace(/=+$/, '') }, 'bad_base64'],
    ['gzip that does not inflate', { data: b64(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3])) }, 'bad_gzip'],
  ])('rejects %s, stores the other records and answers 200', async (_name, bad, reason) => {
    const ep = await start(join(dir, `shape-${reason}-${Math.random()}.duckdb`));
    const records = [...plainRecords([1]), bad, subscription([2, 3]), ...plainRecords([4])];
    const res = await post(ep.url, 'shape-1', records);
    expect(res.status).toBe(200);
    expect(await storedFlowIds(ep.store)).toEqual([1, 2, 3, 4]);
    const rejected = await ep.store.listRejected();
    expect(rejected.map((r) => [r.reason, r.line])).toEqual([[reason, 2]]);
    expect(rejected[0]!.message).toMatch(/record 2|logEvents\[0\]/);
    const [status] = await collectorStatus(ep.store);
    expect(status).toMatchObject({ records: 4, rejected: 1 });
    await ep.close();
  });

  it('keeps the good log events of a payload and rejects the bad one with its path', async () => {
    const ep = await start(join(dir, 'mixed-events.duckdb'));
    const res = await post(ep.url, 'mixed-1', [gzRecord(dataMessage([cwEvent(7), null, cwEvent(8)]))]);
    expect(res.status).toBe(200);
    expect(await storedFlowIds(ep.store)).toEqual([7, 8]);
    const rejected = await ep.store.listRejected();
    expect(rejected.map((r) => [r.reason, r.path, r.raw])).toEqual([
      ['bad_subscription', 'logEvents[1]', 'null'],
    ]);
    await ep.close();
  });
});
