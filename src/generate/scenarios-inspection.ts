/** East-west traffic through `inspection-fw`: office and app tiers to internal services, IPv6. */
import type { Scenario } from './draft.ts';
import {
  BLOCK_RDP_SMB,
  ESTABLISHED_ALERT,
  fromRule,
  httpInfo,
  INTERNAL_DB,
  tlsVersion,
  USER_AGENTS,
} from './signatures.ts';
import {
  ephemeralPort,
  localTtl,
  synOnly,
  tcpConversation,
  transferDurationUs,
  udpExchange,
  webResponseBytes,
} from './traffic.ts';

const INTERNAL_SNI = [
  'api.internal.example.com',
  'auth.internal.example.com',
  'grafana.internal.example.com',
  'vault.internal.example.com',
];

export const internalHttps: Scenario = (rng, { topo }) => {
  const repPayload = webResponseBytes(rng, 0.6);
  const inspected = rng.chance(0.35);
  return {
    proto: 'TCP',
    src: rng.chance(0.6)
      ? topo.officeClients[rng.skewedIndex(topo.officeClients.length)]!
      : topo.appServers[rng.int(0, topo.appServers.length - 1)]!,
    dest: topo.appServers[rng.skewedIndex(topo.appServers.length, 2)]!,
    srcPort: ephemeralPort(rng),
    destPort: rng.chance(0.8) ? 443 : 8443,
    appProto: 'tls',
    ...tcpConversation({
      reqPayload: Math.round(rng.lognormal(1500, 1)),
      repPayload,
      clientTtl: localTtl(rng),
      serverTtl: localTtl(rng),
    }),
    durationUs: transferDurationUs(rng, repPayload, 100),
    closed: true,
    tlsInspected: inspected || undefined,
    alerts: rng.chance(0.25)
      ? [fromRule(rng, ESTABLISHED_ALERT, { tls: { sni: rng.pick(INTERNAL_SNI), version: tlsVersion(rng) } })]
      : [],
  };
};

export const database: Scenario = (rng, { topo }) => {
  const repPayload = Math.round(rng.lognormal(6_000, 2));
  const port = rng.chance(0.7) ? 5432 : 3306;
  return {
    proto: 'TCP',
    src: topo.appServers[rng.skewedIndex(topo.appServers.length, 1.5)]!,
    dest: topo.dbServers[rng.skewedIndex(topo.dbServers.length, 1.5)]!,
    srcPort: ephemeralPort(rng),
    destPort: port,
    ...tcpConversation({
      reqPayload: Math.round(rng.lognormal(1_200, 1.5)),
      repPayload,
      clientTtl: localTtl(rng),
      serverTtl: localTtl(rng),
    }),
    durationUs: Math.round(rng.lognormal(2e6, 2)),
    closed: true,
    alerts: rng.chance(0.15) ? [fromRule(rng, INTERNAL_DB)] : [],
  };
};

export const sshInternal: Scenario = (rng, { topo }) => {
  const repPayload = Math.round(rng.lognormal(80_000, 2));
  return {
    proto: 'TCP',
    src: rng.pick(topo.bastions),
    dest: rng.chance(0.5)
      ? topo.appServers[rng.int(0, topo.appServers.length - 1)]!
      : topo.dbServers[rng.int(0, topo.dbServers.length - 1)]!,
    srcPort: ephemeralPort(rng),
    destPort: 22,
    appProto: 'ssh',
    ...tcpConversation({
      reqPayload: Math.round(rng.lognormal(12_000, 1.5)),
      repPayload,
      clientTtl: localTtl(rng),
      serverTtl: localTtl(rng),
    }),
    durationUs: Math.round(rng.lognormal(120e6, 1.5)),
    closed: true,
    alerts: [],
  };
};

