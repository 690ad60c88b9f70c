/**
 * `nfwlens serve`: the web UI and its JSON API over one database. Bound to 127.0.0.1 by default;
 * any other address requires an access token (given, or generated and printed here). While it serves
 * a DuckDB file, `<db>.server.json` tells the CLI's read commands where to ask (and `nfwlens ingest`
 * where to hand its files); a ClickHouse store needs neither: every command opens it itself.
 */
import { type Command, Option } from 'commander';
import { loadConfig, type NfwlensConfig } from '../../config/index.ts';
import { collectorStatus } from '../../ingest/sources/collector-status.ts';
import type { HandedIngestOptions } from '../../server/context.ts';
import { type RunningServer, startServer } from '../../server/start-server.ts';
import type { Store } from '../../store/store.ts';
import { afterIngest } from '../after-ingest.ts';
import {
  clusterOption,
  dbOption,
  describeTarget,
  openExistingStore,
  openStore,
  type StoreTarget,
  storeOption,
  storeTarget,
} from '../context.ts';
import { runIngestJob } from '../ingest-job.ts';
import { DESCRIPTIONS } from './catalog.ts';
import { runCollect } from './collect.ts';

export interface ServeOptions {
  db?: string;
  store?: string;
  cluster?: string;
  host: string;
  port: number;
  token?: string;
  config?: string;
  web?: string;
  /** Seconds a search or report may run (0: no limit); default: the config's, else 10. */
  queryTimeout?: number;
}

/** `--query-timeout`: seconds, 0 (no limit) to 3600. */
export function parseQueryTimeout(v: string): number {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || n > 3600) {
    throw new Error(`--query-timeout must be 0..3600 seconds (0: no limit), got "${v}"`);
  }
  return n;
}

export function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65_535) throw new Error(`--port must be 0..65535, got "${v}"`);
  return n;
}

interface Extensions {
  stop(): Promise<void>;
}

const log = (msg: string) => process.stderr.write(`${new Date().toISOString()} ${msg}\n`);

/**
 * The collectors of `--config` running inside the server (S3 and CloudWatch polling, Firehose
 * endpoints on their own listeners), with the sessions refreshed as their records arrive.
 */
/** `fn` run one call at a time: a call made while one runs waits for it, then runs. */
function oneAtATime<A extends unknown[], T>(fn: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (...args) => {
    const run = tail.then(() => fn(...args));
    tail = run.catch(() => undefined);
    return run;
  };
}

function startCollectors(
  store: Store,
  config: NfwlensConfig | undefined,
  refresh: () => Promise<unknown>,
): Extensions {
  if (!config) return { stop: async () => undefined };
  const abort = new AbortController();
  const running = runCollect(config, store, { once: false, signal: abort.signal }).catch((err) =>
    log(`collectors stopped: ${(err as Error).message}`),
  );
  let refreshing: Promise<unknown> = Promise.resolve();
  let busy = false;
  const refreshMs = Math.min(60, Math.max(5, config.pollIntervalSeconds)) * 1000;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    refreshing = refresh()
      .catch((err) => log(`session refresh failed: ${(err as Error).message}`))
      .finally(() => {
        busy = false;
      });
  }, refreshMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      abort.abort();
      await running; // the current batches are committed
      await refreshing;
      await refresh();
    },
  };
}

/**
 * Serves an open store; the returned server's `close` also stops the collectors and closes the store.
 * `db` is the DuckDB file, for the lock file beside it (null for a ClickHouse store: no lock file, no
 * ingest handed over).
 */
export async function serveStore(
  store: Store,
  db: string | null,
  opts: Omit<ServeOptions, 'db' | 'store' | 'cluster' | 'config'> & { config?: NfwlensConfig },
): Promise<RunningServer> {
  let server: RunningServer;
  let extensions: Extensions = { stop: async () => undefined };
  // The sessions refresh, after collector batches and after ingests handed over, one at a time.
  const refresh = oneAtATime(() => afterIngest(store));
  const queryTimeout = opts.queryTimeout ?? opts.config?.queryTimeoutSeconds;
  try {
    extensions = startCollectors(store, opts.config, refresh);
    server = await startServer({
      store,
      dbPath: db,
      host: opts.host,
      port: opts.port,
      token: opts.token ?? process.env.NFWLENS_TOKEN ?? null,
      collectorStatus: (s) => collectorStatus(s),
      // `nfwlens ingest` while this server holds the database: the same ingest, run here, one at a time.
      ingestJob: oneAtATime((paths: string[], o: HandedIngestOptions, onProgress: (p: unknown) => void) =>
        runIngestJob(store, paths, { ...o, onProgress: (p) => onProgress(p), ownProcess: false, refresh }),
      ),
      ...(opts.web ? { webDir: opts.web } : {}),
      ...(queryTimeout !== undefined ? { queryTimeoutMs: Math.round(queryTimeout * 1000) } : {}),
    });
  } catch (err) {
    await extensions.stop().catch(() => undefined);
    await store.close();
    throw err;
  }
  const close = server.close;
  let stopping: Promise<void> | null = null;
  server.close = () => {
    stopping ??= (async () => {
      await extensions.stop();
      await close();
      await store.close();
    })();
    return stopping;
  };
  return server;
}

export async function runServe(opts: ServeOptions): Promise<{ server: RunningServer; db: string }> {
  const config = opts.config ? await loadConfig(opts.config) : undefined;
  const target = storeTarget(opts, config);
  const { config: _c, db: _d, store: _s, cluster: _k, ...rest } = opts;
  // Serving only reads: a mistyped --db must not create an empty database. With collectors to run
  // (`--config` with sources, as a container deployment starts on an empty volume) it collects, so it
  // may (and on ClickHouse it is then the database's writer).
  const collects = (config?.sources.length ?? 0) > 0;
  const store = collects ? await openStore(target) : await openExistingStore(target);
  const server = await serveStore(store, lockPath(target), { ...rest, ...(config ? { config } : {}) });
  return { server, db: describeTarget(target) };
}

/** The DuckDB file the lock file goes beside; none for ClickHouse. */
export function lockPath(target: StoreTarget): string | null {
  return target.engine === 'duckdb' ? target.path : null;
}

/** Prints where the server is and how to log in, waits for Ctrl-C or SIGTERM, stops it. */
export async function serveUntilSignal(server: RunningServer, db: string): Promise<void> {
  process.stdout.write(`nfwlens serving ${db} at ${server.url}\n`);
  if (server.tokenGenerated) {
    process.stdout.write(`access token (log in at ${server.url}/login): ${server.token}\n`);
  } else if (server.token) {
    process.stdout.write(`access token required (log in at ${server.url}/login)\n`);
  }
  await waitForSignal();
  process.stderr.write('stopping\n');
  await server.close();
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(DESCRIPTIONS.serve)
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(clusterOption())
    .option('--host <address>', 'address to listen on (anything but loopback requires a token)', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, 8080)
    .addOption(new Option('--token <token>', 'access token (env NFWLENS_TOKEN)'))
    .option('--config <file>', 'run the collectors of this configuration file inside the server')
    .option(
      '--query-timeout <seconds>',
      "stop a search or report that runs longer, answering 503 (0: no limit; default 10, or the config's queryTimeoutSeconds)",
      parseQueryTimeout,
    )
    .addOption(new Option('--web <dir>', 'built web app to serve').default(undefined).hideHelp())
    .action(async (opts: ServeOptions) => {
      const { server, db } = await runServe(opts);
      await serveUntilSignal(server, db);
    });
}

/** Resolves on the first SIGINT or SIGTERM. */
export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
