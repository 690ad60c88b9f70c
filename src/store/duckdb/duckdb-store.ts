/** The embedded default store: one DuckDB file, one writer process. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { META_COLUMNS } from '../../schema/columns.ts';
import type {
  EventBounds,
  EventFilter,
  EventPageQuery,
  EventPageRow,
  FlowRecordsQuery,
  HistogramBucket,
  StoredRecord,
} from '../event-reads.ts';
import type { ReportQuery } from '../report-query.ts';
import type { SavedObject } from '../saved.ts';
import type {
  RefreshOptions,
  RefreshResult,
  Session,
  SessionCountQuery,
  SessionListQuery,
  SessionStats,
} from '../sessions.ts';
import type {
  BatchCommit,
  Checkpoint,
  CommitResult,
  EngineLimits,
  IngestLimits,
  Loader,
  LoaderOptions,
  ReadOptions,
  RejectedRow,
  RejectInput,
  SqlRow,
  StatusInfo,
  Store,
} from '../store.ts';
import { checkpointFromRow } from '../store.ts';
import type { SummaryFigures, SummaryQuery } from '../summary.ts';
import { appendRows } from './append.ts';
import { duckdbDialect } from './dialect.ts';
import * as eventReads from './event-reads.ts';
import { DUCKDB_INGEST_LIMITS, DuckDbLoader } from './loader.ts';
import { MIGRATIONS } from './migrations.ts';
import { ReadPool } from './read-pool.ts';
import { compileReportCount, compileReportQuery } from './report-compile.ts';
import * as saved from './saved.ts';
import * as sessions from './sessions.ts';
import { type StagingFile, stagedInsertSql } from './stage.ts';
import { summary as readSummary } from './summary.ts';
import { toJsonSafe, toParam } from './values.ts';

/** Statements of one DuckDB transaction (the sessions refresh's). */
export interface StoreTx {
  query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
}

export class StoreLockedError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(
      `The database ${path} is in use by another nfwlens process (for instance a running 'nfwlens serve'). ` +
        "While 'nfwlens serve' holds it, the commands ask it (ingest, status, search, sessions, report, rejected); " +
        'otherwise stop that process.',
      { cause },
    );
  }
}

const REJECT_COLUMNS = ['id', 'origin', 'line', 'reason', 'path', 'message', 'raw', 'rejected_at'] as const;
const REJECT_DEFS = REJECT_COLUMNS.map((name) => ({
  ...META_COLUMNS[0]!,
  name,
  kind:
    name === 'id' || name === 'line'
      ? ('bigint' as const)
      : name === 'rejected_at'
        ? ('timestamp' as const)
        : ('string' as const),
}));

/**
 * The staged INSERT hash-joins the staging rows with the chunk list (tag -> first id, origin). DuckDB
 * builds the hash table on the side it estimates smaller, and with a few thousand chunks (a commit of
 * many small files) it chose the staging rows: a whole commit of wide rows in a hash table. With the
 * optimizer that swaps the sides off, the chunk list (the right side) is always the build side.
 */
const STAGED_INSERT_DISABLED_OPTIMIZERS = 'build_side_probe_side';

/** Checkpoint rows per upsert statement. */
const CHECKPOINTS_PER_STATEMENT = 256;

/** A staged commit: the events of a staging file, plus rejections and checkpoints. */
export interface StagedCommit {
  staging: StagingFile;
  rejects: readonly RejectInput[];
  checkpoints: readonly Checkpoint[];
}

/** Serialises async work on one connection (transactions must not interleave). */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export interface DuckDbStoreOptions {
  path: string; // ':memory:' for an in-memory database
  readOnly?: boolean;
  /** DuckDB's memory_limit (e.g. '512MB'); default: env NFWLENS_MEMORY_LIMIT, else DuckDB's own (80% of RAM). */
  memoryLimit?: string;
  /** The time limit of one read in milliseconds (default: none); `setLimits` changes it. */
  queryTimeoutMs?: number | null;
  /**
   * Connections reads run on side by side (default 2). Each running read holds one of Node's four
   * libuv threads, so more than 3 would leave writes and file I/O waiting behind slow reads.
   */
  readConnections?: number;
}

