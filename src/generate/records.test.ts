import { beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedRecord, generateRecords } from './records.ts';

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON records are inspected field by field
type Json = any;

const START = new Date('2026-11-02T00:00:00Z');
const N = 20_000;
const FLAG_BITS: Record<string, number> = {
  fin: 1,
  syn: 2,
  rst: 4,
  psh: 8,
  ack: 16,
  urg: 32,
  ecn: 64,
  cwr: 128,
};

function eveUs(ts: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{6})\+0000$/.exec(ts);
  if (!m) throw new Error(`bad EVE timestamp ${ts}`);
  return Date.parse(`${m[1]}Z`) * 1000 + Number(m[2]);
}

/** What is wrong with one record, as short messages (empty when it is well formed). */
function recordProblems(j: Json, r: GeneratedRecord): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  const e = j.event;
  check(j.firewall_name === r.firewall, 'firewall_name');
  check(/^us-east-1[a-c]$/.test(j.availability_zone), 'availability_zone');
  if (r.logType === 'tls') {
    check(typeof j.event_timestamp === 'number', 'numeric event_timestamp');
    check(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(e.timestamp), 'Z timestamp');
    check(e.event_type === undefined && e.flow_id === undefined, 'no event_type/flow_id');
    check(typeof e.src_port === 'string' && typeof e.dest_port === 'string', 'string ports');
    check(typeof e.sni === 'string', 'sni');
    check(Boolean(e.tls_error) !== Boolean(e.revocation_check), 'tls_error xor revocation_check');
    return out;
  }
  check(/^\d{10}$/.test(j.event_timestamp), 'string event_timestamp');
  check(Number(j.event_timestamp) === Math.floor(eveUs(e.timestamp) / 1e6), 'event_timestamp = timestamp');
  check(Object.keys(e).slice(0, 4).join() === 'timestamp,flow_id,event_type,src_ip', 'key order');
  check(Number.isSafeInteger(e.flow_id) && e.flow_id > 0 && e.flow_id <= 2 ** 51 - 1, '51-bit flow_id');
  check(e.event_type === (r.logType === 'flow' ? 'netflow' : 'alert'), 'event_type');
  if (r.logType === 'alert') {
    const a = e.alert;
    check(['allowed', 'blocked'].includes(a.action), 'alert.action');
    check(Number.isInteger(a.signature_id) && typeof a.signature === 'string', 'signature');
    check(a.severity >= 1 && a.severity <= 3, 'severity');
    const verdicts = a.action === 'blocked' ? ['drop'] : ['pass', 'alert'];
    check(e.verdict === undefined || verdicts.includes(e.verdict.action), 'verdict matches action');
    check(
      e.aws_category === undefined || Array.isArray(JSON.parse(e.aws_category)),
      'aws_category JSON string',
    );
    return out;
  }
  const nf = e.netflow;
  check(nf.pkts > 0 && nf.bytes >= nf.pkts * 28, 'pkts/bytes');
  check(nf.age === Math.floor(eveUs(nf.end) / 1e6) - Math.floor(eveUs(nf.start) / 1e6), 'age');
  check(eveUs(nf.end) >= eveUs(nf.start), 'end >= start');
  check(eveUs(e.timestamp) - eveUs(nf.end) >= 10e6, 'written after a flow timeout');
  check(nf.min_ttl <= nf.max_ttl, 'ttl range');
  return out;
}

let records: GeneratedRecord[];
let parsed: Json[];
let flows: Json[];

beforeAll(() => {
  records = [...generateRecords({ records: N, seed: 1, start: START, hours: 24 })];
  parsed = records.map((r) => JSON.parse(r.line));
  flows = parsed.filter((j) => j.event.event_type === 'netflow');
});

/** Netflow records grouped by the pairing key (firewall, AZ, flow_id, start). */
function flowGroups(): Map<string, Json[]> {
  const groups = new Map<string, Json[]>();
  for (const j of flows) {
    const key = `${j.firewall_name}|${j.availability_zone}|${j.event.flow_id}|${j.event.netflow.start}`;
    groups.set(key, [...(groups.get(key) ?? []), j]);
  }
  return groups;
}

