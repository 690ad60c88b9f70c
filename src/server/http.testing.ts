/** Test helper: the fixture in a real DuckDB file, served on 127.0.0.1 (a free port), asked with fetch. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR_MESSAGE_CODES } from '../schema/error-codes.ts';
import type { Store } from '../store/store.ts';
import { openFixtureStore } from './fixture.testing.ts';
import type { ErrorBody } from './http-error.ts';
import { type RunningServer, startServer } from './start-server.ts';

export interface HttpFixture {
  url: string;
  store: Store;
  server: RunningServer;
  /** Errors the server logged as unexpected (every one would have been a 500). */
  internalErrors: unknown[];
  get(path: string, init?: RequestInit): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export interface HttpFixtureOptions {
  /** The events table doubled this many times (33 records each), for reads that take a while. */
  doublings?: number;
  queryTimeoutMs?: number | null;
  /** What the server sees of the store (for instance a wrapper recording its reads). */
  wrap?: (store: Store) => Store;
}

export async function startHttpFixture(opts: HttpFixtureOptions = {}): Promise<HttpFixture> {
  const dbDir = mkdtempSync(join(tmpdir(), 'nfwlens-http-'));
  const fixture = await openFixtureStore(join(dbDir, 'fixture.duckdb'));
  const store = fixture.store;
  if (opts.doublings) {
    await store.transaction(async (tx) => {
      for (let i = 0; i < (opts.doublings ?? 0); i++) {
        await tx.run(
          'INSERT INTO events SELECT * REPLACE (id + (SELECT max(id) FROM events) AS id) FROM events',
        );
      }
    });
  }
  const internalErrors: unknown[] = [];
  const server = await startServer({
    store: opts.wrap ? opts.wrap(store) : store,
    host: '127.0.0.1',
    port: 0,
    dbPath: null,
    webDir: join(fixture.dir, 'no-web'),
    now: () => new Date('2024-01-02T00:00:00Z'),
    logError: (_what, err) => internalErrors.push(err),
    ...(opts.queryTimeoutMs !== undefined ? { queryTimeoutMs: opts.queryTimeoutMs } : {}),
  });
  return {
    url: server.url,
    store,
    server,
    internalErrors,
    async get(path, init) {
      const res = await fetch(`${server.url}${path}`, init);
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: kept as text, and the shape checks fail
      }
      return { status: res.status, body };
    },
    async close() {
      // fetch may leave connections opened but never used (after an aborted request): they would
      // hold the close until Node's headers timeout.
      server.app.server.closeAllConnections();
      await server.close();
      await fixture.close();
      rmSync(dbDir, { recursive: true, force: true });
    },
  };
}

const BODY_KEYS = new Set(['error', 'code', 'params', 'message', 'position', 'expected', 'suggestions']);
export const ERROR_CODES = new Set([
  'query_syntax',
  'unknown_field',
  'bad_value',
  'query_too_large',
  'too_many_terms',
  'bad_request',
  'unauthorized',
  'not_found',
  'query_timeout',
  'too_large',
  'internal',
]);
const MESSAGE_CODES: ReadonlySet<string> = new Set(ERROR_MESSAGE_CODES);

/** Why `body` is not an error body of the documented shape, or null when it is one. */
export function errorShapeProblem(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return `not a JSON object: ${String(body).slice(0, 80)}`;
  const b = body as Partial<ErrorBody> & Record<string, unknown>;
  for (const k of Object.keys(b)) if (!BODY_KEYS.has(k)) return `unexpected key "${k}"`;
  if (typeof b.error !== 'string' || !ERROR_CODES.has(b.error))
    return `unknown error code ${String(b.error)}`;
  if (typeof b.code !== 'string' || !MESSAGE_CODES.has(b.code))
    return `unknown message code ${String(b.code)}`;
  if (b.params !== undefined && (typeof b.params !== 'object' || b.params === null))
    return 'params not an object';
  if (typeof b.message !== 'string' || b.message === '') return 'no message';
  if (/Error:|Invalid Input|Conversion|Binder|INTERNAL|duckdb/i.test(b.message)) {
    return `engine text in the message: ${b.message}`;
  }
  return null;
}

/** A query string value percent-encoded byte by byte (lone surrogates become U+FFFD, as UTF-8 does). */
export function encodeQueryValue(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.~!$'()*,:@/?-]/.test(ch)
      ? ch
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
