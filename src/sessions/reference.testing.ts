/**
 * An independent statement of the session rules of README.md, in plain TypeScript: records in,
 * sessions out. It reads the records as JSON objects itself (no normaliser, no store, no SQL) and is
 * the oracle the DuckDB sessions are checked against. Kept deliberately naive: clarity over speed.
 *
 * Input: the records in arrival order; the n-th record has event id n + 1 (every record is assumed
 * to be stored, none rejected). Timestamps must be EVE text (`2024-03-01T10:00:00.123456+0000`, or
 * `Z` / `+HH:MM` offsets) with at most 6 fractional digits; addresses in canonical text.
 */
import type { Session } from './types.ts';

const SLACK_US = 300 * 1_000_000;

type Json = Record<string, unknown>;

interface FlowRecord {
  id: number;
  kind: 'netflow' | 'flow';
  fw: string | null;
  az: string | null;
  flowId: number | null;
  ts: number;
  start: number | null;
  end: number | null;
  age: number | null;
  srcIp: string | null;
  srcPort: number | null;
  destIp: string | null;
  destPort: number | null;
  proto: string | null;
  appProto: string | null;
  tcpFlags: string | null;
  /** netflow: pkts/bytes of this direction; flow: to server. */
  pkts: number | null;
  bytes: number | null;
  /** flow events only: to client. */
  pktsBack: number | null;
  bytesBack: number | null;
}

interface AlertRecord {
  fw: string | null;
  az: string | null;
  flowId: number | null;
  ts: number;
  srcIp: string | null;
  srcPort: number | null;
  destIp: string | null;
  destPort: number | null;
  action: string | null;
  sid: number | null;
}

/** EVE timestamp text to epoch microseconds. */
export function eveMicros(text: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d:?\d\d)$/.exec(text);
  if (!m) throw new Error(`reference: not an EVE timestamp: ${text}`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  let offset = 0;
  if (zone !== 'Z') {
    const z = zone!.replace(':', '');
    offset = (z.startsWith('-') ? -1 : 1) * (Number(z.slice(1, 3)) * 3600 + Number(z.slice(3, 5)) * 60);
  }
  return (seconds - offset) * 1_000_000 + Number((frac ?? '').padEnd(6, '0'));
}

/** Epoch microseconds to the listing's `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export function isoMicros(us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  const frac = us - seconds * 1_000_000;
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(frac).padStart(6, '0')}Z`;
}

const obj = (v: unknown): Json | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const time = (v: unknown): number | null => (typeof v === 'string' ? eveMicros(v) : null);

/** The EVE event of a record and its firewall and AZ (null for a plain Suricata EVE record). */
function unwrap(rec: Json): { event: Json; fw: string | null; az: string | null } {
  const event = obj(rec.event);
  if (event) return { event, fw: str(rec.firewall_name), az: str(rec.availability_zone) };
  return { event: rec, fw: null, az: null };
}

function readFlow(id: number, rec: Json): FlowRecord | null {
  const { event: e, fw, az } = unwrap(rec);
  const type = e.event_type;
  if (type !== 'netflow' && type !== 'flow') return null;
  const part = obj(type === 'flow' ? e.flow : e.netflow) ?? {};
  return {
    id,
    kind: type,
    fw,
    az,
    flowId: num(e.flow_id),
    ts: eveMicros(String(e.timestamp)),
    start: time(part.start),
    end: time(part.end),
    age: num(part.age),
    srcIp: str(e.src_ip),
    srcPort: num(e.src_port),
    destIp: str(e.dest_ip),
    destPort: num(e.dest_port),
    proto: str(e.proto),
    appProto: str(e.app_proto),
    tcpFlags: str(obj(e.tcp)?.tcp_flags),
    pkts: num(type === 'flow' ? part.pkts_toserver : part.pkts),
    bytes: num(type === 'flow' ? part.bytes_toserver : part.bytes),
    pktsBack: type === 'flow' ? num(part.pkts_toclient) : null,
    bytesBack: type === 'flow' ? num(part.bytes_toclient) : null,
  };
}

function readAlert(rec: Json): AlertRecord | null {
  const { event: e, fw, az } = unwrap(rec);
  if (e.event_type !== 'alert') return null;
  const a = obj(e.alert) ?? {};
  return {
    fw,
    az,
    flowId: num(e.flow_id),
    ts: eveMicros(String(e.timestamp)),
    srcIp: str(e.src_ip),
    srcPort: num(e.src_port),
    destIp: str(e.dest_ip),
    destPort: num(e.dest_port),
    action: str(a.action),
    sid: num(a.signature_id),
  };
}

/** Request order: ts, then src_port larger first (none last), then src_ip as text (none last), then id. */
function requestOrder(a: FlowRecord, b: FlowRecord): number {
  if (a.ts !== b.ts) return a.ts - b.ts;
  if (a.srcPort !== b.srcPort) {
    if (a.srcPort === null) return 1;
    if (b.srcPort === null) return -1;
    return b.srcPort - a.srcPort;
  }
  if (a.srcIp !== b.srcIp) {
    if (a.srcIp === null) return 1;
    if (b.srcIp === null) return -1;
    return a.srcIp < b.srcIp ? -1 : 1;
  }
  return a.id - b.id;
}

