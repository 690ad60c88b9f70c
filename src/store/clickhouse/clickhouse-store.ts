/**
 * The ClickHouse store: a server or a cluster over HTTP (`@clickhouse/client`), for users who outgrow
 * one machine.
 *
 * Nothing lost, nothing doubled, without transactions. A commit is:
 *   1. an intent row (`commit_intents`: the commit id, the checkpoints it will write, its row counts);
 *   2. the events and the rejections, every row tagged with the commit id, each INSERT carrying a
 *      deduplication token derived from the batch's sources and positions (a retried INSERT is
 *      stored once);
 *   3. the checkpoints (versioned by the commit id: the newest wins);
 *   4. the intent marked done.
 * A crash before 3 leaves an intent without its checkpoints: the next open first stops whatever of
 * that commit's INSERTs the server is still running (each carries the query id `commitQueryId`: a
 * writer killed after sending its rows leaves the server writing them), then deletes the commit's rows
 * (whatever part of them landed), and the source is read again from its old checkpoint. A crash after
 * 3 leaves the checkpoints in place: the next open marks the intent done. Either way each record is
 * stored once.
 *
 * The deduplication token covers one attempt: the sources, the positions and the commit id. A retry
 * of the same INSERT within the commit is stored once; a replay after an undone commit is a new
 * commit with a new token. (A token of sources and positions alone outlived the deletion: the
 * server's deduplication log still held it, so the replay of an undone batch was dropped as a
 * duplicate and its records were lost.)
 *
 * One writer per database (as DuckDB's single writer): opened for writing, the store takes the
 * database's writer lease (`writer-lease.ts`) before it finishes half-done commits or counts ids, and
 * checks it before every commit. Opened for reading it takes none, recovers nothing and writes nothing;
 * readers any number.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  type ClickHouseClient,
  ClickHouseLogLevel,
  type ClickHouseSettings,
  createClient,
} from '@clickhouse/client';
import { EVENT_COLUMNS } from '../../schema/columns.ts';
import type {
  EventBounds,
  EventFilter,
  EventPageQuery,
  EventPageRow,
  FlowRecordsQuery,
  HistogramBucket,
  StoredRecord,
} from '../event-reads.ts';
import type { Loader, LoaderOptions } from '../loader.ts';
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
  ReadOptions,
  RejectedRow,
  RejectInput,
  SqlRow,
  StatusInfo,
  Store,
} from '../store.ts';
import { checkpointFromRow, QueryCancelledError, QueryTimeoutError } from '../store.ts';
import type { SummaryFigures, SummaryQuery } from '../summary.ts';
import {
  type ClusterHost,
  type ClusterTopology,
  checkClusterName,
  clusterHosts,
  clusterStatements,
  shardLeaders,
} from './cluster.ts';
import { clickhouseDialect } from './dialect.ts';
import * as eventReads from './event-reads.ts';
import { ClickHouseLoader } from './loader.ts';
import { CLICKHOUSE_MIGRATIONS } from './migrations.ts';
import { compileReportCount, compileReportQuery } from './report-compile.ts';
import * as saved from './saved.ts';
import {
  clickHouseSessionStats,
  countClickHouseSessions,
  listClickHouseSessions,
  refreshClickHouseSessions,
} from './sessions.ts';
import { type ClickHouseStagedRows, STAGED_STRUCTURE, stageEvents } from './stager.ts';
import { summary as readSummary } from './summary.ts';
import { ClickHouseStoreError, type ClickHouseTarget, parseClickHouseUrl } from './url.ts';
import { microsToClickHouse, paramChunks, rowsFromJson } from './values.ts';
import { WriterLease, type WriterLeaseOptions } from './writer-lease.ts';

export {
  ClickHouseStoreError,
  type ClickHouseTarget,
  parseClickHouseUrl,
  redactClickHouseUrl,
} from './url.ts';
export { WriterLeaseError } from './writer-lease.ts';

export interface ClickHouseStoreOptions {
  /** `clickhouse://USER:PASS@HOST:8123/DB`. */
  url: string;
  /** The time limit of one read in ms; null or undefined: none. */
  queryTimeoutMs?: number | null;
  /**
   * `write` (the default) takes the database's writer lease and finishes the commits a crash left
   * half-way; `read` does neither and refuses to write.
   */
  mode?: 'write' | 'read';
  /** The cluster (of the servers' `remote_servers`) to spread the tables over (see `cluster.ts`). */
  cluster?: string | undefined;
  /** The writer lease's time to live and identity (tests). */
  lease?: WriterLeaseOptions;
}

