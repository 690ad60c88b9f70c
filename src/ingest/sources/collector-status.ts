/** `collectorStatus(store)`: one row per configured collector, for `nfwlens status`. */
import type { Store } from '../../store/store.ts';
import type { TallyState } from './collector.ts';

export interface CollectorStatusRow {
  source: string;
  type: string;
  position: string | null;
  /** Seconds between now and the event time of the last position (null when unknown). */
  lag_seconds: number | null;
  records: number;
  rejected: number;
  bytes: number;
  errors: number;
  retries: number;
  last_error: string | null;
  updated_at: string | null;
}

export async function collectorStatus(store: Store, nowMs = Date.now()): Promise<CollectorStatusRow[]> {
  const cps = await store.listCheckpoints('collector');
  return cps.map((cp) => {
    const s = ((cp.state ?? {}) as { status?: Partial<TallyState> }).status ?? {};
    return {
      source: cp.origin,
      type: s.type ?? '?',
      position: s.position ?? null,
      lag_seconds: s.positionTime == null ? null : Math.max(0, Math.round((nowMs - s.positionTime) / 1000)),
      records: cp.records ?? 0,
      rejected: cp.rejected ?? 0,
      bytes: cp.bytes ?? 0,
      errors: s.errors ?? 0,
      retries: s.retries ?? 0,
      last_error: s.lastError ?? null,
      updated_at: cp.updatedAt ?? null,
    };
  });
}
