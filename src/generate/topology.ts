/**
 * The simulated network: three firewalls with their AZs and roles, and the address pools the
 * traffic scenarios draw from. Built once per run from the seed, so a seed always gives the same hosts.
 */
import { Rng } from './prng.ts';

export type FirewallRole = 'egress' | 'ingress' | 'inspection';

export interface FirewallProfile {
  name: string;
  role: FirewallRole;
  azs: readonly string[];
  /** Suricata 7 engines write `verdict` on alerts; older ones do not. */
  verdicts: boolean;
  /** Share of this firewall's records that are TLS-log records (0 when TLS inspection is off). */
  tlsLogShare: number;
}

export interface HeavyDestination {
  ip: string;
  sni: string;
  port: number;
  /** Typical response size multiplier (downloads from CDNs and object stores are large). */
  scale: number;
}

export interface Topology {
  firewalls: readonly FirewallProfile[];
  /** Egress clients (VPC workloads and office), most active first. */
  clients: readonly string[];
  officeClients: readonly string[];
  webServers: readonly string[];
  appServers: readonly string[];
  dbServers: readonly string[];
  bastions: readonly string[];
  scanners: readonly string[];
  internetClients: readonly string[];
  heavy: readonly HeavyDestination[];
  v6Clients: readonly string[];
  v6Servers: readonly string[];
}

export const HEAVY_DESTINATIONS: readonly HeavyDestination[] = [
  { ip: '52.216.152.182', sni: 's3.amazonaws.com', port: 443, scale: 40 },
  { ip: '140.82.112.3', sni: 'github.com', port: 443, scale: 6 },
  { ip: '151.101.1.69', sni: 'registry.npmjs.org', port: 443, scale: 12 },
  { ip: '142.250.72.14', sni: 'www.google.com', port: 443, scale: 2 },
  { ip: '13.107.42.14', sni: 'login.microsoftonline.com', port: 443, scale: 1 },
  { ip: '185.199.108.133', sni: 'objects.githubusercontent.com', port: 443, scale: 20 },
  { ip: '91.189.91.81', sni: 'archive.ubuntu.com', port: 80, scale: 30 },
  { ip: '104.16.132.229', sni: 'cdn.jsdelivr.net', port: 443, scale: 4 },
];

const SCANNER_NETS = [
  '45.129.33',
  '198.235.24',
  '167.94.138',
  '162.142.125',
  '71.6.199',
  '185.191.171',
  '89.248.165',
  '193.163.125',
  '205.210.31',
  '147.185.132',
];

/** First octets of well-known public address space (cloud providers, CDNs, ISPs). */
const PUBLIC_FIRST_OCTETS = [
  3, 13, 18, 20, 23, 34, 35, 44, 52, 54, 62, 77, 81, 94, 104, 142, 151, 176, 185, 203,
];

export function publicIpv4(rng: Rng): string {
  return `${rng.pick(PUBLIC_FIRST_OCTETS)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

function hex4(rng: Rng): string {
  return rng.int(1, 0xffff).toString(16);
}

/** VPC IPv6 (Amazon-provided 2600:1f18::/32 in us-east-1), compressed form. */
function vpcIpv6(rng: Rng): string {
  return `2600:1f18:${hex4(rng)}:${hex4(rng)}::${hex4(rng)}`;
}

const V6_SERVERS = [
  '2606:4700::6810:84e5',
  '2a00:1450:4001:82b::200e',
  '2620:1ec:c11::200',
  '2606:50c0:8000::154',
  '2a04:4e42::485',
];

function unique(rng: Rng, n: number, make: (r: Rng) => string): string[] {
  const seen = new Set<string>();
  while (seen.size < n) seen.add(make(rng));
  return [...seen];
}

export function buildTopology(seed: number, region: string): Topology {
  const rng = new Rng(seed, 'topology');
  const az = (letter: string): string => `${region}${letter}`;
  return {
    firewalls: [
      {
        name: 'egress-fw',
        role: 'egress',
        azs: [az('a'), az('b'), az('c')],
        verdicts: true,
        tlsLogShare: 0.04,
      },
      { name: 'ingress-fw', role: 'ingress', azs: [az('a'), az('b')], verdicts: false, tlsLogShare: 0 },
      {
        name: 'inspection-fw',
        role: 'inspection',
        azs: [az('a'), az('b'), az('c')],
        verdicts: true,
        tlsLogShare: 0.015,
      },
    ],
    clients: unique(rng, 320, (r) => `10.0.${r.int(0, 15)}.${r.int(10, 250)}`),
    officeClients: unique(rng, 120, (r) => `192.168.${r.int(1, 3)}.${r.int(20, 240)}`),
    webServers: unique(rng, 12, (r) => `10.0.1.${r.int(10, 60)}`),
    appServers: unique(rng, 24, (r) => `10.0.2.${r.int(10, 200)}`),
    dbServers: unique(rng, 6, (r) => `10.0.3.${r.int(10, 40)}`),
    bastions: ['192.168.10.5', '192.168.10.6'],
    scanners: unique(rng, 40, (r) => `${r.pick(SCANNER_NETS)}.${r.int(1, 254)}`),
    internetClients: unique(rng, 2000, publicIpv4),
    heavy: HEAVY_DESTINATIONS,
    v6Clients: unique(rng, 40, vpcIpv6),
    v6Servers: V6_SERVERS,
  };
}