/**
 * The INSERT of a commit's staged events: each chunk's lines get ids from its first id on (the
 * chunk's tag maps to it) and its origin; the rows come in the request body.
 */
const STAGED_INSERT = `INSERT INTO events (id, commit_id, origin, origin_line, residual, ${EVENT_COLUMNS.map((c) => `"${c.name}"`).join(', ')})
  SELECT transform(k, {tags:Array(Int64)}, {bases:Array(Int64)}, toInt64(0)) + n, {commit:UInt64},
    transform(k, {tags:Array(Int64)}, {origins:Array(String)}, ''), l, r, ${EVENT_COLUMNS.map((c) => `"${c.name}"`).join(', ')}
  FROM input('${STAGED_STRUCTURE.replaceAll("'", "\\'")}')
  FORMAT TabSeparated`;

/** A commit of staged events (see `ClickHouseLoader`). */
export interface StagedCommit {
  chunks: readonly ClickHouseStagedRows[];
  rejects: readonly RejectInput[];
  checkpoints: readonly Checkpoint[];
}

/** Positional parameters as ClickHouse's named `p1..pN` (the dialect writes `{pN:Type}`). */
/**
 * The query id of a commit's INSERT into `table` (with `table` empty: the prefix of all of them), by
 * which recovery finds the INSERTs of a crashed writer that the server is still running.
 */
export function commitQueryId(database: string, commitId: number, table: string): string {
  return `nfwlens-${database}-commit-${commitId}-${table}`;
}

function namedParams(params: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  params.forEach((v, i) => {
    out[`p${i + 1}`] =
      typeof v === 'bigint' ? v.toString() : v instanceof Date ? microsToClickHouse(v.getTime() * 1000) : v;
  });
  return out;
}

/** `?` placeholders (outside quotes) as `{pN:Type}`, the type guessed from the value. */
function typedPlaceholders(sql: string, params: readonly unknown[]): string {
  let n = 0;
  return sql.replace(/'(?:[^'\\]|\\.)*'|\?/g, (m) => {
    if (m !== '?') return m;
    const v = params[n++];
    const type =
      typeof v === 'number'
        ? Number.isInteger(v)
          ? 'Int64'
          : 'Float64'
        : typeof v === 'bigint'
          ? 'Int128'
          : typeof v === 'boolean'
            ? 'Bool'
            : v instanceof Date
              ? "DateTime64(6, 'UTC')"
              : 'String';
    return `{p${n}:${type}}`;
  });
}

export class ClickHouseStore implements Store {
  readonly engine = 'clickhouse' as const;
  readonly dialect = clickhouseDialect;
  private nextEventId = 1;
  private nextRejectId = 1;
  private nextCommitId = 1;
  private queryTimeoutMs: number | null;
  private settings: ClickHouseSettings = {};
  private writing: Promise<unknown> = Promise.resolve();
  /** A commit failed part-way in this process: recover before the next. */
  private unsettled = false;
  private lease: WriterLease | null = null;
  readonly mode: 'write' | 'read';
  /** On a cluster: each host with a client of its own (the first one is the home shard's). */
  private hosts: { host: ClusterHost; client: ClickHouseClient }[] = [];

  private constructor(
    private readonly client: ClickHouseClient,
    readonly target: ClickHouseTarget,
    opts: ClickHouseStoreOptions,
    readonly topology: ClusterTopology | null = null,
  ) {
    this.queryTimeoutMs = opts.queryTimeoutMs ?? null;
    this.mode = opts.mode ?? 'write';
  }

