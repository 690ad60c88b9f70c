import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../store/engines.testing.ts';
import { collectorStatus } from '../collector-status.ts';
import {
  eventsFrom,
  netflowLine,
  openStore,
  range,
  storedFlowIds,
  tempDir,
  watchStoreCommits,
} from '../sources.testing.ts';
import { CloudWatchCollector } from './cloudwatch-source.ts';
import { cloudwatchSourceSchema } from './config.ts';
import { type LogEvent, type LogsServer, startLogsServer } from './logs-server.testing.ts';
import { parseStreamName } from './stream-name.ts';

const T0 = Date.UTC(2024, 0, 1, 5);
let server: LogsServer;
let dir: string;
beforeAll(async () => {
  server = await startLogsServer();
  dir = tempDir('cwl');
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Event for flow id `id`, `sec` seconds after T0; ids are long digit strings, as AWS's are. */
const event = (id: number, sec: number, type = 'flow'): LogEvent => ({
  logStreamName:
    type === 'tls'
      ? '/aws/network-firewall/tls/test-fw'
      : `/aws/network-firewall/${type}/test-fw_2024-01-01-05`,
  timestamp: T0 + sec * 1000,
  ingestionTime: T0 + sec * 1000 + 500,
  message: netflowLine(id, sec),
  eventId: `3${String(id).padStart(55, '0')}`,
});

const config = (extra: Record<string, unknown> = {}) =>
  cloudwatchSourceSchema.parse({
    name: 'cwl',
    type: 'cloudwatch',
    logGroupName: 'nfw-logs',
    endpoint: server.endpoint,
    startTime: new Date(T0 - 3_600_000).toISOString(),
    ...extra,
  });
const backoff = { initialMs: 1, maxMs: 5 };

describe('parseStreamName', () => {
  it.each([
    [
      '/aws/network-firewall/alert/test-firewall_2020-10-01-17',
      { logType: 'alert', firewall: 'test-firewall', hour: Date.UTC(2020, 9, 1, 17) },
    ],
    [
      '/aws/network-firewall/flow/fw-1_2024-01-01-05',
      { logType: 'flow', firewall: 'fw-1', hour: Date.UTC(2024, 0, 1, 5) },
    ],
    ['/aws/network-firewall/tls/fw-1', { logType: 'tls', firewall: 'fw-1', hour: null }],
    ['some-other-stream', null],
  ])('%s', (name, expected) => {
    expect(parseStreamName(name)).toEqual(expected);
  });
});

describeEachEngine('CloudWatchCollector against a Logs_20140328 server', (engine) => {
  it('pages through empty pages and throttling, takes late events once, and resumes after a stop and a store failure', async () => {
    server.events = range(0, 1_500).map((i) => event(i, i));
    server.pageSize = 100;
    server.emptyEvery = 3;
    server.throttleNext = 2;
    const opened = await engine.open({ file: true });
    const cfg = config({ batchSize: 250 });

    // 1. Stop after 3 commits, mid-way through the pages.
    let store = opened.store;
    const stop = new AbortController();
    const watched = watchStoreCommits(store, (n) => n === 3 && stop.abort());
    await new CloudWatchCollector(cfg, { store: watched, client: server.client(), backoff }).poll(
      stop.signal,
    );
    const partial = (await storedFlowIds(store)).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(1_500);

    // 2. The store fails on the 2nd commit.
    store = await opened.reopen();
    const failing = watchStoreCommits(store, (n) => {
      if (n === 2) throw new Error('disk full');
    });
    await expect(
      new CloudWatchCollector(cfg, { store: failing, client: server.client(), backoff }).poll(),
    ).rejects.toThrow('disk full');

    // 3. A clean run: everything exactly once.
    store = await opened.reopen();
    const collector = new CloudWatchCollector(cfg, { store, client: server.client(), backoff });
    await collector.poll();
    expect(await storedFlowIds(store)).toEqual(range(0, 1_500));
    const calls = server.requests.filter((r) => r.target.endsWith('FilterLogEvents')).length;
    expect(calls).toBeGreaterThan(15);

    // 4. Late events inside the already-read window, plus new ones; then nothing new.
    server.events.push(event(5_000, 1_200), event(5_001, 1_499), event(5_002, 1_600));
    expect((await collector.poll()).records).toBe(3);
    expect((await collector.poll()).records).toBe(0);
    expect(await storedFlowIds(store)).toEqual([...range(0, 1_500), 5_000, 5_001, 5_002]);
    const origin = `cloudwatch:nfw-logs//aws/network-firewall/flow/test-fw_2024-01-01-05#${event(5_002, 0).eventId}`;
    expect(await eventsFrom(store, origin)).toBe(1);

    const [status] = await collectorStatus(store);
    expect(status).toMatchObject({
      source: 'cwl',
      type: 'cloudwatch',
      records: 1_503,
      retries: 2,
      errors: 1,
    });
    await opened.close();
  });

  it('keeps only the configured log types and reports an unknown log group as an error', async () => {
    server.events = [event(1, 1, 'flow'), event(2, 2, 'alert'), event(3, 3, 'tls')];
    server.emptyEvery = 0;
    server.throttleNext = 0;
    const opened = await engine.open();
    const store = opened.store;
    await new CloudWatchCollector(config({ name: 'types', logTypes: ['alert', 'tls'] }), {
      store,
      client: server.client(),
    }).poll();
    expect(await storedFlowIds(store)).toEqual([2, 3]);
    const missing = new CloudWatchCollector(config({ name: 'missing', logGroupName: 'nope' }), {
      store,
      client: server.client(),
    });
    await expect(missing.poll()).rejects.toThrow('does not exist');
    const status = await collectorStatus(store);
    expect(status.find((s) => s.source === 'missing')).toMatchObject({ errors: 1, records: 0 });
    await opened.close();
  });
});

describe('CloudWatchCollector against a Logs_20140328 server [duckdb]', () => {
  it('keeps the ids of its overlap window in ~11 bytes each, and still takes late events once after a restart', async () => {
    const N = 20_000;
    server.events = range(0, N).map((i) => event(i, 600 + Math.floor(i / 40)));
    server.pageSize = 5_000;
    server.emptyEvery = 0;
    server.throttleNext = 0;
    const path = join(dir, 'c.duckdb');
    const cfg = config({ name: 'window', batchSize: 10_000 });
    let store = await openStore(path);
    expect((await new CloudWatchCollector(cfg, { store, client: server.client() }).poll()).records).toBe(N);
    // All N events lie within the 10-minute overlap window, so all their ids are kept.
    const [cp] = await store.query("SELECT state FROM checkpoints WHERE source_key = 'collector:window'");
    const bytes = String(cp?.state).length;
    expect(bytes / N).toBeLessThan(12);
    await store.close();

    store = await openStore(path);
    server.events.push(event(N, 600), event(N + 1, 1_200));
    const collector = new CloudWatchCollector(cfg, { store, client: server.client() });
    expect((await collector.poll()).records).toBe(2);
    expect(await storedFlowIds(store)).toEqual(range(0, N + 2));
    await store.close();
  });
});
