/** `nfwlens ingest [--db PATH] PATH...` */
import type { Command } from 'commander';
import { ingestPaths } from '../../ingest/ingest-files.ts';
import { withLoadLimits } from '../../ingest/load-limits.ts';
import { afterIngest } from '../after-ingest.ts';
import { dbOption, formatOption, withStore } from '../context.ts';
import { positiveInt } from '../number-options.ts';
import { formatObject, humanBytes, type OutputFormat } from '../output.ts';
import { createProgress } from '../progress.ts';
import { DESCRIPTIONS } from './catalog.ts';

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
    .action(async (paths: string[], opts: { db?: string; format: OutputFormat; batchSize?: number }) => {
      const progress = createProgress();
      const summary = await withStore(opts.db, async (store) => {
        // Loading runs under a small DuckDB memory limit, the sessions refresh under another.
        const s = await withLoadLimits(store, () =>
          ingestPaths(paths, {
            store,
            batchSize: opts.batchSize,
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
      if (summary.rejected > 0) {
        process.stderr.write(
          `${summary.rejected} record(s) rejected and kept: see 'nfwlens rejected${opts.db ? ` --db ${opts.db}` : ''}'\n`,
        );
      }
    });
}
