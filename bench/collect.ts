/**
 * npm run bench:collect — the collectors against their baselines, in the same run:
 *  - S3: the S3 collector reading the generated objects from a local S3-compatible server (s3rver)
 *    against `ingestPaths` reading the same files from disk (target >= 70%);
 *  - Firehose: a loopback load generator POSTing Firehose-shaped requests (gzip, 500 records each,
 *    4 in flight) to the endpoint (target >= 20,000 records/s sustained, nothing lost or doubled).
 * Medians of --runs.
 *
 *   node --import tsx bench/collect.ts [--records 200000] [--runs 3] [--per-request 500] [--in-flight 4]
 *     [--only s3|firehose] [--s3-batch N (records per S3 collector commit; default: the source's)]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { ingestPaths } from '../src/ingest/ingest-files.ts';
import { registerFirehose } from '../src/ingest/sources/firehose/index.ts';
import { S3Collector, s3SourceSchema } from '../src/ingest/sources/s3/index.ts';
import { startS3rver } from '../src/ingest/sources/s3/s3rver.testing.ts';
import { DuckDbStore } from '../src/store/duckdb/index.ts';
import { benchData, fmt, median, mib } from './bench-data.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    runs: { type: 'string', default: '3' },
    'per-request': { type: 'string', default: '500' },
    // Requests in flight as one Firehose stream sends them (AWS publishes no concurrency figure).
    // Firehose buffers for an HTTP endpoint up to 1-64 MiB (default 5 MiB) or 0-900 s (default
    // 300 s), and a stream takes 5 MiB/s by default (Direct PUT quota of the largest regions,
    // 1 MiB/s elsewhere): at full default quota that is about one 5 MiB request (~10,000 NFW
    // records of ~515 bytes) a second, each answered here within a second, so 4 in flight is above
    // what one stream keeps open; it stays. (500 records a request is also far below a default
    // request's ~10,000: the per-request cost here is pessimistic.)
    'in-flight': { type: 'string', default: '4' },
    only: { type: 'string' },
    's3-batch': { type: 'string' },
  },
});
const records = Number(values.records);
const runs = Number(values.runs);
const PER_REQUEST = Number(values['per-request']);
const IN_FLIGHT = Number(values['in-flight']);
const data = await benchData(records);
const work = mkdtempSync(join(tmpdir(), 'nfwlens-bench-collect-'));
let n = 0;
const freshStore = () => DuckDbStore.open({ path: join(work, `db-${n++}.duckdb`) });
const count = async (s: DuckDbStore) => Number((await s.query('SELECT count(*) AS n FROM events'))[0]!.n);

// --- S3 ---------------------------------------------------------------------------------------
async function benchS3(): Promise<{ ingest: number; s3: number; stored: number }[]> {
  const s3 = await startS3rver();
  await s3.createBucket('bench');
  const keys = data.files.map((f) => relative(data.dir, f));
  for (let i = 0; i < data.files.length; i += 16) {
    await Promise.all(
      keys.slice(i, i + 16).map((k, j) => s3.put('bench', k, readFileSync(data.files[i + j]!))),
    );
  }
  const s3Runs: { ingest: number; s3: number; stored: number }[] = [];
  for (let i = 0; i < runs; i++) {
    let store = await freshStore();
    let t0 = performance.now();
    const base = await ingestPaths(data.files, { store });
    const ingestRate = base.records / ((performance.now() - t0) / 1000);
    await store.close();

    store = await freshStore();
    const cfg = s3SourceSchema.parse({
      name: 'bench',
      type: 's3',
      bucket: 'bench',
      endpoint: s3.endpoint,
      ...(values['s3-batch'] ? { batchSize: Number(values['s3-batch']) } : {}),
    });
    t0 = performance.now();
    const collector = new S3Collector(cfg, { store, client: s3.client });
    const got = await collector.poll();
    await collector.close(); // its normalising workers, as ingestPaths closes its own within the timing
    const s3Rate = got.records / ((performance.now() - t0) / 1000);
    const stored = await count(store);
    await store.close();
    if (stored !== base.records) throw new Error(`S3 collector stored ${stored}, ingest ${base.records}`);
    s3Runs.push({ ingest: ingestRate, s3: s3Rate, stored });
    process.stderr.write(
      `run ${i + 1}/${runs}: ingest ${fmt(ingestRate)} rec/s, S3 collector ${fmt(s3Rate)} rec/s (${fmt((s3Rate / ingestRate) * 100, 1)}%)\n`,
    );
  }
  await s3.stop();
  return s3Runs;
}

// --- Firehose -----------------------------------------------------------------------------------
async function benchFirehose(): Promise<{ rate: number; stored: number; sent: number; failed: number }[]> {
  const lines: string[] = [];
  for (const f of data.files) {
    for (const l of gunzipSync(readFileSync(f)).toString('utf8').split('\n')) if (l !== '') lines.push(l);
  }
  const bodies: { id: string; body: Buffer; records: number }[] = [];
  for (let i = 0; i < lines.length; i += PER_REQUEST) {
    const id = `bench-${i / PER_REQUEST}`;
    const recs = lines.slice(i, i + PER_REQUEST).map((l) => ({ data: Buffer.from(l).toString('base64') }));
    bodies.push({
      id,
      body: gzipSync(JSON.stringify({ requestId: id, timestamp: Date.now(), records: recs })),
      records: recs.length,
    });
  }
  const fhRuns: { rate: number; stored: number; sent: number; failed: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const store = await freshStore();
    const app = Fastify();
    await registerFirehose(app, { store, name: 'bench', accessKey: 'bench-key' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/firehose`;
    const send = (b: (typeof bodies)[number]) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'x-amz-firehose-protocol-version': '1.0',
          'x-amz-firehose-request-id': b.id,
          'x-amz-firehose-access-key': 'bench-key',
        },
        body: new Uint8Array(b.body),
      }).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      });
    let next = 0;
    let failed = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < bodies.length) {
          const b = bodies[next++]!;
          if ((await send(b)) !== 200) failed++;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    // Retries of already delivered requests must add nothing.
    for (const b of bodies.slice(0, 10)) if ((await send(b)) !== 200) failed++;
    const stored = await count(store);
    await app.close();
    await store.close();
    fhRuns.push({ rate: lines.length / seconds, stored, sent: lines.length, failed });
    process.stderr.write(`run ${i + 1}/${runs}: Firehose ${fmt(lines.length / seconds)} rec/s\n`);
  }
  return fhRuns;
}

const s3Runs = values.only === 'firehose' ? [] : await benchS3();
const fhRuns = values.only === 's3' ? [] : await benchFirehose();
rmSync(work, { recursive: true, force: true });

console.log(
  `collect benchmark: ${fmt(data.records)} generated records, ${data.files.length} objects, ${mib(data.gzBytes)} gzip`,
);
if (s3Runs.length > 0) {
  const ingestRate = median(s3Runs.map((r) => r.ingest));
  const s3Rate = median(s3Runs.map((r) => r.s3));
  console.log(`  ingest from disk (baseline) ${fmt(ingestRate)} records/s (median of ${runs})`);
  console.log(`  S3 collector via s3rver     ${fmt(s3Rate)} records/s`);
  console.log(`  S3 ratio                    ${fmt((s3Rate / ingestRate) * 100, 1)}% (target >= 70%)`);
  // Each run's pair ran back to back: its ratio is steadier than the ratio of medians on a busy machine.
  const paired = median(s3Runs.map((r) => r.s3 / r.ingest));
  console.log(`  S3 ratio, median of runs    ${fmt(paired * 100, 1)}%`);
}
if (fhRuns.length > 0) {
  const fhRate = median(fhRuns.map((r) => r.rate));
  const lossless = fhRuns.every((r) => r.stored === r.sent && r.failed === 0);
  console.log(
    `  Firehose endpoint           ${fmt(fhRate)} records/s, ${PER_REQUEST} records/request, ${IN_FLIGHT} in flight (target >= 20,000)`,
  );
  console.log(`  Firehose ratio to target    ${fmt((fhRate / 20_000) * 100, 1)}%`);
  console.log(
    `  Firehose stored = sent      ${lossless ? 'yes' : 'NO'} (${fmt(fhRuns[0]!.stored)} / ${fmt(fhRuns[0]!.sent)}, retries added nothing)`,
  );
  if (!lossless) process.exitCode = 1;
}
