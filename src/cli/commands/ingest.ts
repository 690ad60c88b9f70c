/** `nfwlens ingest [--db PATH | --store URL] PATH...` */

import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { IngestProgress } from '../../ingest/ingest-files.ts';
import { ServerClient, ServerUnavailableError } from '../../server/client.ts';
import { readServerLock } from '../../server/server-lock.ts';
import { StoreLockedError } from '../../store/duckdb/index.ts';
import {
  clusterOption,
  dbOption,
  formatOption,
  type StoreTarget,
  storeArgs,
  storeOption,
  storeTarget,
  withStore,
} from '../context.ts';
import { type IngestReport, runIngestJob } from '../ingest-job.ts';
import { positiveInt, wholeNumber } from '../number-options.ts';
import { formatObject, humanBytes, type OutputFormat } from '../output.ts';
import { createProgress } from '../progress.ts';
import { DESCRIPTIONS } from './catalog.ts';

interface IngestFlags {
  db?: string;
  store?: string;
  cluster?: string;
  format: OutputFormat;
  batchSize?: number;
  final?: boolean;
  finalAfter?: number;
}

/**
 * While `nfwlens serve` holds the database (DuckDB allows one writing process), the files go to it:
 * it runs the same ingest, with the same checkpoints, and sends back the same report.
 */
async function handToServer(
  err: unknown,
  db: string,
  paths: string[],
  opts: IngestFlags,
  onProgress: (p: IngestProgress) => void,
): Promise<IngestReport> {
  if (!(err instanceof StoreLockedError)) throw err;
  const lock = readServerLock(db);
  if (!lock?.ingest_key) {
    throw new ServerUnavailableError(
      `the database ${err.path} is in use by another process that takes no ingest (no running 'nfwlens serve' ` +
        `for it was found in ${err.path}.server.json); stop that process and ingest again`,
      { cause: err },
    );
  }
  if (paths.includes('-')) {
    throw new Error(
      `'nfwlens serve' holds ${db}: standard input cannot be handed to it; write it to a file first`,
    );
  }
  process.stderr.write(`nfwlens serve holds ${db}: the files are ingested by it (${lock.url})\n`);
  const client = new ServerClient(lock.url, lock.token);
  const report = await client.ingest(
    paths.map((p) => resolve(p)),
    {
      ...(opts.batchSize !== undefined ? { batch_size: opts.batchSize } : {}),
      ...(opts.final ? { final: true } : {}),
      ...(opts.finalAfter !== undefined ? { final_after_seconds: opts.finalAfter } : {}),
    },
    lock.ingest_key,
    (p) => onProgress(p as IngestProgress),
  );
  return report as IngestReport;
}

const shellWord = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

/**
 * An ingest that stopped part-way: every commit before the failure is kept (each file's position is
 * committed with its records), so the same command resumes where it stopped.
 */
export class IngestStoppedError extends Error {
  constructor(cause: unknown, paths: readonly string[], opts: IngestFlags, target: StoreTarget) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const args = [
      ...['nfwlens', 'ingest', ...storeArgs(target, opts)],
      ...(opts.batchSize !== undefined ? ['--batch-size', String(opts.batchSize)] : []),
      ...(opts.final ? ['--final'] : []),
      ...(opts.finalAfter !== undefined ? ['--final-after', String(opts.finalAfter)] : []),
      ...paths,
    ];
    const resume = paths.includes('-')
      ? 'standard input cannot be read again: ingest the rest of it from a file'
      : `run the same command again to resume where it stopped: ${args.map(shellWord).join(' ')}`;
    const memory =
      target.engine === 'duckdb' && /Out of Memory/i.test(reason)
        ? '; if it stops again, raise the memory limit (NFWLENS_MEMORY_LIMIT=2GB)'
        : '';
    super(`ingest stopped: ${reason}\nwhat was committed before it stopped is kept; ${resume}${memory}`, {
      cause,
    });
  }
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(DESCRIPTIONS.ingest)
    .argument('<paths...>', 'files, directories, or -')
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(clusterOption())
    .addOption(formatOption())
    .option(
      '--batch-size <n>',
      'records per committed transaction (default: commits end on the row groups of the table)',
      positiveInt,
    )
    .option('--final', 'the files are complete: read an unterminated last line now (rejected if broken)')
    .option(
      '--final-after <seconds>',
      'a file unchanged for this long is complete (default 300); until then its unterminated last line is held',
      wholeNumber(0),
    )
    .action(async (paths: string[], opts: IngestFlags) => {
      const progress = createProgress();
      const onProgress = (p: IngestProgress) =>
        progress.update(
          p.bytesTotal > 0 ? p.bytesRead / p.bytesTotal : 0,
          `${p.fileIndex + 1}/${p.fileCount} files, ${p.records.toLocaleString('en-US')} records, ${p.rejected} rejected`,
          p.records + p.rejected,
        );
      const job = {
        batchSize: opts.batchSize,
        final: opts.final,
        finalAfterSeconds: opts.finalAfter,
        onProgress,
      };
      const target = storeTarget(opts);
      let opened = false;
      const summary = await withStore(target, (store) => {
        opened = true;
        return runIngestJob(store, paths, { ...job, ownProcess: true });
      })
        .catch((err) =>
          // Only a DuckDB file is held by a running server (ClickHouse takes any number of readers).
          target.engine === 'duckdb'
            ? handToServer(err, target.path, paths, opts, onProgress)
            : Promise.reject(err),
        )
        .catch((err) => {
          progress.done();
          // A ClickHouse server that cannot be reached, or a database with another writer: nothing began.
          if (target.engine === 'clickhouse' && !opened) throw err;
          throw new IngestStoppedError(err, paths, opts, target);
        });
      progress.done();
      const out = {
        ...summary.counts,
        ...(opts.format === 'table' ? { input: humanBytes(summary.bytes) } : { bytes: summary.bytes }),
      };
      process.stdout.write(formatObject(out, opts.format));
      for (const s of summary.skipped) process.stderr.write(`skipped (not a log file): ${s}\n`);
      for (const s of summary.sameFiles)
        process.stderr.write(`skipped (the same file as ${s.sameAs}): ${s.path}\n`);
      for (const r of summary.reread)
        process.stderr.write(`read again from the start (${r.why}): ${r.path}\n`);
      for (const h of summary.held) {
        process.stderr.write(`held (unterminated last line, read once it ends or with --final): ${h}\n`);
      }
      for (const u of summary.unreadable) process.stderr.write(`could not read ${u.path}: ${u.reason}\n`);
      // Everything readable is stored; a path that could not be read still fails the command.
      if (summary.unreadable.length > 0) process.exitCode = 1;
      if (summary.rejected > 0) {
        process.stderr.write(
          `${summary.rejected} record(s) rejected and kept: see '${['nfwlens', 'rejected', ...storeArgs(target, opts)].join(' ')}'\n`,
        );
      }
    });
}