/** The larger of the given values, ignoring missing ones; null when all are missing. */
function latest(...values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? Math.max(...present) : null;
}

const nonEmpty = (s: string | null): string | null => (s === null || s === '' ? null : s);

type Endpoint = [string | null, number];

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** The verdict fields of a session from every alert that joins it. */
function verdict(s: Session, startUs: number | null, hiUs: number | null, alerts: readonly AlertRecord[]) {
  const client: Endpoint = [s.client_ip, s.client_port ?? 0];
  const server: Endpoint = [s.server_ip, s.server_port ?? 0];
  const joined = alerts.filter((a) => {
    if (
      a.flowId === null ||
      a.flowId !== s.flow_id ||
      a.fw !== s.firewall_name ||
      a.az !== s.availability_zone
    )
      return false;
    const src: Endpoint = [a.srcIp, a.srcPort ?? 0];
    const dst: Endpoint = [a.destIp, a.destPort ?? 0];
    const endpoints =
      (sameEndpoint(src, client) && sameEndpoint(dst, server)) ||
      (sameEndpoint(src, server) && sameEndpoint(dst, client));
    if (!endpoints || startUs === null || hiUs === null) return false;
    return a.ts >= startUs - SLACK_US && a.ts <= hiUs + SLACK_US;
  });
  const sids = [...new Set(joined.map((a) => a.sid).filter((x): x is number => x !== null))].sort(
    (a, b) => a - b,
  );
  return {
    alert_count: joined.length,
    alert_action:
      joined.length === 0
        ? null
        : joined.some((a) => a.action === 'blocked')
          ? ('blocked' as const)
          : ('allowed' as const),
    signature_ids: sids,
  };
}

/** One session from the records of one pair key. */
function sessionOf(group: FlowRecord[], alerts: readonly AlertRecord[]): Session {
  const sorted = [...group].sort(requestOrder);
  const q = sorted[0]!;
  const p =
    q.kind === 'netflow'
      ? (sorted.slice(1).find((r) => r.srcIp !== q.srcIp || r.srcPort !== q.srcPort) ?? null)
      : null;
  const flow = q.kind === 'flow';
  const end = flow ? q.end : latest(q.end, p?.end ?? null);
  const lastTs = latest(q.ts, p?.ts ?? null)!;
  const toServer = [q.pkts ?? 0, q.bytes ?? 0];
  const toClient = flow ? [q.pktsBack ?? 0, q.bytesBack ?? 0] : [p?.pkts ?? 0, p?.bytes ?? 0];
  const s: Session = {
    kind: q.kind,
    firewall_name: q.fw,
    availability_zone: q.az,
    flow_id: q.flowId,
    start: q.start === null ? null : isoMicros(q.start),
    end: end === null ? null : isoMicros(end),
    age: flow ? q.age : latest(q.age, p?.age ?? null),
    client_ip: q.srcIp,
    client_port: q.srcPort,
    server_ip: q.destIp,
    server_port: q.destPort,
    proto: q.proto,
    app_proto: nonEmpty(q.appProto) ?? nonEmpty(p?.appProto ?? null) ?? 'unknown',
    pkts_to_server: toServer[0]!,
    bytes_to_server: toServer[1]!,
    pkts_to_client: toClient[0]!,
    bytes_to_client: toClient[1]!,
    total_bytes: toServer[1]! + toClient[1]!,
    paired: flow ? (q.pkts ?? 0) > 0 && (q.pktsBack ?? 0) > 0 : p !== null,
    tcp_flags_to_server: q.tcpFlags,
    tcp_flags_to_client: p?.tcpFlags ?? null,
    request_id: q.id,
    reply_id: p?.id ?? null,
    ts: isoMicros(q.ts),
    last_ts: isoMicros(lastTs),
    records: group.length,
    alert_count: 0,
    alert_action: null,
    signature_ids: [],
  };
  return { ...s, ...verdict(s, q.start, latest(end, q.ts, p?.ts ?? null), alerts) };
}

/** The sessions the rules give for `records` (arrival order), ordered by request id. */
export function referenceSessions(records: readonly unknown[]): Session[] {
  const groups = new Map<string, FlowRecord[]>();
  const alerts: AlertRecord[] = [];
  records.forEach((raw, i) => {
    const rec = obj(raw);
    if (!rec) return;
    const f = readFlow(i + 1, rec);
    if (f) {
      const key = JSON.stringify([f.kind, f.fw, f.az, f.flowId, f.start]);
      const g = groups.get(key);
      if (g) g.push(f);
      else groups.set(key, [f]);
    }
    const a = readAlert(rec);
    if (a) alerts.push(a);
  });
  return [...groups.values()].map((g) => sessionOf(g, alerts)).sort((a, b) => a.request_id - b.request_id);
}
