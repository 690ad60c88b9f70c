/**
 * Talking to a running server: what the CLI's read commands do when `nfwlens serve` holds the
 * database. `viaServer(err, db, fn)` is the one call: given the error opening the store threw, it
 * runs `fn` against the server named by `<db>.server.json` (or `NFWLENS_SERVER` + `NFWLENS_TOKEN`),
 * throws a clear message when the database is locked and no server can be found, and rethrows anything else.
 */
import { StoreLockedError } from '../store/duckdb/index.ts';
import type { RejectedRow, StatusInfo } from '../store/store.ts';
import type { ErrorBody } from './http-error.ts';
import { readServerLock } from './server-lock.ts';

/** An error answer of the API, with its body (query errors carry `position`). */
export class ServerApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
    this.name = 'ServerApiError';
  }
}

export class ServerUnavailableError extends Error {}

type Query = Record<string, string | number | readonly string[] | undefined | null>;

export class ServerClient {
  constructor(
    readonly url: string,
    private readonly token: string | null,
  ) {}

  async get<T>(path: string, query: Query = {}): Promise<T> {
    const u = new URL(path, this.url);
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      for (const x of Array.isArray(v) ? v : [v]) u.searchParams.append(k, String(x));
    }
    const res = await this.send(u, { headers: { accept: 'application/json' } });
    const text = await res.text();
    return (text === '' ? null : JSON.parse(text)) as T;
  }

  /** A PUT of a JSON body; the answer's JSON. */
  async put<T>(path: string, body: unknown): Promise<T> {
    const res = await this.send(new URL(path, this.url), {
      method: 'PUT',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return (text === '' ? null : JSON.parse(text)) as T;
  }

  /** `fetch` with the token; a network failure is ServerUnavailableError, an error answer ServerApiError. */
  private async send(u: URL, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(u, {
        ...init,
        headers: { ...init.headers, ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      });
    } catch (err) {
      throw new ServerUnavailableError(`cannot reach the nfwlens server at ${this.url}: ${String(err)}`, {
        cause: err,
      });
    }
    if (!res.ok) {
      const text = await res.text();
      const body = (text === '' ? null : JSON.parse(text)) as ErrorBody | null;
      throw new ServerApiError(
        res.status,
        body ?? { error: 'internal', code: 'internal', message: `HTTP ${res.status}` },
      );
    }
    return res;
  }

  /**
   * Hands an ingest to the server (`POST /api/ingest`): `paths` absolute, `key` the lock file's
   * ingest key. Calls `onProgress` with each progress line; resolves to the report.
   */
  async ingest(
    paths: string[],
    opts: { batch_size?: number; final?: boolean; final_after_seconds?: number },
    key: string,
    onProgress: (p: unknown) => void,
  ): Promise<unknown> {
    const res = await this.send(new URL('/api/ingest', this.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-nfwlens-ingest-key': key },
      body: JSON.stringify({ paths, ...opts }),
    });
    if (!res.body)
      throw new ServerUnavailableError(`the nfwlens server at ${this.url} answered the ingest with no body`);
    let rest = '';
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += decoder.decode(value, { stream: true });
      let nl = rest.indexOf('\n');
      while (nl >= 0) {
        const msg = JSON.parse(rest.slice(0, nl)) as {
          progress?: unknown;
          report?: unknown;
          error?: ErrorBody;
        };
        rest = rest.slice(nl + 1);
        if (msg.error) throw new ServerApiError(500, msg.error);
        if (msg.report !== undefined) return msg.report;
        if (msg.progress !== undefined) onProgress(msg.progress);
        nl = rest.indexOf('\n');
      }
    }
    throw new ServerUnavailableError(`the nfwlens server at ${this.url} ended the ingest without a report`);
  }

  /** The same object as `store.status()` merged with `sessionStats(store)`, as the CLI prints it. */
  async status(): Promise<Record<string, unknown> & StatusInfo> {
    const s = await this.get<StatusInfo & { sessions?: Record<string, number | null> }>('/api/status');
    const { sessions, ...rest } = s;
    return {
      ...rest,
      ...(sessions
        ? {
            sessions: sessions.sessions,
            sessions_paired: sessions.paired,
            sessions_paired_share: sessions.paired_share,
            sessions_lone_halves: sessions.waiting,
            sessions_behind_events: sessions.behind_events,
          }
        : {}),
    };
  }

  async rejected(opts: { limit?: number; reason?: string | undefined } = {}): Promise<RejectedRow[]> {
    const query = { limit: opts.limit, reason: opts.reason };
    return (await this.get<{ rows: RejectedRow[] }>('/api/rejected', query)).rows;
  }
}

/** The client for the server holding `db`, or null when none is known. */
export function serverClientFor(db: string): ServerClient | null {
  const lock = readServerLock(db);
  if (lock) return new ServerClient(lock.url, lock.token);
  const env = process.env.NFWLENS_SERVER;
  if (env) return new ServerClient(env, process.env.NFWLENS_TOKEN ?? null);
  return null;
}

/**
 * The fallback of a read command whose store could not be opened: `fn` against the running server
 * when the store was locked by it; a clear error when it is locked by something else; `err` otherwise.
 */
export async function viaServer<T>(
  err: unknown,
  db: string,
  fn: (client: ServerClient) => Promise<T>,
): Promise<T> {
  if (!(err instanceof StoreLockedError)) throw err;
  const client = serverClientFor(db);
  if (!client) {
    throw new ServerUnavailableError(
      `the database ${err.path} is in use by another process, and no running nfwlens server was found for it ` +
        `(no ${err.path}.server.json). Stop the other process, or set NFWLENS_SERVER to the server's URL.`,
      { cause: err },
    );
  }
  return fn(client);
}
