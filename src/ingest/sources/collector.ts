/**
 * What every collector shares: the `Collector` interface the `collect` command drives, and
 * `SourceTally`, the running status of one source (position, totals, errors, retries) saved as the
 * checkpoint `collector:<name>` in the same commit as the records it counts.
 */
import type { Checkpoint, Store } from '../../store/store.ts';
import { commitCheckpoints } from '../commit-pipeline.ts';

export type SourceType = 's3' | 'cloudwatch' | 'firehose';

export interface PollResult {
  records: number;
  rejected: number;
  bytes: number;
}

/** A pull source (S3, CloudWatch Logs): `poll` reads everything new once, then returns. */
export interface Collector {
  readonly name: string;
  readonly type: SourceType;
  /** One pass; stops after the current batch when `signal` aborts. Throws when the pass failed. */
  poll(signal?: AbortSignal): Promise<PollResult>;
  /** Releases what polls keep between them (worker threads); a later poll may start them again. */
  close?(): Promise<void>;
}

/** The status part of a collector checkpoint's `state` (shown by `nfwlens status`). */
export interface TallyState {
  type: SourceType;
  /** Human-readable last position (last S3 key, CloudWatch watermark, last Firehose request). */
  position: string | null;
  /** Event time (ms) of that position, for the lag. */
  positionTime: number | null;
  errors: number;
  retries: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastPollAt: string | null;
}

export const tallyKey = (name: string): string => `collector:${name}`;

export class SourceTally {
  records = 0;
  rejected = 0;
  bytes = 0;
  status: TallyState;
  /** Source-specific resume state (walk position, seen ids), saved beside the status. */
  walk: unknown;

  private constructor(
    readonly name: string,
    type: SourceType,
    cp: Checkpoint | null,
  ) {
    const state = (cp?.state ?? {}) as { status?: TallyState; walk?: unknown };
    this.records = cp?.records ?? 0;
    this.rejected = cp?.rejected ?? 0;
    this.bytes = cp?.bytes ?? 0;
    this.walk = state.walk;
    this.status = {
      type,
      position: null,
      positionTime: null,
      errors: 0,
      retries: 0,
      lastError: null,
      lastErrorAt: null,
      lastPollAt: null,
      ...state.status,
    };
  }

  static async load(store: Store, name: string, type: SourceType): Promise<SourceTally> {
    return new SourceTally(name, type, await store.getCheckpoint(tallyKey(name)));
  }

  /** The checkpoint for the state after adding `delta` and moving to `walk` (nothing is changed). */
  checkpoint(
    delta: PollResult = { records: 0, rejected: 0, bytes: 0 },
    walk: unknown = this.walk,
    position?: { position: string; positionTime: number | null },
  ): Checkpoint {
    return {
      sourceKey: tallyKey(this.name),
      kind: 'collector',
      origin: this.name,
      offset: 0,
      line: 0,
      records: this.records + delta.records,
      rejected: this.rejected + delta.rejected,
      bytes: this.bytes + delta.bytes,
      state: { status: { ...this.status, ...position }, walk },
    };
  }

  /** Adopts what `checkpoint` described, once the store has committed it. */
  committed(cp: Checkpoint): void {
    const state = cp.state as { status: TallyState; walk: unknown };
    this.records = cp.records ?? 0;
    this.rejected = cp.rejected ?? 0;
    this.bytes = cp.bytes ?? 0;
    // Only the position comes from the snapshot: errors and retries noted while the commit was in
    // flight stay counted.
    this.status.position = state.status.position;
    this.status.positionTime = state.status.positionTime;
    this.walk = state.walk;
  }

  noteError(err: unknown): void {
    this.status.errors++;
    this.status.lastError = err instanceof Error ? err.message : String(err);
    this.status.lastErrorAt = new Date().toISOString();
  }

  noteRetry(): void {
    this.status.retries++;
  }

  notePoll(): void {
    this.status.lastPollAt = new Date().toISOString();
  }

  /** Saves status only (after an error or an empty poll); a failing store leaves it for next time. */
  async save(store: Store): Promise<void> {
    const cp = this.checkpoint();
    try {
      await commitCheckpoints(store, [cp]);
      this.committed(cp);
    } catch {
      // The counts stay in memory and go out with the next successful commit.
    }
  }
}