export const httpInternal: Scenario = (rng, { topo }) => {
  const repPayload = Math.round(rng.lognormal(3_000, 1.5));
  const dest = topo.appServers[rng.skewedIndex(topo.appServers.length, 2)]!;
  const [ua] = rng.pick(USER_AGENTS);
  return {
    proto: 'TCP',
    src: topo.officeClients[rng.skewedIndex(topo.officeClients.length)]!,
    dest,
    srcPort: ephemeralPort(rng),
    destPort: rng.pick([80, 8080, 8080, 9090]),
    appProto: 'http',
    ...tcpConversation({
      reqPayload: rng.int(200, 1200),
      repPayload,
      clientTtl: localTtl(rng),
      serverTtl: localTtl(rng),
    }),
    durationUs: transferDurationUs(rng, repPayload, 50),
    closed: true,
    alerts: rng.chance(0.1) ? [fromRule(rng, ESTABLISHED_ALERT, { http: httpInfo(rng, dest, ua, 0) })] : [],
  };
};

export const dnsInternal: Scenario = (rng, { topo }) => ({
  proto: 'UDP',
  src: topo.officeClients[rng.int(0, topo.officeClients.length - 1)]!,
  dest: rng.pick(['10.0.0.2', '10.0.0.2', '10.0.4.53']),
  srcPort: ephemeralPort(rng),
  destPort: 53,
  appProto: 'dns',
  ...udpExchange(rng, rng.int(30, 70), rng.int(60, 300), localTtl(rng), localTtl(rng)),
  durationUs: rng.int(500, 20_000),
  closed: false,
  alerts: [],
});

/** Office hosts trying RDP/SMB into the server subnets: dropped at the SYN. */
export const blockedLateral: Scenario = (rng, { topo }) => ({
  proto: 'TCP',
  src: topo.officeClients[rng.int(0, topo.officeClients.length - 1)]!,
  dest: rng.chance(0.5)
    ? topo.dbServers[rng.int(0, topo.dbServers.length - 1)]!
    : topo.appServers[rng.int(0, topo.appServers.length - 1)]!,
  srcPort: ephemeralPort(rng),
  destPort: rng.pick([3389, 445, 445, 139]),
  req: synOnly(rng, localTtl(rng)),
  durationUs: rng.int(0, 3_000_000),
  closed: false,
  alerts: [fromRule(rng, BLOCK_RDP_SMB)],
  alertEarly: true,
});

export const httpsV6: Scenario = (rng, { topo }) => {
  const repPayload = webResponseBytes(rng);
  return {
    proto: 'TCP',
    src: topo.v6Clients[rng.skewedIndex(topo.v6Clients.length)]!,
    dest: rng.pick(topo.v6Servers),
    srcPort: ephemeralPort(rng),
    destPort: 443,
    appProto: 'tls',
    ...tcpConversation({
      reqPayload: rng.int(400, 3000),
      repPayload,
      v6: true,
      clientTtl: localTtl(rng),
      serverTtl: [rng.int(50, 60), rng.int(60, 64)],
    }),
    durationUs: transferDurationUs(rng, repPayload),
    closed: true,
    alerts: [],
  };
};

/** ICMPv6 echo between VPC hosts and the internet; ICMP has no ports. */
export const pingV6: Scenario = (rng, { topo }) => {
  const n = rng.int(1, 5);
  const answered = rng.chance(0.85);
  return {
    proto: 'IPv6-ICMP',
    src: topo.v6Clients[rng.int(0, topo.v6Clients.length - 1)]!,
    dest: rng.pick(topo.v6Servers),
    req: { pkts: n, bytes: n * 104, minTtl: 64, maxTtl: 64, icmpType: 128, icmpCode: 0 },
    rep: answered
      ? { pkts: n, bytes: n * 104, minTtl: 54, maxTtl: 58, icmpType: 129, icmpCode: 0 }
      : undefined,
    durationUs: (n - 1) * 1_000_000 + rng.int(0, 20_000),
    closed: false,
    alerts: [],
  };
};
