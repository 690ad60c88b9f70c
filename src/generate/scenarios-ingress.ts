/** Inbound traffic through `ingress-fw`: internet clients to public services, scanners, ICMP. */
import type { Scenario } from './draft.ts';
import {
  DENY_ICMP_INBOUND,
  DENY_OTHER_TCP,
  ESTABLISHED_ALERT,
  fromRule,
  httpInfo,
  SCANNED_PORTS,
  scanRule,
  tlsVersion,
  UDP_SCAN_RULES,
  USER_AGENTS,
} from './signatures.ts';
import {
  ACK,
  ephemeralPort,
  localTtl,
  PSH,
  RST,
  remoteTtl,
  SYN,
  synOnly,
  tcpConversation,
  transferDurationUs,
  udpExchange,
  webResponseBytes,
} from './traffic.ts';

export const httpsIn: Scenario = (rng, { topo }) => {
  const repPayload = webResponseBytes(rng, 1.5);
  return {
    proto: 'TCP',
    src: topo.internetClients[rng.skewedIndex(topo.internetClients.length, 1.8)]!,
    dest: topo.webServers[rng.skewedIndex(topo.webServers.length, 1.5)]!,
    srcPort: ephemeralPort(rng),
    destPort: 443,
    appProto: 'tls',
    ...tcpConversation({
      reqPayload: Math.round(rng.lognormal(2500, 1)),
      repPayload,
      clientTtl: remoteTtl(rng),
      serverTtl: localTtl(rng),
    }),
    durationUs: transferDurationUs(rng, repPayload, 400),
    closed: true,
    alerts: [],
  };
};

export const httpIn: Scenario = (rng, { topo }) => {
  const [ua] = rng.pick(USER_AGENTS);
  const flow = {
    proto: 'TCP' as const,
    src: topo.internetClients[rng.skewedIndex(topo.internetClients.length, 1.8)]!,
    dest: topo.webServers[rng.int(0, topo.webServers.length - 1)]!,
    srcPort: ephemeralPort(rng),
    destPort: 80,
    appProto: 'http',
    ...tcpConversation({
      reqPayload: rng.int(150, 700),
      repPayload: rng.int(150, 400),
      clientTtl: remoteTtl(rng),
      serverTtl: localTtl(rng),
    }),
    durationUs: rng.int(5_000, 400_000),
    closed: true,
    alerts: [] as ReturnType<typeof fromRule>[],
  };
  if (rng.chance(0.2)) {
    flow.alerts.push(fromRule(rng, ESTABLISHED_ALERT, { http: httpInfo(rng, flow.dest, ua, 0) }));
  }
  return flow;
};

/** A SYN scan: one packet per port, dropped (most hit a rule) or unanswered. */
export const synScan: Scenario = (rng, { topo }) => {
  const port = rng.chance(0.8) ? rng.pick(SCANNED_PORTS) : rng.int(1, 65535);
  const r = scanRule(port);
  const blocked = rng.chance(r === DENY_OTHER_TCP ? 0.35 : 0.7);
  return {
    proto: 'TCP',
    src: topo.scanners[rng.skewedIndex(topo.scanners.length, 2)]!,
    dest: rng.chance(0.7)
      ? topo.webServers[rng.int(0, topo.webServers.length - 1)]!
      : `10.0.1.${rng.int(1, 254)}`,
    srcPort: rng.chance(0.3) ? 54321 : ephemeralPort(rng),
    destPort: port,
    req: synOnly(rng, remoteTtl(rng)),
    durationUs: 0,
    closed: false,
    alerts: blocked ? [fromRule(rng, r)] : [],
    alertEarly: true,
  };
};

/** SSH brute force: short sessions that reach the banner and get cut off. */
export const sshProbe: Scenario = (rng, { topo }) => {
  const blocked = rng.chance(0.5);
  const t = tcpConversation({
    reqPayload: rng.int(0, 1500),
    repPayload: rng.int(40, 1200),
    clientTtl: remoteTtl(rng),
    serverTtl: localTtl(rng),
    repExtraFlags: RST,
  });
  return {
    proto: 'TCP',
    src: topo.scanners[rng.skewedIndex(topo.scanners.length, 2)]!,
    dest: topo.webServers[rng.int(0, topo.webServers.length - 1)]!,
    srcPort: ephemeralPort(rng),
    destPort: 22,
    appProto: 'ssh',
    ...(blocked
      ? {
          req: { ...t.req, pkts: 3, bytes: 180, flags: SYN | ACK | PSH },
          rep: { ...t.rep, pkts: 1, bytes: 60, flags: SYN | ACK },
        }
      : t),
    durationUs: rng.int(50_000, 5_000_000),
    closed: !blocked,
    alerts: [fromRule(rng, { ...scanRule(22), action: blocked ? 'blocked' : 'allowed' })],
    alertEarly: blocked,
  };
};

