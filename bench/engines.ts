/**
 * npm run bench:engines — both engines on the same generated records: `nfwlens ingest` into a DuckDB
 * file and into ClickHouse (clickhouse-local from the @chdb/lib-linux-x64-gnu dev dependency serving
 * HTTP on 127.0.0.1, on this machine), then every built-in report, the search first page and regex
 * counts, warm, on each. Prints each engine's medians, ClickHouse/DuckDB ratios, bytes on disk per
 * record, ingest rates, and whether every answer is the same on both engines.
 *
 *   node --import tsx bench/engines.ts [--records 10000000] [--runs 5]
 *
 * Targets: every built-in report < 300 ms, search first page < 100 ms, regex count within 1.5x of
 * DuckDB's (ClickHouse / DuckDB), on each engine.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { createClient } from '@clickhouse/client';
import { REPORTS, runReport } from '../src/report/index.ts';
import { countEvents, searchEvents } from '../src/search/index.ts';
import { ClickHouseStore } from '../src/store/clickhouse/clickhouse-store.ts';
import { startClickHouse } from '../src/store/clickhouse/test-server.testing.ts';
import { DuckDbStore } from '../src/store/duckdb/index.ts';
import type { Store } from '../src/store/store.ts';
import { BIN, benchData, fmt, median, mib, runMeasured } from './bench-data.ts';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '5' } },
});
const records = Number(values.records);
const runs = Number(values.runs);
const NOW = new Date('2024-03-02T00:00:00Z'); // the generated day ends here: "last 24 h" is all of it
const SEARCHES = ['', 'type:alert', 'dest_port:443', 'src_ip:10.0.0.0/8 and action:blocked'];
const REGEXES = ['/amazon/i', 'signature:/ET .*/', 'sni:/.*\\.amazonaws\\.com/'];

const data = await benchData(records);
const dir = mkdtempSync(join(tmpdir(), 'nfwlens-bench-engines-'));
const server = await startClickHouse({ timeoutMs: 60_000 });
const u = new URL(server.url);
const chUrl = `clickhouse://default@${u.hostname}:${u.port}/bench_engines`;
const dbPath = join(dir, 'bench.duckdb');

async function ingest(args: string[]): Promise<{ rate: number; rss: number; records: number }> {
  const r = await runMeasured(process.execPath, [BIN, 'ingest', ...args, '--format', 'json', data.dir]);
  if (r.code !== 0) throw new Error(`nfwlens ingest ${args.join(' ')} failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { records: number };
  return { rate: out.records / r.seconds, rss: r.peakRssBytes, records: out.records };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; answer: T }> {
  const answer = await fn(); // warm-up, and the answer compared across engines
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), answer };
}

interface Case {
  kind: 'report' | 'search' | 'regex count';
  name: string;
  read: (s: Store) => Promise<unknown>;
}
const cases: Case[] = [
  ...REPORTS.map(
    (r): Case => ({
      kind: 'report',
      name: r.name,
      read: (s) => runReport(s, { name: r.name, now: NOW } as never),
    }),
  ),
  ...SEARCHES.map(
    (query): Case => ({
      kind: 'search',
      name: query || '(everything)',
      read: (s) => searchEvents(s, { query, limit: 50, now: NOW }).then(({ took_ms: _t, ...x }) => x),
    }),
  ),
  ...REGEXES.map(
    (query): Case => ({ kind: 'regex count', name: query, read: (s) => countEvents(s, { query, now: NOW }) }),
  ),
];

const LIMIT_MS: Record<Case['kind'], number | null> = { report: 300, search: 100, 'regex count': null };

try {
  process.stderr.write(`ingesting ${fmt(data.records)} records into DuckDB and ClickHouse\n`);
  const duckIngest = await ingest(['--db', dbPath]);
  const chIngest = await ingest(['--store', chUrl]);
  const duck = await DuckDbStore.open({ path: dbPath, readOnly: true });
  const ch = await ClickHouseStore.open({ url: chUrl, mode: 'read' });
  const rows: { c: Case; duck: number; ch: number; same: boolean }[] = [];
  try {
    for (const c of cases) {
      const a = await timed(() => c.read(duck));
      const b = await timed(() => c.read(ch));
      rows.push({ c, duck: a.ms, ch: b.ms, same: isDeepStrictEqual(a.answer, b.answer) });
      process.stderr.write(`${c.kind} ${c.name}: DuckDB ${fmt(a.ms, 1)} ms, ClickHouse ${fmt(b.ms, 1)} ms\n`);
    }
  } finally {
    await duck.close();
    await ch.close();
  }
  const client = createClient({ url: server.url });
  const rs = await client.query({
    query: "SELECT sum(bytes_on_disk) AS b FROM system.parts WHERE database = 'bench_engines' AND active",
    format: 'JSONEachRow',
  });
  const chBytes = Number((await rs.json<{ b: string }>())[0]?.b ?? 0);
  await client.close();
  const duckBytes = statSync(dbPath).size;

  console.log(
    `Engines benchmark: ${fmt(data.records)} generated records (${data.files.length} files, ${mib(data.gzBytes)} gzip), medians of ${runs} warm runs`,
  );
  console.log(
    `${'read'.padEnd(52)} ${'DuckDB'.padStart(10)} ${'ClickHouse'.padStart(11)}  CH/DuckDB  target  same`,
  );
  for (const r of rows) {
    const limit = LIMIT_MS[r.c.kind];
    const met = limit === null ? r.ch / r.duck <= 1.5 : Math.max(r.duck, r.ch) < limit ? 'met' : 'NOT met';
    const target = limit === null ? `<=1.5x ${met ? 'met' : 'NOT met'}` : `<${limit} ms ${met}`;
    console.log(
      `${`${r.c.kind} ${r.c.name}`.slice(0, 52).padEnd(52)} ${`${fmt(r.duck, 1)} ms`.padStart(10)} ${`${fmt(r.ch, 1)} ms`.padStart(11)}  ${`${fmt(r.ch / r.duck, 2)}x`.padStart(9)}  ${target}  ${r.same ? 'yes' : 'NO'}`,
    );
  }
  console.log(
    `ingest (nfwlens ingest, wall clock)  DuckDB ${fmt(duckIngest.rate)} rec/s (peak RSS ${mib(duckIngest.rss)}), ClickHouse ${fmt(chIngest.rate)} rec/s (peak RSS ${mib(chIngest.rss)})`,
  );
  console.log(
    `on disk per record                   DuckDB ${fmt(duckBytes / duckIngest.records, 1)} B, ClickHouse ${fmt(chBytes / chIngest.records, 1)} B (events, sessions and the rest; gzip input ${fmt(data.gzBytes / data.records, 1)} B)`,
  );
  console.log(
    `same answers on both engines         ${
      rows.every((r) => r.same)
        ? 'yes'
        : `NO (${rows
            .filter((r) => !r.same)
            .map((r) => r.c.name)
            .join(', ')})`
    }`,
  );
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
