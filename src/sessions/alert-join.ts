/**
 * The verdict join of `rules.ts` applied to rows already read (a flow's sessions and its alerts), so
 * a page that lists a flow's alerts can say which conversation each belongs to. The engines compute
 * the sessions' verdicts with the same rule in their SQL; the property tests hold both to the
 * reference rules.
 */
import { ALERT_SLACK_SECONDS } from './rules.ts';

/** The alert's fields the join reads (an events row as the API returns it). */
export interface JoinAlert {
  firewall_name: string | null;
  availability_zone: string | null;
  flow_id: number | string | null;
  src_ip: string | null;
  src_port: number | null;
  dest_ip: string | null;
  dest_port: number | null;
  ts: string | null;
}

/** The session's fields the join reads (a sessions row as the API returns it). */
export interface JoinSession {
  firewall_name: string | null;
  availability_zone: string | null;
  flow_id: number | string | null;
  client_ip: string | null;
  client_port: number | null;
  server_ip: string | null;
  server_port: number | null;
  start: string | null;
  end: string | null;
  ts: string | null;
  last_ts: string | null;
}

const SLACK_MICROS = BigInt(ALERT_SLACK_SECONDS) * 1_000_000n;

/** Microseconds since the epoch of a stored time (`2024-01-01T00:00:01.000123Z`), exactly; null if none. */
export function timeMicros(iso: string | null): bigint | null {
  if (iso === null) return null;
  const m = /^(\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:?\d\d)?$/.exec(iso);
  if (!m) return null;
  const seconds = Date.parse(`${m[1]}${m[3] ?? 'Z'}`);
  if (Number.isNaN(seconds)) return null;
  const fraction = (m[2] ?? '').padEnd(6, '0').slice(0, 6);
  return BigInt(seconds) * 1000n + BigInt(fraction);
}

function sameEndpoint(ip: string | null, port: number | null, sIp: string | null, sPort: number | null) {
  return ip === sIp && (port ?? 0) === (sPort ?? 0);
}

/** Whether `a` joins `s`: same firewall, AZ, flow_id and two endpoints (either way), ts in the span. */
export function alertJoinsSession(a: JoinAlert, s: JoinSession): boolean {
  if (a.flow_id === null || s.flow_id === null || String(a.flow_id) !== String(s.flow_id)) return false;
  if (a.firewall_name !== s.firewall_name || a.availability_zone !== s.availability_zone) return false;
  const forward =
    sameEndpoint(a.src_ip, a.src_port, s.client_ip, s.client_port) &&
    sameEndpoint(a.dest_ip, a.dest_port, s.server_ip, s.server_port);
  const backward =
    sameEndpoint(a.src_ip, a.src_port, s.server_ip, s.server_port) &&
    sameEndpoint(a.dest_ip, a.dest_port, s.client_ip, s.client_port);
  if (!forward && !backward) return false;
  const at = timeMicros(a.ts);
  const start = timeMicros(s.start);
  if (at === null || start === null) return false;
  const ends = [s.end, s.ts, s.last_ts].map(timeMicros).filter((t): t is bigint => t !== null);
  if (ends.length === 0) return false;
  let last = ends[0] ?? start;
  for (const e of ends) if (e > last) last = e;
  return at >= start - SLACK_MICROS && at <= last + SLACK_MICROS;
}

/** For each alert, the indexes of the sessions it joins (none: a stand-alone alert). */
export function joinedSessions(alerts: readonly JoinAlert[], sessions: readonly JoinSession[]): number[][] {
  return alerts.map((a) => sessions.flatMap((s, i) => (alertJoinsSession(a, s) ? [i] : [])));
}