  static async open(opts: ClickHouseStoreOptions): Promise<ClickHouseStore> {
    const target = parseClickHouseUrl(opts.url);
    if (opts.cluster !== undefined) checkClusterName(opts.cluster);
    const base = {
      url: target.url,
      username: target.username,
      password: target.password,
      // Failures reach the caller as errors; the client's own log would print them again.
      log: { level: ClickHouseLogLevel.OFF },
      // Reads run under the store's own time limit (`queryTimeoutMs`); writes and the sessions refresh
      // of a large ingest take as long as they take (the client's 30 s default stopped a 10M-record
      // refresh part-way).
      request_timeout: 6 * 3600_000,
      clickhouse_settings: {
        output_format_json_quote_64bit_integers: 1,
        async_insert: 0,
        date_time_input_format: 'best_effort',
        // On a cluster, an INSERT into a Distributed table returns once every shard stored its rows.
        ...(opts.cluster !== undefined ? { distributed_foreground_insert: 1 } : {}),
      } satisfies ClickHouseSettings,
    } as const;
    const admin = createClient(base);
    let topology: ClusterTopology | null = null;
    try {
      if (opts.cluster !== undefined) topology = await discoverCluster(admin, opts.cluster, target);
      const urls = topology ? topology.hosts.map((h) => h.url) : [target.url];
      for (const url of urls) {
        const host = url === target.url ? admin : createClient({ ...base, url });
        try {
          await host.command({ query: `CREATE DATABASE IF NOT EXISTS ${target.database}` });
        } finally {
          if (host !== admin) await host.close();
        }
      }
    } catch (err) {
      if (err instanceof ClickHouseStoreError) throw err;
      // An error the server answered (it carries ClickHouse's code), or none at all.
      const answered =
        typeof (err as { code?: unknown }).code === 'string' && /^\d+$/.test((err as { code: string }).code);
      throw new ClickHouseStoreError(
        answered
          ? `the ClickHouse server at ${target.url} (user ${target.username}) refused to open the database ${target.database}: ${(err as Error).message}`
          : `cannot reach the ClickHouse server at ${target.url}: ${String(err)}`,
        { cause: err },
      );
    } finally {
      await admin.close();
    }
    const client = createClient({ ...base, database: target.database });
    const store = new ClickHouseStore(client, target, opts, topology);
    store.hosts = (topology?.hosts ?? []).map((host) => ({
      host,
      client: createClient({ ...base, url: host.url, database: target.database }),
    }));
    try {
      for (const c of store.hosts.length > 0 ? store.hosts.map((h) => h.client) : [client]) {
        await store.migrate(c);
      }
      if (store.mode === 'write') {
        // The lock is one table on one host: the home shard's first host on a cluster.
        const home = store.hosts[0]?.client ?? client;
        store.lease = await WriterLease.acquire(
          {
            select: (sql, params) => selectOn(home, sql, params),
            command: (sql, params) =>
              home.command({ query: sql, query_params: params ?? {} }).then(() => undefined),
          },
          target.database,
          opts.lease,
        );
        await store.recover();
        await store.loadCounters();
      }
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
    return store;
  }

  /** Before a write: the store was opened for writing and still holds the writer lease. */
  private async writable(): Promise<void> {
    if (!this.lease) {
      throw new ClickHouseStoreError(
        `the ClickHouse database ${this.target.database} was opened for reading`,
      );
    }
    await this.lease.ensure();
  }

  /** A migration statement as the statements this store runs on a host. */
  private ddl(sql: string): string[] {
    if (this.topology) return clusterStatements(sql, this.target.database, this.topology);
    return [
      sql
        .replaceAll('{db}', this.target.database)
        .replaceAll('{cluster}', '')
        .replaceAll('{local}', '')
        .replace(/\{engine:([^}]*)\}/g, (_m, e: string) => e),
    ];
  }