/** UDP probes to closed or filtered services: one-way. */
export const udpProbe: Scenario = (rng, { topo }) => {
  const port = rng.pick([5060, 161, 1900, 123, 11211, 27015, rng.int(1024, 65535)]);
  const r = UDP_SCAN_RULES[port];
  return {
    proto: 'UDP',
    src: topo.scanners[rng.skewedIndex(topo.scanners.length, 1.5)]!,
    dest: topo.webServers[rng.int(0, topo.webServers.length - 1)]!,
    srcPort: ephemeralPort(rng),
    destPort: port,
    appProto: port === 5060 ? 'sip' : undefined,
    ...udpExchange(rng, rng.int(20, 400), undefined, remoteTtl(rng), localTtl(rng)),
    durationUs: 0,
    closed: false,
    alerts: r && rng.chance(0.7) ? [fromRule(rng, r)] : [],
    alertEarly: true,
  };
};

/** Pings from the internet: answered, or dropped by the ICMP rule. */
export const pingIn: Scenario = (rng, { topo }) => {
  const blocked = rng.chance(0.4);
  const n = rng.int(1, 4);
  const clientTtl = remoteTtl(rng);
  const serverTtl = localTtl(rng);
  return {
    proto: 'ICMP',
    src: rng.chance(0.5)
      ? topo.scanners[rng.int(0, topo.scanners.length - 1)]!
      : topo.internetClients[rng.int(0, 400)]!,
    dest: topo.webServers[rng.int(0, topo.webServers.length - 1)]!,
    req: { pkts: n, bytes: n * 84, minTtl: clientTtl[0], maxTtl: clientTtl[1], icmpType: 8, icmpCode: 0 },
    rep: blocked
      ? undefined
      : { pkts: n, bytes: n * 84, minTtl: serverTtl[0], maxTtl: serverTtl[1], icmpType: 0, icmpCode: 0 },
    durationUs: (n - 1) * 1_000_000 + rng.int(0, 30_000),
    closed: false,
    alerts: blocked ? [fromRule(rng, DENY_ICMP_INBOUND)] : [],
    alertEarly: true,
  };
};

/** ICMP destination-unreachable from an internet router: one-way. */
export const icmpUnreachable: Scenario = (rng, { topo }) => {
  const ttl = remoteTtl(rng);
  return {
    proto: 'ICMP',
    src: topo.internetClients[rng.int(0, topo.internetClients.length - 1)]!,
    dest: topo.webServers[rng.int(0, topo.webServers.length - 1)]!,
    req: {
      pkts: 1,
      bytes: rng.pick([56, 70, 576]),
      minTtl: ttl[0],
      maxTtl: ttl[1],
      icmpType: 3,
      icmpCode: rng.pick([1, 3, 3, 13]),
    },
    durationUs: 0,
    closed: false,
    alerts: [],
  };
};

export const httpsInV6: Scenario = (rng, { topo }) => {
  const repPayload = webResponseBytes(rng);
  return {
    proto: 'TCP',
    src: `2a02:${rng.int(0x1000, 0xffff).toString(16)}:${rng.int(1, 0xffff).toString(16)}::${rng.int(1, 0xffff).toString(16)}`,
    dest: topo.v6Clients[rng.int(0, 4)]!,
    srcPort: ephemeralPort(rng),
    destPort: 443,
    appProto: 'tls',
    ...tcpConversation({
      reqPayload: rng.int(500, 4000),
      repPayload,
      v6: true,
      clientTtl: remoteTtl(rng),
      serverTtl: localTtl(rng),
    }),
    durationUs: transferDurationUs(rng, repPayload),
    closed: true,
    alerts: rng.chance(0.02)
      ? [fromRule(rng, ESTABLISHED_ALERT, { tls: { sni: 'www.example.com', version: tlsVersion(rng) } })]
      : [],
  };
};
