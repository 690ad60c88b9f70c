/**
 * The Store interface: what ingest, sessions, search and reports need from a storage engine.
 * DuckDB (embedded, default) implements it in `duckdb/`; ClickHouse will implement the same.
 */

import type { RejectReason } from '../normalize/types.ts';
import type { Dialect } from '../query/index.ts';
import type { EventRow } from '../schema/columns.ts';
import type { EventReads } from './event-reads.ts';
import type { LoadingStore } from './loader.ts';
import type { ReportReads } from './report-query.ts';
import type { SavedObjectStore } from './saved.ts';
import type { SessionStore } from './sessions.ts';
import type { SummaryReads } from './summary.ts';

export type * from './loader.ts';

export interface EventInput {
  row: EventRow;
  residual: string | null;
  origin: string;
  line: number;
}

export interface RejectInput {
  origin: string;
  line: number;
  reason: RejectReason | string;
  path?: string | undefined;
  message: string;
  raw: string;
}

/** A source's read position. Moves only in the same transaction as the records it covers. */
export interface Checkpoint {
  sourceKey: string;
  kind: string; // 'file' | 's3' | 'cloudwatch' | 'firehose' | ...
  origin: string;
  fingerprint?: string | null;
  offset: number;
  line: number;
  records?: number; // cumulative accepted records
  rejected?: number; // cumulative rejected records
  bytes?: number; // cumulative bytes read
  state?: unknown; // collector-specific JSON
  updatedAt?: string;
}

export interface BatchCommit {
  events: readonly EventInput[];
  rejects: readonly RejectInput[];
  /** Checkpoints written atomically with the records (absolute values, not increments). */
  checkpoints?: readonly Checkpoint[];
}

export interface CommitResult {
  inserted: number;
  rejected: number;
  firstId: number | null;
  lastId: number | null;
}

export interface StatusInfo {
  records: number;
  records_by_log_type: Record<string, number>;
  rejected: number;
  rejected_by_reason: Record<string, number>;
  first_ts: string | null;
  last_ts: string | null;
  firewalls: { firewall_name: string | null; availability_zone: string | null; records: number }[];
  sources: number;
}

export interface RejectedRow {
  id: number;
  origin: string;
  line: number;
  reason: string;
  path: string | null;
  message: string;
  raw: string;
  rejected_at: string;
}

/** A JSON-safe row returned by `query`: big integers outside the safe range come back as strings. */
export type SqlRow = Record<string, unknown>;

/** How one read runs. */
export interface ReadOptions {
  /** Aborting it stops the read (for instance when the HTTP client went away): QueryCancelledError. */
  signal?: AbortSignal;
  /**
   * The instant (ms since the epoch) the time limit counts from; default: when the read starts.
   * The reads of one request pass the same one, so together they get one limit.
   */
  since?: number;
}

/** A read ran past the store's time limit (`EngineLimits.queryTimeoutMs`) and was stopped. */
export class QueryTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`the query ran past the time limit of ${limitMs / 1000} s and was stopped`);
    this.name = 'QueryTimeoutError';
  }
}

/** A read was stopped through its signal. */
export class QueryCancelledError extends Error {
  constructor() {
    super('the query was cancelled');
    this.name = 'QueryCancelledError';
  }
}

export interface Store
  extends LoadingStore,
    EventReads,
    SummaryReads,
    ReportReads,
    SessionStore,
    SavedObjectStore {
  readonly engine: 'duckdb' | 'clickhouse';
  /** How the query language is written for this engine (filters passed to its reads are compiled with it). */
  readonly dialect: Dialect;
  /** Commits one batch (rows, rejections and their checkpoints) at once: a loader filled and committed. */
  commitBatch(batch: BatchCommit): Promise<CommitResult>;
  getCheckpoint(sourceKey: string): Promise<Checkpoint | null>;
  listCheckpoints(kind?: string): Promise<Checkpoint[]>;
  status(): Promise<StatusInfo>;
  listRejected(opts?: { limit?: number; offset?: number; reason?: string }): Promise<RejectedRow[]>;
  /** The engine's resource limits now in force. */
  limits(): Promise<EngineLimits>;
  /** Changes the given resource limits for the work that follows. */
  setLimits(limits: Partial<EngineLimits>): Promise<void>;
  /** Writes committed data into the main storage now (DuckDB: CHECKPOINT), under the current limits. */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

/** Resource limits of an embedded engine (DuckDB's memory_limit and threads). */
export interface EngineLimits {
  /** e.g. '256MB', or the engine's own notation of its current value. */
  memoryLimit: string;
  threads: number;
  /** The time limit of one read (`query`) in milliseconds; null: none (the default). */
  queryTimeoutMs?: number | null;
}

/** A checkpoint from an engine's `checkpoints` row (the same columns on every engine). */
export function checkpointFromRow(r: SqlRow): Checkpoint {
  return {
    sourceKey: String(r.source_key),
    kind: String(r.kind),
    origin: String(r.origin),
    fingerprint: (r.fingerprint as string | null) ?? null,
    offset: Number(r.offset),
    line: Number(r.line),
    records: Number(r.records ?? 0),
    rejected: Number(r.rejected ?? 0),
    bytes: Number(r.bytes ?? 0),
    state: r.state == null ? undefined : JSON.parse(String(r.state)),
    updatedAt: (r.updated_at as string | undefined) ?? undefined,
  };
}
