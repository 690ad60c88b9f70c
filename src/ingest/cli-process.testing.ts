/** Test support: the CLI in a child process (its output and exit code), and killing it mid-ingest. */
import { type ChildProcess, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/nfwlens.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `nfwlens ARGS` in `cwd`, `input` on its standard input (closed at once without it). */
export function runCli(args: readonly string[], cwd: string, input?: string): Promise<CliRun> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => res({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Its exit code and standard error once `child` has ended. */
export function finished(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((res) => child.on('close', (code) => res({ code, stderr })));
}

/** Kills `child` with SIGKILL once the database (file + WAL) has grown past `bytes`, or it ended. */
export async function killOnceGrown(child: ChildProcess, db: string, bytes: number): Promise<void> {
  const done = finished(child);
  await new Promise<void>((res) => {
    const t = setInterval(() => {
      let size = 0;
      for (const p of [db, `${db}.wal`]) {
        try {
          size += statSync(p).size;
        } catch {}
      }
      if (size > bytes || child.exitCode !== null) {
        clearInterval(t);
        child.kill('SIGKILL');
        res();
      }
    }, 10);
  });
  await done;
}
