/** Builders for realistic per-direction counters: TCP conversations, UDP exchanges, ICMP, TTLs, flags. */
import type { Half } from './draft.ts';
import type { Rng } from './prng.ts';

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

const MSS = 1448;

/** TTL as seen at the firewall for a host in the VPC or office (one hop at most). */
export function localTtl(rng: Rng): [number, number] {
  const t = rng.pick([64, 64, 64, 63, 128, 127]);
  return [t, t];
}

/** TTL of an internet host: initial TTL minus 8..24 hops, sometimes varying by one. */
export function remoteTtl(rng: Rng): [number, number] {
  const max = rng.pick([255, 128, 64, 64]) - rng.int(8, 24);
  return [rng.chance(0.1) ? max - 1 : max, max];
}

export interface TcpShape {
  reqPayload: number;
  repPayload: number;
  v6?: boolean;
  clientTtl: [number, number];
  serverTtl: [number, number];
  /** Extra flags, e.g. RST on an aborted connection. */
  reqExtraFlags?: number;
  repExtraFlags?: number;
}

/** A complete TCP conversation: handshake, data both ways, delayed ACKs, FIN. */
export function tcpConversation(s: TcpShape): { req: Half; rep: Half } {
  const hdr = s.v6 ? 72 : 52;
  const reqData = Math.ceil(s.reqPayload / MSS);
  const repData = Math.ceil(s.repPayload / MSS);
  const reqPkts = 3 + reqData + Math.ceil(repData / 2);
  const repPkts = 2 + repData + Math.ceil(reqData / 2);
  return {
    req: {
      pkts: reqPkts,
      bytes: s.reqPayload + reqPkts * hdr + 8,
      minTtl: s.clientTtl[0],
      maxTtl: s.clientTtl[1],
      flags: SYN | ACK | FIN | (reqData > 0 ? PSH : 0) | (s.reqExtraFlags ?? 0),
    },
    rep: {
      pkts: repPkts,
      bytes: s.repPayload + repPkts * hdr + 8,
      minTtl: s.serverTtl[0],
      maxTtl: s.serverTtl[1],
      flags: SYN | ACK | FIN | (repData > 0 ? PSH : 0) | (s.repExtraFlags ?? 0),
    },
  };
}

/** A bare SYN (scans, dropped connection attempts), possibly retransmitted. */
export function synOnly(rng: Rng, ttl: [number, number], v6 = false): Half {
  const pkts = rng.chance(0.8) ? 1 : rng.int(2, 3);
  return {
    pkts,
    bytes: pkts * (v6 ? 80 : rng.pick([40, 44, 60])),
    minTtl: ttl[0],
    maxTtl: ttl[1],
    flags: SYN,
  };
}

/** A UDP request/response (DNS, NTP, ...). `repPayload` undefined = no answer. */
export function udpExchange(
  rng: Rng,
  reqPayload: number,
  repPayload: number | undefined,
  clientTtl: [number, number],
  serverTtl: [number, number],
): { req: Half; rep?: Half } {
  const n = rng.chance(0.85) ? 1 : rng.int(2, 4);
  const req: Half = { pkts: n, bytes: n * (reqPayload + 28), minTtl: clientTtl[0], maxTtl: clientTtl[1] };
  if (repPayload === undefined) return { req };
  return { req, rep: { pkts: n, bytes: n * (repPayload + 28), minTtl: serverTtl[0], maxTtl: serverTtl[1] } };
}

/** TCP payload of a typical web response: lognormal, heavy-tailed (most KB, a few tens of MB). */
export function webResponseBytes(rng: Rng, scale = 1): number {
  return Math.min(3e9, Math.round(rng.lognormal(18_000 * scale, 2.3)));
}

/** A download from an object store or CDN: Pareto, some 100 MB+. */
export function downloadBytes(rng: Rng, scale = 1): number {
  return Math.min(4e9, Math.round(rng.pareto(400_000 * scale, 1.05)));
}

/** Duration of a transfer of `bytes` at 1-60 MB/s, plus think time, in µs. */
export function transferDurationUs(rng: Rng, bytes: number, baseMs = 200): number {
  const rate = rng.range(1e6, 6e7);
  return Math.round((bytes / rate) * 1e6 + rng.lognormal(baseMs, 1.2) * 1000);
}

/** An ephemeral client port. */
export function ephemeralPort(rng: Rng): number {
  return rng.chance(0.7) ? rng.int(32768, 60999) : rng.int(49152, 65535);
}
