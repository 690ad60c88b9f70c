/**
 * Sessions benchmark: on the generator's data (1M records by default), how much keeping the sessions
 * up to date adds to an ingest, and how fast the top sessions by bytes are listed, against the plain
 * self-join of the two netflow halves a user would write in DuckDB, measured in the same run.
 *
 *   node --import tsx bench/sessions.ts            (RECORDS=1000000 RUNS=3 by default)
 *
 * Targets: refresh <= 25% of the ingest time; top 100 by bytes over all data < 200 ms.
 * The generated data is cached in ~/.cache/nfwlens-bench/ (outside the repository).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLogs } from '../src/generate/index.ts';
import { ingestPaths } from '../src/ingest/ingest-files.ts';
import { listSessions, refreshSessions } from '../src/sessions/index.ts';
import { DuckDbStore } from '../src/store/duckdb/index.ts';

const RECORDS = Number(process.env.RECORDS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const QUERY_RUNS = 7;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;
const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.gz')) out.push(join(e.parentPath, e.name));
  }
  return out.sort();
}

async function dataDir(): Promise<string> {
  const dir = join(homedir(), '.cache', 'nfwlens-bench', `sessions-${RECORDS}-seed1`);
  if (existsSync(join(dir, 'DONE'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`generating ${RECORDS.toLocaleString('en-US')} records into ${dir} ...\n`);
  const s = await generateLogs({
    outDir: dir,
    records: RECORDS,
    seed: 1,
    start: new Date('2024-01-01T00:00:00Z'),
    hours: 24,
  });
  writeFileSync(join(dir, 'DONE'), JSON.stringify(s));
  return dir;
}

/** The self-join an analyst would write: halves matched on the key with src/dest swapped. */
const SELF_JOIN = `
  SELECT q.firewall_name, q.flow_id, q.netflow_start AS start, q.src_ip AS client_ip, q.src_port AS client_port,
    q.dest_ip AS server_ip, q.dest_port AS server_port, q.netflow_bytes AS bytes_to_server,
    coalesce(r.netflow_bytes, 0) AS bytes_to_client, q.netflow_bytes + coalesce(r.netflow_bytes, 0) AS total_bytes
  FROM events q LEFT JOIN events r
    ON r.log_type = 'flow' AND r.firewall_name = q.firewall_name AND r.availability_zone = q.availability_zone
    AND r.flow_id = q.flow_id AND r.netflow_start = q.netflow_start
    AND r.src_ip = q.dest_ip AND r.src_port IS NOT DISTINCT FROM q.dest_port AND r.id <> q.id
  WHERE q.log_type = 'flow' AND q.event_type = 'netflow'
    AND (r.id IS NULL OR q.ts < r.ts OR (q.ts = r.ts AND q.src_port > r.src_port))`;

interface RunFigures {
  ingest: number;
  refresh: number;
  incIngest: number;
  incRefresh: number;
  sessions: number;
}

async function oneRun(files: string[], lastHour: string[]): Promise<RunFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'nfwlens-bench-sessions-'));
  const store = await DuckDbStore.open({ path: join(dir, 'bench.duckdb') });
  try {
    const first = files.filter((f) => !lastHour.includes(f));
    const [ingest] = await timed(() => ingestPaths(first, { store }));
    const [refresh, r] = await timed(() => refreshSessions(store));
    const [incIngest] = await timed(() => ingestPaths(lastHour, { store }));
    const [incRefresh, r2] = await timed(() => refreshSessions(store));
    if (r.mode !== 'rebuild' || r2.mode !== 'incremental') throw new Error('unexpected refresh modes');
    return { ingest, refresh, incIngest, incRefresh, sessions: r.sessions_updated };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function queries(files: string[]): Promise<{ top: number[]; join: number[]; joinAll: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'nfwlens-bench-sessions-'));
  const store = await DuckDbStore.open({ path: join(dir, 'bench.duckdb') });
  try {
    await ingestPaths(files, { store });
    await refreshSessions(store);
    const top: number[] = [];
    const join: number[] = [];
    const joinAll: number[] = [];
    for (let i = 0; i < QUERY_RUNS; i++) {
      top.push((await timed(() => listSessions(store, { sort: 'total_bytes', limit: 100 })))[0]);
      join.push((await timed(() => store.query(`${SELF_JOIN} ORDER BY total_bytes DESC LIMIT 100`)))[0]);
    }
    // Materialising the self-join for every session: the work a refresh replaces.
    for (let i = 0; i < Math.min(3, QUERY_RUNS); i++) {
      joinAll.push(
        (await timed(() => store.query(`SELECT count(*), sum(total_bytes) FROM (${SELF_JOIN})`)))[0],
      );
    }
    const [mine] = await store.query('SELECT sum(total_bytes) AS b FROM sessions');
    const [theirs] = await store.query(`SELECT sum(total_bytes) AS b FROM (${SELF_JOIN})`);
    process.stdout.write(`check: sum(total_bytes) sessions ${mine?.b} vs self-join ${theirs?.b}\n`);
    return { top, join, joinAll };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const dir = await dataDir();
const files = listFiles(dir);
// The last hour's files (the S3 layout's HH folder) stand in for "new data arriving".
const hours = [...new Set(files.map((f) => /\/(\d{4}\/\d{2}\/\d{2}\/\d{2})\//.exec(f)?.[1] ?? ''))].sort();
const lastHour = files.filter((f) => f.includes(`/${hours.at(-1)}/`));
process.stdout.write(`${RECORDS.toLocaleString('en-US')} records, ${files.length} files, ${RUNS} runs\n`);

const runs: RunFigures[] = [];
for (let i = 0; i < RUNS; i++) runs.push(await oneRun(files, lastHour));
const m = (k: keyof RunFigures) => median(runs.map((r) => r[k]));
const q = await queries(files);

const lines = [
  ['sessions built', runs[0]!.sessions.toLocaleString('en-US'), ''],
  ['ingest (all but the last hour)', ms(m('ingest')), ''],
  [
    'sessions refresh after it (rebuild)',
    ms(m('refresh')),
    `${pct(m('refresh'), m('ingest'))} of ingest (target <= 25%)`,
  ],
  [`ingest of the last hour (${lastHour.length} files)`, ms(m('incIngest')), ''],
  [
    'incremental refresh after it',
    ms(m('incRefresh')),
    `${pct(m('incRefresh'), m('incIngest'))} of that ingest`,
  ],
  ['top 100 sessions by bytes', ms(median(q.top)), '(target < 200 ms)'],
  [
    'same from the plain self-join',
    ms(median(q.join)),
    `sessions ${(median(q.join) / median(q.top)).toFixed(1)}x faster`,
  ],
  [
    'self-join over all sessions',
    ms(median(q.joinAll)),
    `rebuild/self-join ${(m('refresh') / median(q.joinAll)).toFixed(2)}`,
  ],
];
for (const [a, b, c] of lines) process.stdout.write(`${a!.padEnd(42)} ${b!.padStart(10)}  ${c}\n`);
