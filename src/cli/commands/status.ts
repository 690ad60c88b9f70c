/** `nfwlens status` and `nfwlens rejected`. */
import type { Command } from 'commander';
import { collectorStatus } from '../../ingest/sources/collector-status.ts';
import { viaServer } from '../../server/client.ts';
import { sessionStats } from '../../sessions/index.ts';
import type { RejectedRow, Store } from '../../store/store.ts';
import { clusterOption, dbOption, dbPath, formatOption, storeOption, withExistingStore } from '../context.ts';
import { positiveInt } from '../number-options.ts';
import { formatObject, formatRows, type OutputFormat, writeRowPages } from '../output.ts';
import { DESCRIPTIONS } from './catalog.ts';

/** Rejected lines read from the store per page. */
const REJECTED_PAGE_SIZE = 10_000;

/** Up to `limit` rejected lines, in the store's order, a page at a time. */
async function* rejectedPages<T>(
  store: Store,
  opts: { limit: number; reason?: string },
  pick: (rows: readonly RejectedRow[]) => T[],
): AsyncGenerator<T[]> {
  for (let offset = 0; offset < opts.limit; offset += REJECTED_PAGE_SIZE) {
    const limit = Math.min(REJECTED_PAGE_SIZE, opts.limit - offset);
    const rows = await store.listRejected({ limit, offset, reason: opts.reason });
    if (rows.length > 0) yield pick(rows);
    if (rows.length < limit) return;
  }
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(DESCRIPTIONS.status)
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(clusterOption())
    .addOption(formatOption())
    .action(async (opts: { db?: string; store?: string; cluster?: string; format: OutputFormat }) => {
      const status = await withExistingStore(opts, async (store) => ({
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
    .addOption(storeOption())
    .addOption(clusterOption())
    .addOption(formatOption())
    .option('--reason <code>', 'only this reason')
    .option('--limit <n>', 'at most N rows', positiveInt, 1000)
    .action(
      async (opts: {
        db?: string;
        store?: string;
        cluster?: string;
        format: OutputFormat;
        reason?: string;
        limit: number;
      }) => {
        const cols = ['origin', 'line', 'reason', 'path', 'message', 'raw'];
        const pick = (rows: readonly RejectedRow[]) =>
          rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c as keyof typeof r]])));
        const table = {
          columns: cols,
          display: {
            raw: (v: unknown) => String(v ?? '').slice(0, 80),
            message: (v: unknown) => String(v ?? '').slice(0, 60),
          },
        };
        // Read and written a page at a time (json, ndjson and csv stream; a table gathers its rows).
        await withExistingStore(opts, async (store) => {
          await writeRowPages(process.stdout, rejectedPages(store, opts, pick), opts.format, table);
        }).catch((err) =>
          viaServer(err, dbPath(opts.db), async (server) => {
            await writeRowPages(process.stdout, [pick(await server.rejected(opts))], opts.format, table);
          }),
        );
      },
    );
}