const DEFAULT_READ_CONNECTIONS = 2;

function checkTimeout(ms: number | null | undefined): number | null {
  if (ms === undefined || ms === null || ms === 0) return null;
  if (!Number.isInteger(ms) || ms < 0)
    throw new Error(`queryTimeoutMs must be a whole number >= 0, got ${ms}`);
  return ms;
}

const STORAGE_VERSION = 'v1.3.0';
const ALLOCATOR_FLUSH_THRESHOLD = '16MB';
const ALLOCATOR_BULK_FLUSH_THRESHOLD = '32MB';

export class DuckDbStore implements Store {
  readonly engine = 'duckdb' as const;
  readonly dialect = duckdbDialect;
  private nextEventId = 1;
  private nextRejectId = 1;
  private readonly lock = new Mutex();
  private queryTimeoutMs: number | null = null;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly reads: ReadPool,
  ) {}

  static async open(opts: DuckDbStoreOptions): Promise<DuckDbStore> {
    const path = opts.path === ':memory:' ? ':memory:' : resolve(opts.path);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      const config: Record<string, string> = opts.readOnly ? { access_mode: 'READ_ONLY' } : {};
      const limit = opts.memoryLimit ?? process.env.NFWLENS_MEMORY_LIMIT;
      if (limit) config.memory_limit = limit;
      // Hand freed memory back to the system after each task rather than keeping up to 128/512 MB
      // of it cached: an ingest's resident size then stays near the memory limit (1M records:
      // ~1000 MB -> ~800-860 MB peak; no measurable cost in speed).
      config.allocator_flush_threshold = ALLOCATOR_FLUSH_THRESHOLD;
      // A new file in the storage format of DuckDB 1.3 (readable by 1.3 and later), whose compression
      // (dictionary + FSST strings among others) makes the tables ~6% smaller than the 1.0 default.
      // An existing file keeps the format it was created in.
      config.storage_compatibility_version = STORAGE_VERSION;
      config.allocator_bulk_deallocation_flush_threshold = ALLOCATOR_BULK_FLUSH_THRESHOLD;
      instance = await DuckDBInstance.create(path, config);
    } catch (err) {
      if (/lock|Conflicting/i.test(String(err))) throw new StoreLockedError(path, err);
      throw err;
    }
    const timeout = checkTimeout(opts.queryTimeoutMs);
    const readers = opts.readConnections ?? DEFAULT_READ_CONNECTIONS;
    if (!Number.isInteger(readers) || readers < 1)
      throw new Error(`readConnections must be >= 1, got ${readers}`);
    const conn = await instance.connect();
    const readConns: DuckDBConnection[] = [];
    for (let i = 0; i < readers; i++) readConns.push(await instance.connect());
    for (const c of [conn, ...readConns]) await c.run("SET TimeZone = 'UTC'");
    const store = new DuckDbStore(path, instance, conn, new ReadPool(readConns));
    store.queryTimeoutMs = timeout;
    if (!opts.readOnly) await store.migrate();
    await store.loadCounters();
    return store;
  }

  private async migrate(): Promise<void> {
    await this.conn.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ)',
    );
    const done = await this.conn.runAndReadAll('SELECT version FROM schema_migrations');
    const applied = new Set(done.getRows().map((r) => Number(r[0])));
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await this.conn.run('BEGIN TRANSACTION');
      try {
        for (const sql of m.sql) await this.conn.run(sql);
        await this.conn.run('INSERT INTO schema_migrations VALUES (?, ?, now())', [m.version, m.name]);
        await this.conn.run('COMMIT');
      } catch (err) {
        await this.conn.run('ROLLBACK');
        throw new Error(`Migration ${m.version} (${m.name}) failed: ${String(err)}`, { cause: err });
      }
    }
  }

  private async loadCounters(): Promise<void> {
    const r = await this.conn.runAndReadAll(
      'SELECT (SELECT coalesce(max(id), 0) FROM events), (SELECT coalesce(max(id), 0) FROM rejected)',
    );
    const row = r.getRows()[0]!;
    this.nextEventId = Number(row[0]) + 1;
    this.nextRejectId = Number(row[1]) + 1;
  }

  commitBatch(batch: BatchCommit): Promise<CommitResult> {
    const loader = this.loader({ commitRecords: Number.POSITIVE_INFINITY });
    try {
      loader.add({ events: batch.events, rejects: batch.rejects, checkpoints: batch.checkpoints ?? [] });
    } catch (err) {
      loader.discard();
      throw err;
    }
    return loader.commit();
  }

  // Loading: the loader and its staging

  /** A loader whose batches are staged to a file and committed through `commitStaged`. */
  loader(opts: LoaderOptions = {}): Loader {
    return new DuckDbLoader(this, opts);
  }

  readonly ingestLimits: IngestLimits = DUCKDB_INGEST_LIMITS;

  /**
   * Commits a staging file's events, rejections and checkpoints in one transaction (ids continue
   * from the last event, in chunk order) and removes the file. What the loader commits through.
   */
  commitStaged(batch: StagedCommit): Promise<CommitResult> {
    return this.lock.run(async () => {
      const { staging, rejects } = batch;
      staging.close();
      const firstId = this.nextEventId;
      const firstReject = this.nextRejectId;
      const count = staging.count;
      // Set outside the transaction: a statement that failed leaves it aborted until the ROLLBACK.
      await this.conn.run(`SET disabled_optimizers = '${STAGED_INSERT_DISABLED_OPTIMIZERS}'`);
      try {
        await this.conn.run('BEGIN TRANSACTION');
        try {
          if (count > 0)
            await this.conn.run(
              stagedInsertSql('events', staging.path, staging.chunks, firstId, staging.longestLine),
            );
          if (rejects.length > 0) await this.appendRejects(rejects, firstReject);
          await this.writeCheckpoints(batch.checkpoints);
          await this.conn.run('COMMIT');
        } catch (err) {
          await this.conn.run('ROLLBACK').catch(() => undefined);
          throw err;
        }
      } finally {
        staging.remove();
        await this.conn.run('RESET disabled_optimizers');
      }
      this.nextEventId += count;
      this.nextRejectId += rejects.length;
      return {
        inserted: count,
        rejected: rejects.length,
        firstId: count > 0 ? firstId : null,
        lastId: count > 0 ? this.nextEventId - 1 : null,
      };
    });
  }

  private async appendRejects(rej: readonly RejectInput[], firstReject: number): Promise<void> {
    const appender = await this.conn.createAppender('rejected');
    const now = Date.now() * 1000;
    appendRows(appender, REJECT_DEFS, rej.length, (r, c) => {
      const x = rej[r]!;
      switch (REJECT_COLUMNS[c]) {
        case 'id':
          return firstReject + r;
        case 'origin':
          return x.origin;
        case 'line':
          return x.line;
        case 'reason':
          return x.reason;
        case 'path':
          return x.path ?? null;
        case 'message':
          return x.message;
        case 'raw':
          return x.raw;
        default:
          return now;
      }
    });
    appender.closeSync();
  }

  /**
   * Upserts checkpoints (of one source key, the last wins) a few hundred rows per statement. One
   * statement per checkpoint cost a pinned block of DuckDB's memory each until the commit: a commit
   * of a few thousand small files (30 days of 5-minute files) ran out of memory under the load limit.
   */
  private async writeCheckpoints(cps: readonly Checkpoint[]): Promise<void> {
    const last = [...new Map(cps.map((cp) => [cp.sourceKey, cp])).values()];
    for (let from = 0; from < last.length; from += CHECKPOINTS_PER_STATEMENT) {
      const slice = last.slice(from, from + CHECKPOINTS_PER_STATEMENT);
      await this.conn.run(
        `INSERT OR REPLACE INTO checkpoints
           (source_key, kind, origin, fingerprint, "offset", line, records, rejected, bytes, state, updated_at)
         VALUES ${slice.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())').join(', ')}`,
        slice.flatMap((cp) => [
          cp.sourceKey,
          cp.kind,
          cp.origin,
          cp.fingerprint ?? null,
          cp.offset,
          cp.line,
          cp.records ?? 0,
          cp.rejected ?? 0,
          cp.bytes ?? 0,
          cp.state === undefined ? null : JSON.stringify(cp.state),
        ]),
      );
    }
  }

  async getCheckpoint(sourceKey: string): Promise<Checkpoint | null> {
    const rows = await this.query('SELECT * FROM checkpoints WHERE source_key = ?', [sourceKey]);
    return rows[0] ? checkpointFromRow(rows[0]) : null;
  }

  async listCheckpoints(kind?: string): Promise<Checkpoint[]> {
    const rows = kind
      ? await this.query('SELECT * FROM checkpoints WHERE kind = ? ORDER BY source_key', [kind])
      : await this.query('SELECT * FROM checkpoints ORDER BY source_key');
    return rows.map(checkpointFromRow);
  }

  async status(): Promise<StatusInfo> {
    const byType = await this.query('SELECT log_type, count(*) AS n FROM events GROUP BY ALL ORDER BY 1');
    const range = await this.query('SELECT min(ts) AS first_ts, max(ts) AS last_ts FROM events');
    const rej = await this.query('SELECT reason, count(*) AS n FROM rejected GROUP BY ALL ORDER BY 1');
    const fws = await this.query(
      `SELECT firewall_name, availability_zone, count(*) AS records FROM events
       GROUP BY ALL ORDER BY firewall_name NULLS LAST, availability_zone NULLS LAST`,
    );
    // Sources: files and configured collectors (not S3 objects or Firehose request-id slots).
    const src = await this.query("SELECT count(*) AS n FROM checkpoints WHERE kind IN ('file', 'collector')");
    const records_by_log_type: Record<string, number> = { alert: 0, flow: 0, tls: 0 };
    for (const r of byType) records_by_log_type[String(r.log_type)] = Number(r.n);
    const rejected_by_reason: Record<string, number> = {};
    for (const r of rej) rejected_by_reason[String(r.reason)] = Number(r.n);
    return {
      records: Object.values(records_by_log_type).reduce((a, b) => a + b, 0),
      records_by_log_type,
      rejected: Object.values(rejected_by_reason).reduce((a, b) => a + b, 0),
      rejected_by_reason,
      first_ts: (range[0]?.first_ts as string | null) ?? null,
      last_ts: (range[0]?.last_ts as string | null) ?? null,
      firewalls: fws.map((r) => ({
        firewall_name: r.firewall_name as string | null,
        availability_zone: r.availability_zone as string | null,
        records: Number(r.records),
      })),
      sources: Number(src[0]?.n ?? 0),
    };
  }

  async listRejected(
    opts: { limit?: number; offset?: number; reason?: string } = {},
  ): Promise<RejectedRow[]> {
    const where = opts.reason ? 'WHERE reason = ?' : '';
    const params: unknown[] = opts.reason ? [opts.reason] : [];
    params.push(opts.limit ?? 1000, opts.offset ?? 0);
    const rows = await this.query(
      `SELECT id, origin, line, reason, path, message, raw, rejected_at FROM rejected ${where}
       ORDER BY id LIMIT ? OFFSET ?`,
      params,
    );
    return rows as unknown as RejectedRow[];
  }

  // Saved objects

  saveObject(kind: string, name: string, value: unknown): Promise<SavedObject> {
    return saved.saveObject(this, kind, name, value);
  }

  savedObject(kind: string, name: string, options?: ReadOptions): Promise<SavedObject | null> {
    return saved.savedObject(this, kind, name, options);
  }

  listSavedObjects(kind: string, options?: ReadOptions): Promise<SavedObject[]> {
    return saved.listSavedObjects(this, kind, options);
  }

  deleteSavedObject(kind: string, name: string): Promise<boolean> {
    return saved.deleteSavedObject(this, kind, name);
  }

  // Reads: search, events, flows, summary, reports

  eventBounds(filter?: EventFilter, options?: ReadOptions): Promise<EventBounds> {
    return eventReads.eventBounds(this, filter, options);
  }

  eventPage(query: EventPageQuery, options?: ReadOptions): Promise<EventPageRow[]> {
    return eventReads.eventPage(this, query, options);
  }

  eventCount(filter: EventFilter, options?: ReadOptions): Promise<number> {
    return eventReads.eventCount(this, filter, options);
  }

  eventHistogram(filter: EventFilter, bucketUs: number, options?: ReadOptions): Promise<HistogramBucket[]> {
    return eventReads.eventHistogram(this, filter, bucketUs, options);
  }

  event(id: number, options?: ReadOptions): Promise<SqlRow | null> {
    return eventReads.event(this, id, options);
  }

  flowRecords(query: FlowRecordsQuery, options?: ReadOptions): Promise<SqlRow[]> {
    return eventReads.flowRecords(this, query, options);
  }

  storedRecords(ids: readonly number[], options?: ReadOptions): Promise<StoredRecord[]> {
    return eventReads.storedRecords(this, ids, options);
  }

  summary(query: SummaryQuery, options?: ReadOptions): Promise<SummaryFigures> {
    return readSummary(this, query, options);
  }

  runReport(query: ReportQuery, options?: ReadOptions): Promise<SqlRow[]> {
    const compiled = compileReportQuery(query);
    return this.query(compiled.sql, compiled.params, options);
  }

  async countReport(query: ReportQuery, options?: ReadOptions): Promise<number | null> {
    const compiled = compileReportCount(query);
    if (!compiled) return null;
    return Number((await this.query(compiled.sql, compiled.params, options))[0]?.n ?? 0);
  }

  query(sql: string, params: readonly unknown[] = [], options: ReadOptions = {}): Promise<SqlRow[]> {
    return this.reads.run((conn) => runQuery(conn, sql, params), {
      ...options,
      timeoutMs: this.queryTimeoutMs,
    });
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      const tx: StoreTx = {
        query: (sql, params = []) => runQuery(this.conn, sql, params),
        run: async (sql, params = []) => {
          await this.conn.run(sql, params.map(toParam));
        },
      };
      await this.conn.run('BEGIN TRANSACTION');
      try {
        const out = await fn(tx);
        await this.conn.run('COMMIT');
        return out;
      } catch (err) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  // Sessions: refresh, list, stats
  refreshSessions(opts?: RefreshOptions): Promise<RefreshResult> {
    return sessions.refreshSessions(this, opts);
  }

  listSessions(query: SessionListQuery, options?: ReadOptions): Promise<Session[]> {
    return sessions.listSessions(this, query, options);
  }

  sessionStats(options?: ReadOptions): Promise<SessionStats> {
    return sessions.sessionStats(this, options);
  }

  countSessions(query: SessionCountQuery, options?: ReadOptions): Promise<number> {
    return sessions.countSessions(this, query, options);
  }

  async limits(): Promise<EngineLimits> {
    const rows = await this.query(
      "SELECT current_setting('memory_limit') AS memory, current_setting('threads') AS threads",
    );
    return {
      memoryLimit: String(rows[0]?.memory),
      threads: Number(rows[0]?.threads),
      queryTimeoutMs: this.queryTimeoutMs,
    };
  }

  async setLimits(limits: Partial<EngineLimits>): Promise<void> {
    if (limits.queryTimeoutMs !== undefined) this.queryTimeoutMs = checkTimeout(limits.queryTimeoutMs);
    await this.lock.run(async () => {
      if (limits.memoryLimit !== undefined) {
        await this.conn.run(`SET memory_limit = '${limits.memoryLimit.replaceAll("'", "''")}'`);
      }
      if (limits.threads !== undefined) {
        if (!Number.isInteger(limits.threads) || limits.threads < 1) {
          throw new Error(`threads must be a positive integer, got ${limits.threads}`);
        }
        await this.conn.run(`SET threads = ${limits.threads}`);
      }
    });
  }

  async checkpoint(): Promise<void> {
    await this.lock.run(() => this.conn.run('CHECKPOINT').then(() => undefined));
  }

  async close(): Promise<void> {
    await this.lock.run(async () => {
      this.reads.closeSync();
      this.conn.closeSync();
      this.instance.closeSync();
    });
  }
}

async function runQuery(conn: DuckDBConnection, sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
  const reader = await conn.runAndReadAll(sql, params.length > 0 ? params.map(toParam) : undefined);
  const names = reader.columnNames();
  return reader.getRows().map((row) => {
    const o: SqlRow = {};
    for (let i = 0; i < names.length; i++) o[names[i]!] = toJsonSafe(row[i]!);
    return o;
  });
}
