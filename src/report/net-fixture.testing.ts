/**
 * A hand-made network for report tests: five sessions (four paired, one one-way) and alerts around
 * the 2024 DST changes of America/New_York. Expected figures in the tests are worked out from here.
 */
import { alertLine, netflowLine } from './fixtures.testing.ts';

interface Sess {
  flowId: number;
  start: string;
  client: string;
  cport: number;
  server: string;
  sport: number;
  proto?: string;
  app?: string;
  up: [number, number];
  down?: [number, number];
}

const SESSIONS: Sess[] = [
  {
    flowId: 1,
    start: '2024-03-10T06:10:00Z',
    client: '10.0.0.1',
    cport: 50000,
    server: '203.0.113.10',
    sport: 443,
    app: 'tls',
    up: [10, 1000],
    down: [20, 50000],
  },
  {
    flowId: 2,
    start: '2024-03-10T07:20:00Z',
    client: '10.0.0.2',
    cport: 50001,
    server: '203.0.113.10',
    sport: 443,
    app: 'tls',
    up: [5, 500],
    down: [8, 8000],
  },
  {
    flowId: 3,
    start: '2024-03-10T07:40:00Z',
    client: '10.0.0.1',
    cport: 50002,
    server: '198.51.100.7',
    sport: 80,
    app: 'http',
    up: [4, 400],
    down: [6, 6000],
  },
  {
    flowId: 4,
    start: '2024-03-10T08:00:00Z',
    client: '10.0.0.3',
    cport: 53000,
    server: '192.0.2.53',
    sport: 53,
    proto: 'UDP',
    app: 'dns',
    up: [1, 80],
    down: [1, 120],
  },
  {
    flowId: 5,
    start: '2024-03-10T08:30:00Z',
    client: '10.0.0.2',
    cport: 50003,
    server: '198.51.100.7',
    sport: 22,
    up: [3, 180],
  },
];

function sessionLines(s: Sess): string[] {
  const ts = new Date(Date.parse(s.start) + 60_000).toISOString();
  const common = {
    flowId: s.flowId,
    start: s.start,
    ...(s.app ? { app: s.app } : {}),
    proto: s.proto ?? 'TCP',
  };
  const lines = [
    netflowLine({
      ...common,
      ts,
      src: s.client,
      sport: s.cport,
      dst: s.server,
      dport: s.sport,
      pkts: s.up[0],
      bytes: s.up[1],
    }),
  ];
  if (s.down) {
    const ts2 = new Date(Date.parse(ts) + 1).toISOString();
    lines.push(
      netflowLine({
        ...common,
        ts: ts2,
        src: s.server,
        sport: s.sport,
        dst: s.client,
        dport: s.cport,
        pkts: s.down[0],
        bytes: s.down[1],
      }),
    );
  }
  return lines;
}

/** Alerts on 2024-03-10 (New York springs forward at 07:00Z) and 2024-11-03 (falls back at 06:00Z). */
const ALERTS: string[] = [
  alertLine({
    ts: '2024-03-10T05:30:00Z',
    action: 'blocked',
    src: '10.0.0.9',
    dst: '192.0.2.200',
    dport: 23,
    sid: 10,
  }),
  alertLine({ ts: '2024-03-10T06:15:00Z', action: 'allowed', src: '10.0.0.1', dst: '203.0.113.10', sid: 20 }),
  alertLine({
    ts: '2024-03-10T06:20:00Z',
    action: 'rejected' as 'blocked',
    src: '10.0.0.1',
    dst: '203.0.113.10',
    sid: 20,
  }),
  alertLine({
    ts: '2024-03-10T06:45:00Z',
    action: 'blocked',
    src: '10.0.0.9',
    dst: '192.0.2.200',
    dport: 23,
    sid: 10,
  }),
  alertLine({
    ts: '2024-03-10T07:10:00Z',
    action: 'blocked',
    src: '10.0.0.9',
    dst: '203.0.113.10',
    dport: 443,
    sid: 10,
  }),
  alertLine({
    ts: '2024-03-10T07:20:00Z',
    action: 'allowed',
    src: '10.0.0.2',
    dst: '198.51.100.7',
    dport: 80,
    sid: 20,
    hostname: 'www.example.org',
  }),
  alertLine({
    ts: '2024-03-10T07:50:00Z',
    action: 'blocked',
    src: '10.0.0.8',
    dst: '203.0.113.10',
    dport: 8443,
    sid: 30,
    sni: 'evil.example.net',
  }),
  alertLine({
    ts: '2024-03-11T03:30:00Z',
    action: 'allowed',
    src: '10.0.0.1',
    dst: '203.0.113.10',
    sid: 20,
    sni: 'api.example.com',
    fw: 'fw-b',
    az: 'us-east-1b',
  }),
  alertLine({
    ts: '2024-11-03T05:30:00Z',
    action: 'blocked',
    src: '10.0.0.9',
    dst: '192.0.2.200',
    dport: 23,
    sid: 10,
  }),
  alertLine({
    ts: '2024-11-03T06:30:00Z',
    action: 'blocked',
    src: '10.0.0.9',
    dst: '192.0.2.200',
    dport: 23,
    sid: 10,
  }),
];

export const NET_LINES: readonly string[] = [...SESSIONS.flatMap(sessionLines), ...ALERTS];
