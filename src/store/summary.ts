/**
 * The dashboard's headline figures as the store counts them: records and alerts by their `ts`,
 * sessions and their bytes by the session's `start`, over one range and one firewall.
 */
import type { ReadOptions, SqlRow } from './store.ts';

/** A count or byte sum: a number when JSON can hold it exactly, else its decimal string. */
export type ExactInt = number | string;

/** The range (epoch µs, `fromUs` inclusive, `toUs` exclusive) and the firewall the figures cover. */
export interface SummaryQuery {
  fromUs?: number;
  toUs?: number;
  firewallName?: string;
}

export interface SummaryFigures {
  records: number;
  alerts: number;
  blocked_alerts: number;
  sessions: number;
  sessions_paired: number;
  bytes_to_server: ExactInt;
  bytes_to_client: ExactInt;
  /** The first and last record `ts` in the range; null when it holds none. */
  first_ts: string | null;
  last_ts: string | null;
}

export interface SummaryReads {
  /** The figures, each computed whole (never summed from partial results). */
  summary(query: SummaryQuery, options?: ReadOptions): Promise<SummaryFigures>;
}

/** Where each read operation of `SummaryReads` takes its ReadOptions. */
export const SUMMARY_READ_OPTIONS_AT = { summary: 1 } as const satisfies Record<keyof SummaryReads, number>;

function exact(v: unknown): ExactInt {
  if (typeof v === 'number' || typeof v === 'string') return v;
  return 0;
}

/** The figures from an engine's two rows (the same names on every engine): events, and sessions. */
export function summaryFigures(e: SqlRow, s: SqlRow): SummaryFigures {
  return {
    records: Number(e.records ?? 0),
    alerts: Number(e.alerts ?? 0),
    blocked_alerts: Number(e.blocked_alerts ?? 0),
    sessions: Number(s.sessions ?? 0),
    sessions_paired: Number(s.sessions_paired ?? 0),
    bytes_to_server: exact(s.bytes_to_server),
    bytes_to_client: exact(s.bytes_to_client),
    first_ts: (e.first_ts as string | null) ?? null,
    last_ts: (e.last_ts as string | null) ?? null,
  };
}
