/** Benchmark data: generated once per (records, seed) and cached outside the repository. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateLogs } from '../src/generate/index.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin/nfwlens.js');
export const CACHE = process.env.NFWLENS_BENCH_CACHE ?? join(homedir(), '.cache', 'nfwlens-bench');

export interface BenchData {
  dir: string;
  files: string[];
  gzBytes: number;
  records: number;
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (e.name.endsWith('.log.gz')) out.push(p);
  }
  return out.sort();
}

/**
 * The generator's logs for `records` records (seed 1, `hours` hours from 2024-03-01, 24 by default),
 * generated if missing.
 */
export async function benchData(records: number, seed = 1, hours = 24): Promise<BenchData> {
  const dir = join(CACHE, `gen-${records}-seed${seed}${hours === 24 ? '' : `-h${hours}`}`);
  const done = join(dir, '.complete');
  if (!existsSync(done)) {
    process.stderr.write(`generating ${records.toLocaleString('en-US')} records into ${dir} (cached)\n`);
    const t0 = performance.now();
    await generateLogs({ outDir: dir, records, seed, start: new Date('2024-03-01T00:00:00Z'), hours });
    writeFileSync(done, String(records));
    process.stderr.write(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const files = listFiles(dir);
  return {
    dir,
    files,
    gzBytes: files.reduce((a, f) => a + statSync(f).size, 0),
    records: Number(readFileSync(done, 'utf8')),
  };
}

export interface ProcResult {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  peakRssBytes: number;
}

/** Runs a command, sampling its peak resident set (VmHWM) from /proc while it runs. */
export function runMeasured(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcResult> {
  return new Promise((res) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch {}
    };
    const timer = setInterval(sample, 50);
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', () => sample());
    child.on('close', (code) => {
      clearInterval(timer);
      res({ code, stdout, stderr, seconds: (performance.now() - t0) / 1000, peakRssBytes: peak });
    });
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
