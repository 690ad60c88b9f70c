/**
 * The dashboard's headline figures over a time range and one firewall, computed whole in the store
 * (never summed from a report's top rows): records and alerts by their `ts`, sessions and their bytes
 * by the session's `start`, as `GET /api/sessions` ranges them.
 */
import { parseTime } from '../query/index.ts';
import type { Store } from '../store/store.ts';
import type { ExactInt, SummaryFigures } from '../store/summary.ts';

export type { ExactInt };

export interface Summary extends SummaryFigures {
  /** `sessions_paired / sessions` (0..1); null without sessions. */
  paired_share: number | null;
}

export interface SummaryOptions {
  /** ISO 8601 or relative (`-24h`); inclusive. */
  from?: string;
  /** Same forms; exclusive. */
  to?: string;
  firewallName?: string;
  now: Date;
}

/** A time as epoch µs, to the millisecond as the API has always taken it. */
const micros = (text: string, now: Date) => parseTime(text, now).getTime() * 1000;

export async function computeSummary(store: Store, opts: SummaryOptions): Promise<Summary> {
  const f = await store.summary({
    ...(opts.from ? { fromUs: micros(opts.from, opts.now) } : {}),
    ...(opts.to ? { toUs: micros(opts.to, opts.now) } : {}),
    ...(opts.firewallName !== undefined ? { firewallName: opts.firewallName } : {}),
  });
  return {
    records: f.records,
    alerts: f.alerts,
    blocked_alerts: f.blocked_alerts,
    sessions: f.sessions,
    sessions_paired: f.sessions_paired,
    paired_share: f.sessions > 0 ? f.sessions_paired / f.sessions : null,
    bytes_to_server: f.bytes_to_server,
    bytes_to_client: f.bytes_to_client,
    first_ts: f.first_ts,
    last_ts: f.last_ts,
  };
}
