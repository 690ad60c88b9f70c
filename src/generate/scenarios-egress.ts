/** Outbound traffic through `egress-fw`: VPC and office clients to the internet. */
import type { FlowDraft, Scenario } from './draft.ts';
import type { Rng } from './prng.ts';
import {
  ALLOWED_DOMAINS,
  BLOCKED_DOMAINS,
  DNS_RULES,
  domainListRule,
  ESTABLISHED_ALERT,
  fromRule,
  httpInfo,
  SSH_OUTBOUND,
  TLS_TO_GITHUB,
  TLS_TO_S3,
  tlsVersion,
  USER_AGENTS,
} from './signatures.ts';
import type { Topology } from './topology.ts';
import { publicIpv4 } from './topology.ts';
import {
  ACK,
  downloadBytes,
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

function client(rng: Rng, topo: Topology): string {
  return rng.chance(0.75)
    ? topo.clients[rng.skewedIndex(topo.clients.length, 2)]!
    : topo.officeClients[rng.skewedIndex(topo.officeClients.length)]!;
}

export const httpsOut: Scenario = (rng, { topo }) => {
  const heavy = rng.chance(0.55) ? topo.heavy[rng.skewedIndex(topo.heavy.length, 1.6)]! : undefined;
  const dest = heavy?.ip ?? publicIpv4(rng);
  const sni = heavy?.sni ?? rng.pick(ALLOWED_DOMAINS);
  const repPayload = webResponseBytes(rng, heavy ? Math.sqrt(heavy.scale) : 1);
  const t = tcpConversation({
    reqPayload: Math.round(rng.lognormal(1800, 0.8)),
    repPayload,
    clientTtl: localTtl(rng),
    serverTtl: remoteTtl(rng),
    reqExtraFlags: rng.chance(0.08) ? RST : 0,
  });
  const flow: FlowDraft = {
    proto: 'TCP',
    src: client(rng, topo),
    dest,
    srcPort: ephemeralPort(rng),
    destPort: 443,
    appProto: rng.chance(0.996) ? 'tls' : 'failed',
    ...t,
    durationUs: transferDurationUs(rng, repPayload, 300),
    closed: true,
    alerts: [],
  };
  if (flow.appProto === 'failed') return flow;
  const r = rng.next();
  const tls = { sni, version: tlsVersion(rng) };
  if (sni === 'github.com' && r < 0.3) flow.alerts.push(fromRule(rng, TLS_TO_GITHUB, { tls }));
  else if (sni === 's3.amazonaws.com' && r < 0.2) flow.alerts.push(fromRule(rng, TLS_TO_S3, { tls }));
  else if (r < 0.14) flow.alerts.push(fromRule(rng, domainListRule(rng, 'allowed'), { tls }));
  else if (r < 0.4) flow.alerts.push(fromRule(rng, ESTABLISHED_ALERT, { tls }));
  return flow;
};

/** TLS to a denied domain: the ClientHello is dropped, the server only answers the handshake. */
export const blockedTls: Scenario = (rng, { topo }) => {
  const [sni, category] = rng.pick(BLOCKED_DOMAINS);
  const clientTtl = localTtl(rng);
  const serverTtl = remoteTtl(rng);
  const reqPkts = rng.int(3, 6);
  const repPkts = rng.int(1, 2);
  const alert = fromRule(rng, domainListRule(rng, 'blocked'), { tls: { sni, version: tlsVersion(rng) } });
  if (category && rng.chance(0.6)) alert.awsCategory = category;
  const alerts = [alert];
  if (rng.chance(0.25)) alerts.push({ ...alert });
  return {
    proto: 'TCP',
    src: client(rng, topo),
    dest: publicIpv4(rng),
    srcPort: ephemeralPort(rng),
    destPort: 443,
    appProto: 'tls',
    req: {
      pkts: reqPkts,
      bytes: reqPkts * 52 + rng.int(230, 560),
      minTtl: clientTtl[0],
      maxTtl: clientTtl[1],
      flags: SYN | ACK | PSH,
    },
    rep: { pkts: repPkts, bytes: repPkts * 60, minTtl: serverTtl[0], maxTtl: serverTtl[1], flags: SYN | ACK },
    durationUs: rng.int(20_000, 30_000_000),
    closed: false,
    alerts,
    alertEarly: true,
  };
};

export const httpOut: Scenario = (rng, { topo }) => {
  const apt = rng.chance(0.4);
  const dest = apt ? '91.189.91.81' : publicIpv4(rng);
  const [ua, uaRule] = apt ? USER_AGENTS[5]! : rng.pick(USER_AGENTS);
  const repPayload = apt ? webResponseBytes(rng, 8) : webResponseBytes(rng, 0.5);
  const t = tcpConversation({
    reqPayload: rng.int(180, 900),
    repPayload,
    clientTtl: localTtl(rng),
    serverTtl: remoteTtl(rng),
  });
  const host = apt ? 'archive.ubuntu.com' : dest;
  const alerts =
    uaRule && rng.chance(0.5) ? [fromRule(rng, uaRule, { http: httpInfo(rng, host, ua, 0) })] : [];
  return {
    proto: 'TCP',
    src: client(rng, topo),
    dest,
    srcPort: ephemeralPort(rng),
    destPort: 80,
    appProto: 'http',
    ...t,
    durationUs: transferDurationUs(rng, repPayload),
    closed: true,
    alerts,
  };
};

export const dnsOut: Scenario = (rng, { topo }) => {
  const answered = rng.chance(0.96);
  const u = udpExchange(
    rng,
    rng.int(30, 70),
    answered ? rng.int(60, 400) : undefined,
    localTtl(rng),
    remoteTtl(rng),
  );
  return {
    proto: 'UDP',
    src: client(rng, topo),
    dest: rng.pick(['8.8.8.8', '8.8.4.4', '1.1.1.1', '1.0.0.1']),
    srcPort: ephemeralPort(rng),
    destPort: 53,
    appProto: 'dns',
    ...u,
    durationUs: answered ? rng.int(2_000, 90_000) : 0,
    closed: false,
    alerts: rng.chance(0.08) ? [fromRule(rng, rng.pick(DNS_RULES))] : [],
  };
};

/** Bulk transfers from the heavy destinations (object stores, package mirrors, CDNs). */
export const download: Scenario = (rng, { topo }) => {
  const heavy = topo.heavy[rng.skewedIndex(topo.heavy.length, 1.3)]!;
  const upload = heavy.sni === 's3.amazonaws.com' && rng.chance(0.25);
  const big = downloadBytes(rng, heavy.scale / 4);
  const small = Math.round(rng.lognormal(2500, 0.7));
  const t = tcpConversation({
    reqPayload: upload ? big : small,
    repPayload: upload ? small : big,
    clientTtl: localTtl(rng),
    serverTtl: remoteTtl(rng),
  });
  return {
    proto: 'TCP',
    src: topo.clients[rng.skewedIndex(topo.clients.length, 3)]!,
    dest: heavy.ip,
    srcPort: ephemeralPort(rng),
    destPort: heavy.port,
    appProto: heavy.port === 80 ? 'http' : 'tls',
    ...t,
    durationUs: transferDurationUs(rng, big, 500),
    closed: true,
    alerts: [],
  };
};

export const sshOut: Scenario = (rng, { topo }) => {
  const repPayload = Math.round(rng.lognormal(40_000, 1.8));
  const t = tcpConversation({
    reqPayload: Math.round(rng.lognormal(8_000, 1.5)),
    repPayload,
    clientTtl: localTtl(rng),
    serverTtl: remoteTtl(rng),
  });
  const alerts = rng.chance(0.3) ? [fromRule(rng, SSH_OUTBOUND)] : [];
  return {
    proto: 'TCP',
    src: client(rng, topo),
    dest: rng.chance(0.6) ? '140.82.112.4' : publicIpv4(rng),
    srcPort: ephemeralPort(rng),
    destPort: 22,
    appProto: 'ssh',
    ...t,
    durationUs: Math.round(rng.lognormal(20e6, 1.5)),
    closed: true,
    alerts,
  };
};

export const ntpOut: Scenario = (rng, { topo }) => ({
  proto: 'UDP',
  src: topo.clients[rng.int(0, topo.clients.length - 1)]!,
  dest: rng.pick(['169.254.169.123', '129.6.15.28', '162.159.200.1']),
  srcPort: 123,
  destPort: 123,
  appProto: 'ntp',
  ...udpExchange(rng, 48, 48, localTtl(rng), remoteTtl(rng)),
  durationUs: rng.int(1_000, 40_000),
  closed: false,
  alerts: [],
});

/** UDP to a port nothing listens on: no reply. */
export const udpNoReply: Scenario = (rng, { topo }) => ({
  proto: 'UDP',
  src: client(rng, topo),
  dest: publicIpv4(rng),
  srcPort: ephemeralPort(rng),
  destPort: rng.pick([443, 3478, 19302, 51820, 8125, rng.int(1024, 65535)]),
  ...udpExchange(rng, rng.int(20, 1200), undefined, localTtl(rng), remoteTtl(rng)),
  durationUs: rng.int(0, 3_000_000),
  closed: false,
  alerts: [],
});

/** Connection attempt to an unreachable service: SYNs, no answer. */
export const synNoReply: Scenario = (rng, { topo }) => ({
  proto: 'TCP',
  src: client(rng, topo),
  dest: publicIpv4(rng),
  srcPort: ephemeralPort(rng),
  destPort: rng.pick([443, 8443, 9443, 5222]),
  req: synOnly(rng, localTtl(rng)),
  durationUs: rng.int(0, 7_000_000),
  closed: false,
  alerts: [],
});
