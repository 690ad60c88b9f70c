/** Records of the TLS log type (TLS-inspection errors and revocation checks), in their own non-EVE shape. */
import type { Rng } from './prng.ts';
import { ALLOWED_DOMAINS } from './signatures.ts';
import { epochSeconds, tlsTime } from './time-format.ts';
import type { FirewallProfile, Topology } from './topology.ts';
import { publicIpv4 } from './topology.ts';
import { ephemeralPort } from './traffic.ts';

const CERT_NAMES = [
  '*.cloudfront.net',
  'cloudfront.net',
  '*.amazonaws.com',
  'www.example.org',
  '*.akamaized.net',
];

function errorFor(rng: Rng, sni: string): { sni: string; tls_error: { error_message: string } } {
  if (rng.chance(0.45))
    return { sni: '-', tls_error: { error_message: 'Server name is not found in client hello.' } };
  const names = Array.from({ length: rng.int(1, 3) }, () => rng.pick(CERT_NAMES)).join('/');
  return {
    sni,
    tls_error: { error_message: `SNI: ${sni} Match Failed to server certificate names: ${names} ` },
  };
}

export function renderTlsLog(
  rng: Rng,
  topo: Topology,
  fw: FirewallProfile,
  az: string,
  tsUs: number,
): string {
  const internal = fw.role === 'inspection';
  const src = internal
    ? topo.officeClients[rng.skewedIndex(topo.officeClients.length)]!
    : topo.clients[rng.skewedIndex(topo.clients.length)]!;
  const dest = internal ? topo.appServers[rng.int(0, topo.appServers.length - 1)]! : publicIpv4(rng);
  const sni = rng.chance(0.05) ? 'spoofedsni.com' : rng.pick(ALLOWED_DOMAINS);
  const base = {
    timestamp: tlsTime(tsUs),
    src_ip: src,
    src_port: String(ephemeralPort(rng)),
    dest_ip: dest,
    dest_port: internal && rng.chance(0.3) ? '8443' : '443',
  };
  const event = rng.chance(0.7)
    ? { ...base, ...errorFor(rng, sni) }
    : {
        ...base,
        sni,
        revocation_check: {
          leaf_cert_fpr: rng.hex(40).toUpperCase(),
          status: rng.chance(0.7) ? 'REVOKED' : 'UNKNOWN',
          action: rng.weighted([
            ['DROP', 6],
            ['REJECT', 2],
            ['PASS', 2],
          ] as const),
        },
      };
  return JSON.stringify({
    firewall_name: fw.name,
    availability_zone: az,
    event_timestamp: epochSeconds(tsUs),
    event,
  });
}