describe('generateRecords', () => {
  it('writes exactly the requested number of records, mostly flow, some alert, a little TLS', () => {
    expect(records.length).toBe(N);
    const share = (t: string) => records.filter((r) => r.logType === t).length / N;
    expect(share('flow')).toBeGreaterThan(0.8);
    expect(share('flow')).toBeLessThan(0.92);
    expect(share('alert')).toBeGreaterThan(0.07);
    expect(share('alert')).toBeLessThan(0.16);
    expect(share('tls')).toBeGreaterThan(0.005);
    expect(share('tls')).toBeLessThan(0.04);
  });

  it.each([100, 1_000, 7_777])('meets small counts exactly (%i)', (n) => {
    expect([...generateRecords({ records: n, seed: 3, start: START, hours: 6 })].length).toBe(n);
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const a = [...generateRecords({ records: 2_000, seed: 7, start: START, hours: 3 })].map((r) => r.line);
    const b = [...generateRecords({ records: 2_000, seed: 7, start: START, hours: 3 })].map((r) => r.line);
    const c = [...generateRecords({ records: 2_000, seed: 8, start: START, hours: 3 })].map((r) => r.line);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('gives every record the envelope and the fields of its type', () => {
    const bad = parsed.flatMap((j, i) =>
      recordProblems(j, records[i]!).map((p) => `${p}: ${records[i]!.line}`),
    );
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('keeps every record inside the hour it is filed under, 5-minute file slots', () => {
    const bad = parsed.filter((j, i) => {
      const r = records[i]!;
      const offset = Number(j.event_timestamp) * 1000 - r.hour.getTime();
      return r.fileMinute % 5 !== 0 || offset < r.fileMinute * 60_000 || offset >= 3_600_000;
    });
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('pairs netflow halves: swapped 5-tuple, same flow_id/start/end/age, reply not earlier', () => {
    let pairs = 0;
    for (const group of flowGroups().values()) {
      if (group.length !== 2) continue;
      const [q, a] = group.map((g) => g.event);
      pairs++;
      expect([a.src_ip, a.src_port, a.dest_ip, a.dest_port]).toEqual([
        q.dest_ip,
        q.dest_port,
        q.src_ip,
        q.src_port,
      ]);
      expect(a.proto).toBe(q.proto);
      expect(a.netflow.end).toBe(q.netflow.end);
      expect(a.netflow.age).toBe(q.netflow.age);
      expect(eveUs(a.timestamp)).toBeGreaterThanOrEqual(eveUs(q.timestamp));
      expect(eveUs(a.timestamp) - eveUs(q.timestamp)).toBeLessThanOrEqual(500_000);
    }
    expect(pairs).toBeGreaterThan(flows.length * 0.4);
  });

  it('writes one-way flows: SYN-only scans, UDP without answer, ICMP unreachable', () => {
    const oneWay = [...flowGroups().values()].filter((g) => g.length === 1).map((g) => g[0].event);
    expect(
      oneWay.some((e) => e.tcp?.tcp_flags === '02' && e.tcp.syn === true && Object.keys(e.tcp).length === 2),
    ).toBe(true);
    expect(oneWay.some((e) => e.proto === 'UDP')).toBe(true);
    expect(oneWay.some((e) => e.proto === 'ICMP' && e.icmp_type === 3)).toBe(true);
  });

  it('gives ICMP no ports and TCP flag booleans matching tcp_flags', () => {
    const icmp = flows.filter((j) => /ICMP/.test(j.event.proto));
    expect(icmp.length).toBeGreaterThan(0);
    expect(icmp.some((j) => j.event.proto === 'IPv6-ICMP' && j.event.src_ip.includes('::'))).toBe(true);
    for (const j of icmp) {
      expect(j.event.src_port).toBeUndefined();
      expect(j.event.dest_port).toBeUndefined();
      expect(Number.isInteger(j.event.icmp_type)).toBe(true);
    }
    for (const j of flows.filter((f) => f.event.proto === 'TCP')) {
      const { tcp_flags, ...bools } = j.event.tcp;
      expect(tcp_flags).toMatch(/^[0-9a-f]{2}$/);
      const bits = Object.keys(bools).reduce((acc, k) => acc | (FLAG_BITS[k] ?? 256), 0);
      expect(bits).toBe(Number.parseInt(tcp_flags, 16));
      expect(Object.values(bools).every((v) => v === true)).toBe(true);
    }
  });

  it('has heavy-tailed volumes: the top 1% of flows carry more than 30% of the bytes', () => {
    const sizes = [...flowGroups().values()]
      .map((g) => g.reduce((s, j) => s + j.event.netflow.bytes, 0))
      .sort((a, b) => b - a);
    const total = sizes.reduce((a, b) => a + b, 0);
    const top = sizes.slice(0, Math.ceil(sizes.length / 100)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.3);
  });

  it('follows a daily rhythm: a working hour is busier than a night hour', () => {
    const perHour = (h: number) => records.filter((r) => r.hour.getUTCHours() === h).length;
    expect(perHour(14)).toBeGreaterThan(perHour(22) * 1.8);
  });

  it('ties every alert to a flow: same flow_id and request 5-tuple, time within the flow', () => {
    const byId = new Map<string, Json[]>();
    for (const j of flows)
      byId.set(`${j.firewall_name}|${j.event.flow_id}`, [
        ...(byId.get(`${j.firewall_name}|${j.event.flow_id}`) ?? []),
        j,
      ]);
    const alerts = parsed.filter((j) => j.event.event_type === 'alert');
    for (const a of alerts) {
      const e = a.event;
      const t = eveUs(e.timestamp);
      const match = (byId.get(`${a.firewall_name}|${e.flow_id}`) ?? []).find(
        (f) =>
          f.event.src_ip === e.src_ip &&
          f.event.src_port === e.src_port &&
          f.event.dest_port === e.dest_port &&
          eveUs(f.event.netflow.start) <= t &&
          t <= eveUs(f.event.netflow.end),
      );
      expect(match, a.event.timestamp).toBeDefined();
    }
    const blocked = alerts.filter((a) => a.event.alert.action === 'blocked').length / alerts.length;
    expect(blocked).toBeGreaterThan(0.2);
    expect(blocked).toBeLessThan(0.6);
  });

  it('reuses a few flow ids, on the same firewall with another start and across firewalls', () => {
    const firstHalves = flowGroups();
    const starts = new Map<string, Set<string>>();
    const fws = new Map<number, Set<string>>();
    for (const [key] of firstHalves) {
      const [fw, az, id, start] = key.split('|') as [string, string, string, string];
      starts.set(`${fw}|${az}|${id}`, (starts.get(`${fw}|${az}|${id}`) ?? new Set()).add(start));
      fws.set(Number(id), (fws.get(Number(id)) ?? new Set()).add(fw));
    }
    const reusedSameFw = [...starts.values()].filter((s) => s.size > 1).length;
    const crossFw = [...fws.values()].filter((s) => s.size > 1).length;
    expect(reusedSameFw).toBeGreaterThan(0);
    expect(reusedSameFw).toBeLessThan(firstHalves.size * 0.01);
    expect(crossFw).toBeGreaterThan(0);
    expect(crossFw).toBeLessThan(firstHalves.size * 0.01);
  });
});
