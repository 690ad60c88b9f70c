/**
 * `nfwlens collect --config FILE [--db PATH | --store URL] [--once]`: runs the configured sources until stopped.
 * Pull sources (S3, CloudWatch Logs) poll every interval; each Firehose source gets its own HTTP
 * listener. SIGINT/SIGTERM: the current batch is finished and committed, then the command exits.
 */
import type { Command } from 'commander';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig, type NfwlensConfig } from '../../config/index.ts';
import {
  backoffDelay,
  type Collector,
  createCollector,
  type FirehoseSourceConfig,
  registerFirehose,
  resolveAccessKey,
  sleep,
} from '../../ingest/sources/index.ts';
import type { Store } from '../../store/store.ts';
import { afterIngest } from '../after-ingest.ts';
import { clusterOption, dbOption, storeOption, storeTarget, withStore } from '../context.ts';
import { DESCRIPTIONS } from './catalog.ts';

const log = (msg: string) => process.stderr.write(`${new Date().toISOString()} ${msg}\n`);

/** Polls one pull source until `signal` aborts (or once). Failed polls back off and retry. */
async function runPuller(
  c: Collector,
  intervalMs: number,
  once: boolean,
  signal: AbortSignal,
): Promise<void> {
  try {
    await pollLoop(c, intervalMs, once, signal);
  } finally {
    await c.close?.();
  }
}

async function pollLoop(c: Collector, intervalMs: number, once: boolean, signal: AbortSignal): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    try {
      const r = await c.poll(signal);
      failures = 0;
      if (r.records > 0 || r.rejected > 0) {
        log(`[${c.name}] +${r.records} records, +${r.rejected} rejected, +${r.bytes} bytes`);
      }
    } catch (err) {
      failures++;
      log(`[${c.name}] poll failed (${failures} in a row): ${(err as Error).message}`);
      if (once) throw err;
      await sleep(
        Math.min(intervalMs, backoffDelay(failures - 1, { initialMs: 1_000, maxMs: 300_000 })),
        signal,
      );
      continue;
    }
    if (once) return;
    await sleep(intervalMs, signal);
  }
}

async function startFirehose(cfg: FirehoseSourceConfig, store: Store): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await registerFirehose(app, {
    store,
    name: cfg.name,
    accessKey: resolveAccessKey(cfg),
    path: cfg.path,
    maxBodyBytes: cfg.maxBodyBytes,
  });
  await app.listen({ host: cfg.host, port: cfg.port });
  log(`[${cfg.name}] Firehose endpoint listening on http://${cfg.host}:${cfg.port}${cfg.path}`);
  return app;
}

export async function runCollect(
  config: NfwlensConfig,
  store: Store,
  opts: { once: boolean; signal: AbortSignal },
): Promise<void> {
  const servers: FastifyInstance[] = [];
  try {
    for (const s of config.sources) {
      if (s.type !== 'firehose') continue;
      if (opts.once) log(`[${s.name}] Firehose endpoint not started with --once`);
      else servers.push(await startFirehose(s, store));
    }
    const pullers = config.sources.flatMap((s) =>
      s.type === 'firehose'
        ? []
        : [
            runPuller(
              createCollector(s, { store }),
              (s.pollIntervalSeconds ?? config.pollIntervalSeconds) * 1000,
              opts.once,
              opts.signal,
            ),
          ],
    );
    if (!opts.once && pullers.length === 0) {
      await new Promise<void>((r) => opts.signal.addEventListener('abort', () => r(), { once: true }));
    }
    const results = await Promise.allSettled(pullers);
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0) throw new Error(`${failed.length} source(s) failed; see the messages above`);
  } finally {
    // Closing waits for requests in flight, which answer only after their commit.
    await Promise.all(servers.map((app) => app.close()));
  }
}

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description(DESCRIPTIONS.collect)
    .requiredOption('--config <file>', 'configuration file (YAML or JSON)')
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(clusterOption())
    .option('--once', 'one pass over the pull sources, then exit')
    .action(
      async (opts: { config: string; db?: string; store?: string; cluster?: string; once?: boolean }) => {
        const config = await loadConfig(opts.config);
        const stop = new AbortController();
        const onSignal = (sig: string) => {
          if (stop.signal.aborted) return;
          log(`${sig}: finishing the current batch`);
          stop.abort();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        try {
          await withStore(storeTarget(opts, config), async (store) => {
            await runCollect(config, store, { once: opts.once === true, signal: stop.signal });
            await afterIngest(store);
          });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      },
    );
}