  /** Brings one host's schema up to date; each host records its own migrations. */
  private async migrate(client: ClickHouseClient): Promise<void> {
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS ${this.target.database}.schema_migrations (
        version UInt32, name String, applied_at DateTime64(6, 'UTC')) ENGINE = ReplacingMergeTree ORDER BY version`,
    });
    const done = await selectOn(client, 'SELECT DISTINCT version FROM schema_migrations');
    const applied = new Set(done.map((r) => Number(r.version)));
    for (const m of CLICKHOUSE_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      try {
        for (const sql of m.sql) for (const q of this.ddl(sql)) await client.command({ query: q });
      } catch (err) {
        throw new ClickHouseStoreError(`Migration ${m.version} (${m.name}) failed: ${String(err)}`, {
          cause: err,
        });
      }
      await client.insert({
        table: 'schema_migrations',
        values: [{ version: m.version, name: m.name, applied_at: microsToClickHouse(Date.now() * 1000) }],
        format: 'JSONEachRow',
      });
    }
  }

  /** Finishes or undoes the commits a crash left half-way (see the commit protocol above). */
  private async recover(): Promise<void> {
    const open = await this.select(
      `SELECT commit_id, argMax(state, version) AS state, argMax(checkpoints, version) AS checkpoints
       FROM commit_intents GROUP BY commit_id HAVING state = 'pending' ORDER BY commit_id`,
    );
    for (const intent of open) {
      const id = String(intent.commit_id);
      const cps = JSON.parse(String(intent.checkpoints)) as string[];
      let landed = cps.length > 0;
      if (landed) {
        let n = 0;
        for (const keys of paramChunks([...new Set(cps)])) {
          const rows = await this.select(
            `SELECT count() AS n FROM checkpoints WHERE version = {id:UInt64} AND source_key IN {keys:Array(String)}`,
            { id, keys },
          );
          n += Number(rows[0]?.n ?? 0);
        }
        landed = n === new Set(cps).size;
      }
      if (!landed) {
        // The crashed writer's INSERTs may still be running on the server: stop them before the
        // deletion, or their rows would land after it.
        const prefix = commitQueryId(this.target.database, Number(id), '');
        for (const client of this.hosts.length > 0 ? this.hosts.map((h) => h.client) : [this.client]) {
          await client.command({
            query:
              'KILL QUERY WHERE startsWith(query_id, {prefix:String}) OR startsWith(initial_query_id, {prefix:String}) SYNC',
            query_params: { prefix },
          });
        }
        // On a cluster the rows are deleted shard by shard, from the local tables.
        const shards = this.topology ? this.shardClients() : [this.client];
        const suffix = this.topology ? '_local' : '';
        for (const client of shards) {
          for (const table of ['events', 'rejected']) {
            await client.command({
              query: `DELETE FROM ${table}${suffix} WHERE commit_id = {id:UInt64}`,
              query_params: { id },
              clickhouse_settings: { mutations_sync: '2', lightweight_deletes_sync: '2' },
            });
          }
        }
      }
      await this.insertIntent(Number(id), landed ? 'done' : 'undone', cps, 0, 0, 2);
    }
  }

  private async loadCounters(): Promise<void> {
    const r = await this.select(
      `SELECT (SELECT max(id) FROM events) AS e, (SELECT max(id) FROM rejected) AS r,
              (SELECT max(commit_id) FROM commit_intents) AS c`,
    );
    this.nextEventId = Number(r[0]?.e ?? 0) + 1;
    this.nextRejectId = Number(r[0]?.r ?? 0) + 1;
    this.nextCommitId = Number(r[0]?.c ?? 0) + 1;
  }

  private insertIntent(
    id: number,
    state: string,
    keys: readonly string[],
    events: number,
    rejects: number,
    version: number,
  ) {
    return this.client.insert({
      table: 'commit_intents',
      values: [
        {
          commit_id: id,
          state,
          checkpoints: JSON.stringify(keys),
          events,
          rejects,
          created_at: microsToClickHouse(Date.now() * 1000),
          version,
        },
      ],
      format: 'JSONEachRow',
    });
  }

  /**
   * The deduplication token of one attempt at a batch: the commit id, the batch's sources and the
   * positions it moves them from and to.
   */
  private async batchToken(checkpoints: readonly Checkpoint[], commitId: number): Promise<string> {
    if (checkpoints.length === 0) return `commit:${commitId}`;
    const keys = [...new Set(checkpoints.map((c) => c.sourceKey))];
    const before = new Map((await this.checkpointsOf(keys)).map((c) => [c.sourceKey, c]));
    const h = createHash('sha256');
    h.update(`commit:${commitId}`);
    for (const cp of checkpoints) {
      const b = before.get(cp.sourceKey);
      h.update(
        JSON.stringify([
          cp.sourceKey,
          b?.offset ?? 0,
          b?.line ?? 0,
          b?.state ?? null,
          cp.offset,
          cp.line,
          cp.state ?? null,
        ]),
      );
    }
    return h.digest('hex');
  }

  commitBatch(batch: BatchCommit): Promise<CommitResult> {
    return this.commitStaged({
      chunks: stageEvents(batch.events),
      rejects: batch.rejects,
      checkpoints: batch.checkpoints ?? [],
    });
  }

  /** Commits staged events (`stager.ts`), rejections and checkpoints by the commit protocol above. */
  commitStaged(batch: StagedCommit): Promise<CommitResult> {
    const run = this.writing.then(async () => {
      // A commit that failed part-way is finished or undone before the next one starts: its
      // checkpoints must still be the newest when recovery looks at them.
      if (this.unsettled) {
        await this.writable(); // only the lease holder settles a commit: another writer may be mid-way
        await this.recover();
        await this.loadCounters();
        this.unsettled = false;
      }
      try {
        return await this.commitNow(batch);
      } catch (err) {
        this.unsettled = true;
        throw err;
      }
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async commitNow(batch: StagedCommit): Promise<CommitResult> {
    await this.writable();
    const commitId = this.nextCommitId++;
    const checkpoints = [...new Map(batch.checkpoints.map((cp) => [cp.sourceKey, cp])).values()];
    const token = await this.batchToken(batch.checkpoints, commitId);
    const keys = checkpoints.map((c) => c.sourceKey);
    const firstId = this.nextEventId;
    const firstReject = this.nextRejectId;
    const chunks = batch.chunks.filter((c) => c.count > 0);
    const events = chunks.reduce((n, c) => n + c.count, 0);
    await this.insertIntent(commitId, 'pending', keys, events, batch.rejects.length, 1);
    const insertSettings: ClickHouseSettings = {
      async_insert: 0,
      insert_deduplicate: 1,
      // One block per INSERT where the rows allow it (a block per partition touched).
      max_insert_block_size: String(Math.max(1_048_576, events + 1)),
    };
    if (events > 0) {
      const bases: number[] = [];
      let next = firstId;
      for (const c of chunks) {
        bases.push(next);
        next += c.count;
      }
      await this.client
        .exec({
          query: STAGED_INSERT,
          query_params: {
            tags: chunks.map((c) => c.tag),
            bases,
            origins: chunks.map((c) => c.origin),
            commit: commitId,
          },
          values: Readable.from(
            chunks.map((c) => Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.bytes.byteLength)),
          ),
          query_id: commitQueryId(this.target.database, commitId, 'events'),
          clickhouse_settings: { ...insertSettings, insert_deduplication_token: `${token}:events` },
        })
        .then((r) => r.stream.resume());
    }
    if (batch.rejects.length > 0) {
      const now = microsToClickHouse(Date.now() * 1000);
      await this.client.insert({
        table: 'rejected',
        values: batch.rejects.map((r, i) => ({
          id: firstReject + i,
          commit_id: commitId,
          origin: r.origin,
          line: r.line,
          reason: r.reason,
          path: r.path ?? null,
          message: r.message,
          raw: r.raw,
          rejected_at: now,
        })),
        format: 'JSONEachRow',
        query_id: commitQueryId(this.target.database, commitId, 'rejected'),
        clickhouse_settings: { ...insertSettings, insert_deduplication_token: `${token}:rejected` },
      });
    }
    if (checkpoints.length > 0) {
      const now = microsToClickHouse(Date.now() * 1000);
      await this.client.insert({
        table: 'checkpoints',
        values: checkpoints.map((cp) => ({
          source_key: cp.sourceKey,
          kind: cp.kind,
          origin: cp.origin,
          fingerprint: cp.fingerprint ?? null,
          offset: cp.offset,
          line: cp.line,
          records: cp.records ?? 0,
          rejected: cp.rejected ?? 0,
          bytes: cp.bytes ?? 0,
          state: cp.state === undefined ? null : JSON.stringify(cp.state),
          updated_at: now,
          version: commitId,
        })),
        format: 'JSONEachRow',
        clickhouse_settings: { async_insert: 0 },
      });
    }
    await this.insertIntent(commitId, 'done', keys, events, batch.rejects.length, 2);
    this.nextEventId += events;
    this.nextRejectId += batch.rejects.length;
    const n = events;
    return {
      inserted: n,
      rejected: batch.rejects.length,
      firstId: n > 0 ? firstId : null,
      lastId: n > 0 ? firstId + n - 1 : null,
    };
  }

  private async checkpointsOf(keys: readonly string[]): Promise<Checkpoint[]> {
    const out: Checkpoint[] = [];
    for (const chunk of paramChunks(keys)) {
      const rows = await this.select(
        'SELECT * FROM checkpoints FINAL WHERE source_key IN {keys:Array(String)}',
        { keys: chunk },
      );
      out.push(...rows.map(checkpointFromRow));
    }
    return out;
  }

  async getCheckpoint(sourceKey: string): Promise<Checkpoint | null> {
    return (await this.checkpointsOf([sourceKey]))[0] ?? null;
  }

  async listCheckpoints(kind?: string): Promise<Checkpoint[]> {
    const rows = kind
      ? await this.select('SELECT * FROM checkpoints FINAL WHERE kind = {kind:String} ORDER BY source_key', {
          kind,
        })
      : await this.select('SELECT * FROM checkpoints FINAL ORDER BY source_key');
    return rows.map(checkpointFromRow);
  }

  async status(): Promise<StatusInfo> {
    const [byType, range, rej, fws, src] = await Promise.all([
      this.select('SELECT log_type, count() AS n FROM events GROUP BY log_type ORDER BY log_type'),
      this.select(
        'SELECT if(count() = 0, NULL, min(ts)) AS first_ts, if(count() = 0, NULL, max(ts)) AS last_ts FROM events',
      ),
      this.select('SELECT reason, count() AS n FROM rejected GROUP BY reason ORDER BY reason'),
      this.select(
        `SELECT firewall_name, availability_zone, count() AS records FROM events
         GROUP BY firewall_name, availability_zone
         ORDER BY firewall_name ASC NULLS LAST, availability_zone ASC NULLS LAST`,
      ),
      this.select("SELECT count() AS n FROM checkpoints FINAL WHERE kind IN ('file', 'collector')"),
    ]);
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
    const where = opts.reason ? 'WHERE reason = {reason:String}' : '';
    const rows = await this.select(
      `SELECT id, origin, line, reason, path, message, raw, rejected_at FROM rejected ${where}
       ORDER BY id LIMIT {limit:UInt64} OFFSET {offset:UInt64}`,
      { reason: opts.reason ?? '', limit: opts.limit ?? 1000, offset: opts.offset ?? 0 },
    );
    return rows as unknown as RejectedRow[];
  }

  // Loading: the loader

  loader(opts?: LoaderOptions): Loader {
    return new ClickHouseLoader(this, opts);
  }

  /** The server manages its own resources. */
  readonly ingestLimits = null;

  // Sessions: refresh, list, stats

  async refreshSessions(opts?: RefreshOptions): Promise<RefreshResult> {
    await this.writable();
    return refreshClickHouseSessions(this, opts);
  }

  listSessions(query: SessionListQuery, options?: ReadOptions): Promise<Session[]> {
    return listClickHouseSessions(this, query, options);
  }

  sessionStats(options?: ReadOptions): Promise<SessionStats> {
    return clickHouseSessionStats(this, options);
  }

  countSessions(query: SessionCountQuery, options?: ReadOptions): Promise<number> {
    return countClickHouseSessions(this, query, options);
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

  async countReport(query: ReportQuery, options?: ReadOptions): Promise<number | null> {
    const compiled = compileReportCount(query);
    if (!compiled) return null;
    const rows = await this.select(compiled.sql, namedParams(compiled.params), options, {
      prefer_column_name_to_alias: 1,
    });
    return Number(rows[0]?.n ?? 0);
  }

  runReport(query: ReportQuery, options?: ReadOptions): Promise<SqlRow[]> {
    const compiled = compileReportQuery(query);
    return this.select(compiled.sql, namedParams(compiled.params), options, {
      prefer_column_name_to_alias: 1,
      ...compiled.settings,
    });
  }

  /**
   * A read in ClickHouse SQL with named typed parameters (`{name:Type}`), under the read time limit;
   * `options.signal` cancels it.
   */
  async select(
    sql: string,
    params: Record<string, unknown> = {},
    options: ReadOptions = {},
    extra: ClickHouseSettings = {},
  ): Promise<SqlRow[]> {
    const started = options.since ?? Date.now();
    const settings: ClickHouseSettings = { ...this.settings, ...extra };
    let timer: NodeJS.Timeout | undefined;
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) abort.abort();
    let timedOut = false;
    if (this.queryTimeoutMs !== null) {
      const left = Math.max(1, this.queryTimeoutMs - (Date.now() - started));
      timer = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, left);
    }
    try {
      const rs = await this.client.query({
        query: sql,
        query_params: params,
        format: 'JSON',
        clickhouse_settings: settings,
        abort_signal: abort.signal,
      });
      return rowsFromJson(await rs.json());
    } catch (err) {
      if (timedOut) throw new QueryTimeoutError(this.queryTimeoutMs ?? 0);
      if (options.signal?.aborted) throw new QueryCancelledError();
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** A read with positional `?` parameters (the types guessed from the values), as `Store.query`. */
  query(sql: string, params: readonly unknown[] = [], options: ReadOptions = {}): Promise<SqlRow[]> {
    return this.select(typedPlaceholders(sql, params), namedParams(params), options);
  }

  /** A read whose SQL the dialect wrote (`{pN:Type}` placeholders for the compiled parameters). */
  queryCompiled(
    sql: string,
    params: readonly unknown[],
    options: ReadOptions = {},
    settings: ClickHouseSettings = {},
  ): Promise<SqlRow[]> {
    return this.select(sql, namedParams(params), options, settings);
  }

  /** Runs a statement (DDL, INSERT ... SELECT, DELETE). */
  async command(
    sql: string,
    params: Record<string, unknown> = {},
    settings: ClickHouseSettings = {},
  ): Promise<void> {
    await this.client.command({
      query: sql,
      query_params: params,
      clickhouse_settings: { ...this.settings, ...settings },
    });
  }

  async limits(): Promise<EngineLimits> {
    const rows = await this.select(
      "SELECT getSetting('max_memory_usage') AS memory, getSetting('max_threads') AS threads",
    );
    return {
      memoryLimit: String(rows[0]?.memory),
      threads: Number(rows[0]?.threads),
      queryTimeoutMs: this.queryTimeoutMs,
    };
  }

  async setLimits(limits: Partial<EngineLimits>): Promise<void> {
    if (limits.queryTimeoutMs !== undefined) this.queryTimeoutMs = limits.queryTimeoutMs;
    if (limits.threads !== undefined) {
      if (!Number.isInteger(limits.threads) || limits.threads < 1) {
        throw new Error(`threads must be a positive integer, got ${limits.threads}`);
      }
      this.settings = { ...this.settings, max_threads: limits.threads };
    }
    if (limits.memoryLimit !== undefined) {
      const bytes = parseBytes(limits.memoryLimit);
      this.settings = { ...this.settings, max_memory_usage: String(bytes) };
    }
  }

  /** ClickHouse writes parts as it inserts: nothing to do. */
  async checkpoint(): Promise<void> {}

  /** On a cluster: the client of each shard's first host, in shard order. */
  shardClients(): ClickHouseClient[] {
    if (!this.topology) return [];
    const leaders = new Set(shardLeaders(this.topology));
    return this.hosts.filter((h) => leaders.has(h.host)).map((h) => h.client);
  }

  /**
   * Where the per-shard work of the sessions refresh runs: each shard with its local tables on a
   * cluster, the server itself otherwise.
   */
  shardTargets(): ShardTarget[] {
    const run = (client: ClickHouseClient, suffix: string): ShardTarget => ({
      tables: { events: `events${suffix}`, sessions: `sessions${suffix}` },
      select: (sql, params = {}, settings = {}) =>
        selectOn(client, sql, params, { ...this.settings, ...settings }),
      command: async (sql, params = {}, settings = {}) => {
        await client.command({
          query: sql,
          query_params: params,
          clickhouse_settings: { ...this.settings, ...settings },
        });
      },
    });
    return this.topology ? this.shardClients().map((c) => run(c, '_local')) : [run(this.client, '')];
  }

  async close(): Promise<void> {
    await this.writing;
    try {
      await this.lease?.release();
    } finally {
      this.lease = null;
      await Promise.all([this.client.close(), ...this.hosts.map((h) => h.client.close())]);
    }
  }
}

/** The statements of the sessions refresh on one shard, with the names of its tables there. */
export interface ShardTarget {
  tables: { events: string; sessions: string };
  select(sql: string, params?: Record<string, unknown>, settings?: ClickHouseSettings): Promise<SqlRow[]>;
  command(sql: string, params?: Record<string, unknown>, settings?: ClickHouseSettings): Promise<void>;
}

async function selectOn(
  client: ClickHouseClient,
  sql: string,
  params: Record<string, unknown> = {},
  settings: ClickHouseSettings = {},
): Promise<SqlRow[]> {
  const rs = await client.query({
    query: sql,
    query_params: params,
    format: 'JSON',
    clickhouse_settings: settings,
  });
  return rowsFromJson(await rs.json());
}

/** The hosts of `name` and their HTTP URLs, asked of the server `admin` talks to. */
async function discoverCluster(
  admin: ClickHouseClient,
  name: string,
  target: ClickHouseTarget,
): Promise<ClusterTopology> {
  const rows = await selectOn(
    admin,
    `SELECT shard_num, replica_num, host_name, port FROM system.clusters
     WHERE cluster = {name:String} ORDER BY shard_num, replica_num`,
    { name },
  );
  if (rows.length === 0) {
    return clusterHosts(name, [], [], 'http');
  }
  let answers: SqlRow[];
  try {
    answers = await selectOn(
      admin,
      `SELECT shardNum() AS shard, getServerPort('tcp_port') AS tcp_port,
         getServerPort('http_port') AS http_port, hostName() AS host
       FROM clusterAllReplicas({name:String}, system.one)`,
      { name },
    );
  } catch (err) {
    throw new ClickHouseStoreError(
      `cannot reach every host of cluster "${name}" from ${target.url}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  return clusterHosts(
    name,
    rows.map((r) => ({
      shard_num: Number(r.shard_num),
      replica_num: Number(r.replica_num),
      host_name: String(r.host_name),
      port: Number(r.port),
    })),
    answers.map((a) => ({
      shard: Number(a.shard),
      tcp_port: Number(a.tcp_port),
      http_port: Number(a.http_port),
      host: String(a.host),
    })),
    target.url.startsWith('https:') ? 'https' : 'http',
  );
}

/** `256MB`, `2GB`, `1.5GiB` or a number of bytes. */
function parseBytes(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?\s*$/i.exec(text);
  if (!m) throw new Error(`invalid memory limit "${text}": use e.g. 512MB or 2GB`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const k = unit.includes('i') ? 1024 : 1000;
  const pow = { b: 0, k: 1, m: 2, g: 3, t: 4 }[unit[0] as 'b' | 'k' | 'm' | 'g' | 't'];
  return Math.round(Number(m[1]) * k ** pow);
}
