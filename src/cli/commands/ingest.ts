/** `nfwlens ingest [--db PATH] PATH...` */
import type { Command } from 'commander';
import { ingestPaths } from '../../ingest/ingest-files.ts';
import { withLoadLimits } from '../../ingest/load-limits.ts';
import { afterIngest } from '../after-ingest.ts';
import { dbOption, formatOption, withStore } from '../context.ts';
import { positiveInt, wholeNumber } from '../number-options.ts';
import { formatObject, humanBytes, type OutputFormat } from '../output.ts';
import { createProgress } from '../progress.ts';
import { DESCRIPTIONS } from './catalog.ts';

interface IngestFlags {
  db?: string;
  format: OutputFormat;
  batchSize?: number;
  final?: boolean;
  finalAfter?: number;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(DESCRIPTIONS.ingest)
    .argument('<paths...>', 'files, directories, or -')
    .addOption(dbOption())
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
      const summary = await withStore(opts.db, async (store) => {
        // Loading runs under a small DuckDB memory limit, the sessions refresh under another.
        const s = await withLoadLimits(store, () =>
          ingestPaths(paths, {
            store,
            batchSize: opts.batchSize,
            final: opts.final === true,
            ...(opts.finalAfter === undefined ? {} : { finalAfterMs: opts.finalAfter * 1000 }),
            onProgress: (p) =>
              progress.update(
                p.bytesTotal > 0 ? p.bytesRead / p.bytesTotal : 0,
                `${p.fileIndex + 1}/${p.fileCount} files, ${p.records.toLocaleString('en-US')} records, ${p.rejected} rejected`,
                p.records + p.rejected,
              ),
          }),
        );
        progress.done();
        const derived = await afterIngest(store, { boundedMemory: true });
        return { ...s, derived };
      });
      const out = {
        files: summary.files,
        unchanged_files: summary.unchanged,
        skipped_files: summary.skipped.length,
        same_files: summary.sameFiles.length,
        reread_files: summary.reread.length,
        held_files: summary.held.length,
        unreadable: summary.unreadable.length,
        records: summary.records,
        records_by_log_type: summary.records_by_log_type,
        rejected: summary.rejected,
        seconds: summary.seconds,
        records_per_second: summary.records_per_second,
        ...summary.derived,
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
          `${summary.rejected} record(s) rejected and kept: see 'nfwlens rejected${opts.db ? ` --db ${opts.db}` : ''}'\n`,
        );
      }
    });
}
