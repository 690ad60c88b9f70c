/** Starting and stopping the server: resolve the token, listen, publish the lock file, clean up on close. */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from './app.ts';
import { generateToken, resolveAuth } from './auth.ts';
import type { IngestHandOver } from './context.ts';
import { localUrl, removeServerLock, writeServerLock } from './server-lock.ts';

export interface StartServerOptions extends Omit<AppOptions, 'token' | 'ingest'> {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The access token; without one, a token is generated when `host` is not loopback. */
  token?: string | null;
  /** The database file, for the lock file next to it (null for an in-memory store). */
  dbPath: string | null;
  /** The time limit of one database read, in ms (default DEFAULT_QUERY_TIMEOUT_MS; null or 0: none). */
  queryTimeoutMs?: number | null;
  /** Runs an ingest handed over by the CLI; its key goes into the lock file only (needs `dbPath`). */
  ingestJob?: IngestHandOver['run'];
}

/** A search or report that runs longer than this is stopped (503 `query_timeout`). */
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

export interface RunningServer {
  app: FastifyInstance;
  /** Where a local client reaches the server. */
  url: string;
  token: string | null;
  /** The token was generated (print it: nobody else knows it). */
  tokenGenerated: boolean;
  close(): Promise<void>;
}

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const auth = resolveAuth(opts.host, opts.token);
  const { host, port, dbPath, token: _t, queryTimeoutMs, ingestJob, ...appOpts } = opts;
  const ingest = ingestJob && dbPath !== null ? { key: generateToken(), run: ingestJob } : undefined;
  await opts.store.setLimits({
    queryTimeoutMs: queryTimeoutMs === undefined ? DEFAULT_QUERY_TIMEOUT_MS : queryTimeoutMs,
  });
  const app = await buildApp({ ...appOpts, token: auth.token, ...(ingest ? { ingest } : {}) });
  await app.listen({ host, port });
  const address = app.server.address() as AddressInfo;
  const url = localUrl(host, address.port);
  // Removed on close; the exit hook covers a process that ends without closing.
  const dropLock = () => {
    if (dbPath !== null) removeServerLock(dbPath);
  };
  if (dbPath !== null) {
    writeServerLock(dbPath, { url, token: auth.token, ingest_key: ingest?.key ?? null });
    process.once('exit', dropLock);
  }
  let closed: Promise<void> | null = null;
  return {
    app,
    url,
    token: auth.token,
    tokenGenerated: auth.generated,
    close() {
      closed ??= (async () => {
        process.off('exit', dropLock);
        dropLock();
        await app.close();
      })();
      return closed;
    },
  };
}
