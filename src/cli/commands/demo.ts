/** `nfwlens demo` (what `npm start` runs): generate demo logs if the database is empty, ingest, show. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ingestPaths } from '../../ingest/ingest-files.ts';
import { afterIngest } from '../after-ingest.ts';
import { dbOption, dbPath, withStore } from '../context.ts';
import { formatObject } from '../output.ts';
import { createProgress } from '../progress.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('generate demo logs (if the database is empty), ingest them and show what was stored')
    .addOption(dbOption())
    .option('--data <dir>', 'where demo logs are written', './demo-data')
    .option('--records <n>', 'demo records to generate', (v) => Number.parseInt(v, 10), 200000)
    .action(async (opts: { db?: string; data: string; records: number }) => {
      const db = dbPath(opts.db);
      await withStore(db, async (store) => {
        const status = await store.status();
        if (status.records === 0) {
          const dir = resolve(opts.data);
          if (!existsSync(join(dir, 'AWSLogs'))) {
            process.stderr.write(
              `generating ${opts.records.toLocaleString('en-US')} demo records in ${dir}\n`,
            );
            const p = createProgress();
            await (await import('../../generate/index.ts')).generateLogs({
              outDir: dir,
              records: opts.records,
              seed: 1,
              hours: 48,
              onProgress: (n) => p.update(n / opts.records, 'generating'),
            });
            p.done();
          }
          process.stderr.write(`ingesting ${dir} into ${db}\n`);
          const p = createProgress();
          const s = await ingestPaths([dir], {
            store,
            onProgress: (x) =>
              p.update(x.bytesTotal ? x.bytesRead / x.bytesTotal : 0, `${x.records} records`),
          });
          p.done();
          await afterIngest(store);
          process.stderr.write(
            `ingested ${s.records} records in ${s.seconds}s (${s.records_per_second}/s)\n`,
          );
        }
        const { firewalls: _f, ...now } = await store.status();
        process.stdout.write(formatObject(now, 'table'));
      });
    });
}
