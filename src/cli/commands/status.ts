/** `nfwlens status` and `nfwlens rejected`. */
import type { Command } from 'commander';
import { collectorStatus } from '../../ingest/sources/collector-status.ts';
import { viaServer } from '../../server/client.ts';
import { sessionStats } from '../../sessions/index.ts';
import { dbOption, dbPath, formatOption, withExistingStore } from '../context.ts';
import { positiveInt } from '../number-options.ts';
import { formatObject, formatRows, type OutputFormat } from '../output.ts';
import { DESCRIPTIONS } from './catalog.ts';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(DESCRIPTIONS.status)
    .addOption(dbOption())
    .addOption(formatOption())
    .action(async (opts: { db?: string; format: OutputFormat }) => {
      const status = await withExistingStore(opts.db, async (store) => ({
        ...(await store.status()),
        ...(await sessionStats(store)),
        collectors: await collectorStatus(store),
      })).catch((err) => viaServer(err, dbPath(opts.db), (server) => server.status()));
      if (opts.format !== 'table') {
        process.stdout.write(formatObject({ ...status }, opts.format));
        return;
      }
      const { firewalls, collectors, ...head } = status as typeof status & {
        collectors?: Record<string, unknown>[];
      };
      process.stdout.write(formatObject({ ...head }, 'table'));
      process.stdout.write('\n');
      process.stdout.write(formatRows(firewalls, 'table', { title: 'Firewalls' }));
      if (collectors?.length) {
        process.stdout.write('\n');
        process.stdout.write(formatRows(collectors, 'table', { title: 'Collectors' }));
      }
    });

  program
    .command('rejected')
    .description(DESCRIPTIONS.rejected)
    .addOption(dbOption())
    .addOption(formatOption())
    .option('--reason <code>', 'only this reason')
    .option('--limit <n>', 'at most N rows', positiveInt, 1000)
    .action(async (opts: { db?: string; format: OutputFormat; reason?: string; limit: number }) => {
      const rows = await withExistingStore(opts.db, (store) =>
        store.listRejected({ limit: opts.limit, reason: opts.reason }),
      ).catch((err) => viaServer(err, dbPath(opts.db), (server) => server.rejected(opts)));
      const cols = ['origin', 'line', 'reason', 'path', 'message', 'raw'];
      const out = rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c as keyof typeof r]])));
      process.stdout.write(
        formatRows(out, opts.format, {
          columns: cols,
          display: { raw: (v) => String(v ?? '').slice(0, 80), message: (v) => String(v ?? '').slice(0, 60) },
        }),
      );
    });
}
