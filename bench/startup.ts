/**
 * npm run bench:startup — how fast the CLI starts, as an installed package runs it (the compiled
 * `dist/`, built first by `npm run build`). Baseline measured in the same run: `node -e 0`, the
 * least any Node program costs. Targets: `nfwlens --help` under 2x of it; `nfwlens status` on a
 * small database under 3x. Also prints the development path (TypeScript through tsx) for scale.
 *
 *   npm run bench:startup -- --runs 15
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, ROOT } from './bench-data.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 3)
  throw new Error(`--runs must be a whole number >= 3, got ${values.runs}`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** Median wall milliseconds of `node ...args` (one untimed warm-up run first). */
function time(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const once = () => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
    return ms;
  };
  once();
  const times: number[] = [];
  // Interleaving is done by the caller's loop order; here each figure is its own median.
  for (let i = 0; i < runs; i++) times.push(once());
  return median(times);
}

process.stderr.write('building dist/ (npm run build)\n');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });

const dir = mkdtempSync(join(tmpdir(), 'nfwlens-startup-'));
try {
  const db = join(dir, 'small.duckdb');
  const log = join(dir, 'small.log');
  const ts = '2024-01-01T00:00:00.000000+0000';
  writeFileSync(
    log,
    `${JSON.stringify({
      firewall_name: 'fw',
      availability_zone: 'az',
      event_timestamp: '1704067200',
      event: {
        timestamp: ts,
        flow_id: 1,
        event_type: 'netflow',
        src_ip: '10.0.0.1',
        src_port: 1,
        dest_ip: '10.0.0.2',
        dest_port: 2,
        proto: 'TCP',
        netflow: { pkts: 1, bytes: 60, start: ts, end: ts, age: 0 },
      },
    })}\n`,
  );
  execFileSync(process.execPath, [BIN, 'ingest', '--db', db, log], { cwd: ROOT, stdio: 'ignore' });

  const baseline = time(['-e', '0']);
  const help = time([BIN, '--help']);
  // The floor of any command that opens the database: loading DuckDB's native library, nothing else.
  const duckdbAlone = time(['--input-type=module', '-e', "await import('@duckdb/node-api')"]);
  const status = time([BIN, 'status', '--db', db]);
  // The development path: make a source file newer than the build, so the bin takes tsx.
  const touched = join(ROOT, 'src', 'cli', 'main.ts');
  utimesSync(touched, new Date(), new Date());
  const helpTsx = time([BIN, '--help']);
  const statusTsx = time([BIN, 'status', '--db', db]);

  const row = (what: string, ms: number, target?: number) => {
    const ratio = ms / baseline;
    const verdict =
      target === undefined
        ? ''
        : ratio < target
          ? `  target < ${target}x: met`
          : `  target < ${target}x: NOT met`;
    console.log(`${what.padEnd(34)} ${ms.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}x${verdict}`);
  };
  console.log(`median of ${runs} runs each, Node ${process.version}`);
  row('node -e 0 (baseline)', baseline);
  row('nfwlens --help (dist)', help, 2);
  row('nfwlens status, 1 record (dist)', status, 3);
  row('import @duckdb/node-api alone (floor)', duckdbAlone);
  row('nfwlens --help (tsx, development)', helpTsx);
  row('nfwlens status (tsx, development)', statusTsx);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
