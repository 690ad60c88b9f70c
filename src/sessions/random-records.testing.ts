/**
 * Random and adversarial NFW records for the session property tests, from a seeded PRNG: flow_id
 * reuse across firewalls, AZs and starts, ties on timestamps, lone and duplicated halves, replies
 * logged before their requests, ICMP without ports, Suricata `flow` events, alerts on the session's
 * endpoints (either way round), on other endpoints, at the edges of the ±5-minute slack, elsewhere.
 */
import { seededRandom } from '../generate/prng.ts';

/** A seeded uniform source: the same sequence on every run. */
export function prng(seed: number): () => number {
  return seededRandom(seed, 'sessions');
}

type Rnd = () => number;
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const int = (rnd: Rnd, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

const BASE_US = Date.UTC(2024, 2, 1, 10) * 1000;
const MINUTE_US = 60_000_000;
const SLACK_US = 300_000_000;
const PLACES = [
  ['fw-a', 'us-east-1a'],
  ['fw-a', 'us-east-1b'],
  ['fw-b', 'us-east-1a'],
] as const;
const FLOW_IDS = [7, 8, 1097866239973063, 2 ** 51 + 3];
const IPS = ['10.0.0.9', '10.0.0.10', '10.0.0.1', '192.0.2.7', '2001:db8::5', '198.51.100.1'];
const PORTS = [443, 80, 53, 50000, 50001, 22];
const OFFSETS = ['+0000', '+0000', '+0900', '-0530'];
const SIDS = [1, 2, 2001219, 4113433437];

/** EVE timestamp text of epoch microseconds, in the given UTC offset (`+0900`). */
export function eveTime(us: number, offset = '+0000'): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const shift = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5))) * MINUTE_US;
  const local = us + shift;
  const seconds = Math.floor(local / 1_000_000);
  const frac = String(local - seconds * 1_000_000).padStart(6, '0');
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${frac}${offset}`;
}

interface Conversation {
  place: readonly [string, string] | null;
  flowId: number | null;
  start: number | null;
  end: number | null;
  client: [string, number | null];
  server: [string, number | null];
  proto: string;
  /** `ts` of the records written (for aiming alerts at the edges). */
  stamps: number[];
}

type Rec = Record<string, unknown>;

function wrap(place: Conversation['place'], event: Rec): Rec {
  return place === null ? event : { firewall_name: place[0], availability_zone: place[1], event };
}

function endpoints(e: Rec, src: [string, number | null], dst: [string, number | null]): void {
  e.src_ip = src[0];
  if (src[1] !== null) e.src_port = src[1];
  e.dest_ip = dst[0];
  if (dst[1] !== null) e.dest_port = dst[1];
}

function conversation(rnd: Rnd): Conversation {
  const proto = pick(rnd, ['TCP', 'TCP', 'UDP', 'ICMP']);
  const port = () => (proto === 'ICMP' ? null : pick(rnd, PORTS));
  const client: [string, number | null] = [pick(rnd, IPS), port()];
  let server: [string, number | null] = [pick(rnd, IPS), port()];
  // Now and then both ends are the same address and port (a reflected or looped flow).
  if (rnd() < 0.03) server = [...client];
  const start =
    rnd() < 0.03 ? null : BASE_US + int(rnd, 0, 5) * MINUTE_US + (rnd() < 0.5 ? 0 : int(rnd, 0, 999_999));
  const end = rnd() < 0.05 || start === null ? null : start + int(rnd, 0, 90) * 1_000_000;
  return {
    place: rnd() < 0.06 ? null : pick(rnd, PLACES),
    flowId: rnd() < 0.03 ? null : pick(rnd, FLOW_IDS),
    start,
    end,
    client,
    server,
    proto,
    stamps: [],
  };
}

function netflowHalf(rnd: Rnd, c: Conversation, reply: boolean, ts: number): Rec {
  const e: Rec = { event_type: 'netflow', timestamp: eveTime(ts, pick(rnd, OFFSETS)) };
  if (c.flowId !== null) e.flow_id = c.flowId;
  endpoints(e, reply ? c.server : c.client, reply ? c.client : c.server);
  e.proto = c.proto;
  const app = pick(rnd, ['tls', 'http', '', null, null]);
  if (app !== null) e.app_proto = app;
  if (c.proto === 'TCP' && rnd() < 0.8) e.tcp = { tcp_flags: pick(rnd, ['1b', 'df', '02', '13']) };
  if (c.proto === 'ICMP') Object.assign(e, { icmp_type: reply ? 0 : 8, icmp_code: 0 });
  const nf: Rec = { pkts: int(rnd, 0, 40), bytes: int(rnd, 0, 90_000), age: int(rnd, 0, 90) };
  if (c.start !== null) nf.start = eveTime(c.start, pick(rnd, OFFSETS));
  // The halves usually share the end; sometimes one half's is later or missing.
  const end = c.end === null || rnd() < 0.05 ? null : c.end + (rnd() < 0.15 ? int(rnd, 1, 5_000_000) : 0);
  if (end !== null) nf.end = eveTime(end);
  e.netflow = nf;
  c.stamps.push(ts);
  return wrap(c.place, e);
}

/** A plain Suricata bidirectional `flow` event (no NFW envelope). */
function flowEvent(rnd: Rnd, c: Conversation, ts: number): Rec {
  const toClient = rnd() < 0.3 ? 0 : int(rnd, 1, 30);
  const e: Rec = { event_type: 'flow', timestamp: eveTime(ts) };
  if (c.flowId !== null) e.flow_id = c.flowId;
  endpoints(e, c.client, c.server);
  e.proto = c.proto;
  if (rnd() < 0.7) e.app_proto = pick(rnd, ['dns', 'http', '']);
  if (c.proto === 'TCP') e.tcp = { tcp_flags: '1b' };
  const f: Rec = {
    pkts_toserver: int(rnd, 0, 30),
    pkts_toclient: toClient,
    bytes_toserver: int(rnd, 0, 9000),
    bytes_toclient: toClient * 100,
    age: int(rnd, 0, 60),
  };
  if (c.start !== null) f.start = eveTime(c.start);
  if (c.end !== null) f.end = eveTime(c.end);
  e.flow = f;
  c.stamps.push(ts);
  return { ...e };
}

/** An alert time: at an edge of the session's window (±1 µs), inside it, or far off. */
function alertTime(rnd: Rnd, c: Conversation): number {
  const lo = (c.start ?? BASE_US) - SLACK_US;
  const hi = Math.max(c.end ?? 0, ...c.stamps, BASE_US) + SLACK_US;
  const jitter = pick(rnd, [-1, 0, 1]);
  switch (int(rnd, 0, 5)) {
    case 0:
      return lo + jitter;
    case 1:
      return hi + jitter;
    case 2:
      return pick(rnd, [c.end ?? hi, ...c.stamps]) + SLACK_US + jitter;
    case 3:
      return lo - int(rnd, 1, 20) * MINUTE_US;
    default:
      return lo + Math.floor(rnd() * (hi - lo));
  }
}

function alertRecord(rnd: Rnd, c: Conversation): Rec {
  const e: Rec = { event_type: 'alert', timestamp: eveTime(alertTime(rnd, c), pick(rnd, OFFSETS)) };
  const flowId = rnd() < 0.05 ? null : rnd() < 0.1 ? pick(rnd, FLOW_IDS) : c.flowId;
  if (flowId !== null) e.flow_id = flowId;
  // ICMP alerts carry port 0 where ICMP flow records carry none.
  const zero = (p: [string, number | null]): [string, number | null] =>
    c.proto === 'ICMP' && rnd() < 0.7 ? [p[0], 0] : p;
  const which = rnd();
  if (which < 0.4) endpoints(e, zero(c.client), zero(c.server));
  else if (which < 0.7) endpoints(e, zero(c.server), zero(c.client));
  else if (which < 0.8) endpoints(e, [c.client[0], pick(rnd, PORTS)], c.server);
  else
    endpoints(e, [pick(rnd, IPS), pick(rnd, [...PORTS, null])], [pick(rnd, IPS), pick(rnd, [...PORTS, 0])]);
  e.proto = c.proto;
  e.alert = {
    action: pick(rnd, ['allowed', 'blocked']),
    signature_id: pick(rnd, SIDS),
    rev: 1,
    signature: 'test rule',
    severity: 2,
  };
  const place = rnd() < 0.1 ? pick(rnd, PLACES) : c.place;
  return wrap(place, e);
}

/** The records of `conversations` random conversations, with their alerts and some TLS records, shuffled. */
export function randomRecords(seed: number, conversations: number): Rec[] {
  const rnd = prng(seed);
  const out: Rec[] = [];
  for (let i = 0; i < conversations; i++) {
    const c = conversation(rnd);
    const logged = (c.end ?? c.start ?? BASE_US) + int(rnd, 0, 120) * 1_000_000;
    if (rnd() < 0.08) {
      out.push(flowEvent(rnd, c, logged));
    } else {
      const req = netflowHalf(rnd, c, false, logged);
      out.push(req);
      if (rnd() < 0.75) {
        // A tie, a few µs later, or logged before the request.
        const delta = pick(rnd, [0, 0, 1, 40, -1, -3_000_000, 200_000_000]);
        out.push(netflowHalf(rnd, c, true, logged + delta));
      }
      if (rnd() < 0.08) out.push(structuredClone(req));
    }
    for (let n = rnd() < 0.5 ? int(rnd, 1, 3) : 0; n > 0; n--) out.push(alertRecord(rnd, c));
    if (rnd() < 0.1) {
      const e: Rec = {
        event_type: 'tls',
        timestamp: eveTime(logged),
        proto: c.proto,
        tls: { sni: 'example.com' },
      };
      if (c.flowId !== null) e.flow_id = c.flowId;
      endpoints(e, c.client, c.server);
      out.push(wrap(c.place, e));
    }
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
