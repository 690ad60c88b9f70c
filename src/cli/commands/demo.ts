/**
 * `nfwlens demo` (what `npm start` runs): generate demo logs if the database is empty, ingest them,
 * then serve the web UI over them and print its URL (`--no-serve` prints the status and exits).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ingestPaths } from '../../ingest/ingest-files.ts';
import { readServerLock } from '../../server/server-lock.ts';
import type { Store } from '../../store/store.ts';
import { afterIngest } from '../after-ingest.ts';
import { clusterOption, dbOption, describeTarget, openStore, storeOption, storeTarget } from '../context.ts';
import { positiveInt } from '../number-options.ts';
import { formatObject } from '../output.ts';
import { createProgress } from '../progress.ts';
import { DESCRIPTIONS } from './catalog.ts';
import { lockPath, parsePort, serveStore, serveUntilSignal } from './serve.ts';

interface DemoOptions {
  db?: string;
  store?: string;
  cluster?: string;
  data: string;
  records: number;
  serve: boolean;
  host: string;
  port: number;
}

async function fillIfEmpty(store: Store, db: string, opts: DemoOptions): Promise<void> {
  if ((await store.status()).records > 0) return;
  const dir = resolve(opts.data);
  if (!existsSync(join(dir, 'AWSLogs'))) {
    process.stderr.write(`generating ${opts.records.toLocaleString('en-US')} demo records in ${dir}\n`);
    const p = createProgress();
    await (await import('../../generate/index.ts')).generateLogs({
      outDir: dir,
      records: opts.records,
      seed: 1,
      hours: 48,
      onProgress: (n) => p.update(n / opts.records, `generating, ${n.toLocaleString('en-US')} records`, n),
    });
    p.done();
  }
  process.stderr.write(`ingesting ${dir} into ${db}\n`);
  const p = createProgress();
  const s = await ingestPaths([dir], {
    store,
    onProgress: (x) =>
      p.update(
        x.bytesTotal ? x.bytesRead / x.bytesTotal : 0,
        `${x.records.toLocaleString('en-US')} records`,
        x.records,
      ),
  });
  p.done();
  await afterIngest(store);
  process.stderr.write(`ingested ${s.records} records in ${s.seconds}s (${s.records_per_second}/s)\n`);
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(DESCRIPTIONS.demo)
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(clusterOption())
    .option('--data <dir>', 'where demo logs are written', './demo-data')
    .option('--records <n>', 'demo records to generate', positiveInt, 200000)
    .option('--no-serve', 'print what was stored and exit instead of serving')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, 8080)
    .action(async (opts: DemoOptions) => {
      const target = storeTarget(opts);
      const db = describeTarget(target);
      const running = target.engine === 'duckdb' ? readServerLock(target.path) : null;
      if (running) {
        process.stdout.write(`nfwlens is already serving ${db} at ${running.url}\n`);
        return;
      }
      const store = await openStore(target);
      try {
        await fillIfEmpty(store, db, opts);
        const { firewalls: _f, ...now } = await store.status();
        process.stdout.write(formatObject(now, 'table'));
      } catch (err) {
        await store.close();
        throw err;
      }
      if (!opts.serve) {
        await store.close();
        return;
      }
      const server = await serveStore(store, lockPath(target), { host: opts.host, port: opts.port });
      process.stdout.write(`\nopen ${server.url} in a browser (Ctrl-C stops)\n`);
      await serveUntilSignal(server, db);
    });
}
