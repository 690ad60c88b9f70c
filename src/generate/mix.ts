/**
 * Which scenarios each firewall sees, and how the mix moves with the hour: user traffic follows
 * working hours, background (DNS, NTP, scanners) does not, and scan bursts multiply the scanners.
 */
import type { Scenario } from './draft.ts';
import * as eg from './scenarios-egress.ts';
import * as ing from './scenarios-ingress.ts';
import * as ins from './scenarios-inspection.ts';
import type { FirewallRole } from './topology.ts';

interface MixEntry {
  scenario: Scenario;
  weight: number;
  /** 'user' scales with the working-hours rhythm; 'background' stays flat. */
  kind: 'user' | 'background' | 'scan';
}

const MIXES: Record<FirewallRole, readonly MixEntry[]> = {
  egress: [
    { scenario: eg.httpsOut, weight: 44, kind: 'user' },
    { scenario: eg.blockedTls, weight: 3, kind: 'user' },
    { scenario: eg.httpOut, weight: 5, kind: 'user' },
    { scenario: eg.dnsOut, weight: 22, kind: 'background' },
    { scenario: eg.download, weight: 2.5, kind: 'user' },
    { scenario: eg.sshOut, weight: 1.5, kind: 'user' },
    { scenario: eg.ntpOut, weight: 2, kind: 'background' },
    { scenario: eg.udpNoReply, weight: 1.5, kind: 'background' },
    { scenario: eg.synNoReply, weight: 1, kind: 'background' },
    { scenario: ins.httpsV6, weight: 3, kind: 'user' },
    { scenario: ins.pingV6, weight: 0.5, kind: 'background' },
  ],
  ingress: [
    { scenario: ing.httpsIn, weight: 38, kind: 'user' },
    { scenario: ing.httpIn, weight: 6, kind: 'user' },
    { scenario: ing.synScan, weight: 9, kind: 'scan' },
    { scenario: ing.sshProbe, weight: 1.5, kind: 'scan' },
    { scenario: ing.udpProbe, weight: 3, kind: 'scan' },
    { scenario: ing.pingIn, weight: 2.5, kind: 'background' },
    { scenario: ing.icmpUnreachable, weight: 1, kind: 'background' },
    { scenario: ing.httpsInV6, weight: 3, kind: 'user' },
  ],
  inspection: [
    { scenario: ins.internalHttps, weight: 30, kind: 'user' },
    { scenario: ins.database, weight: 16, kind: 'background' },
    { scenario: ins.sshInternal, weight: 3, kind: 'user' },
    { scenario: ins.httpInternal, weight: 9, kind: 'user' },
    { scenario: ins.dnsInternal, weight: 12, kind: 'background' },
    { scenario: ins.blockedLateral, weight: 2.5, kind: 'user' },
    { scenario: ins.pingV6, weight: 1, kind: 'background' },
  ],
};

/**
 * Scenario weights for one firewall in one hour. `activity` is the working-hours rhythm (about
 * 0.25 at night, 1.25 at the peak); `burst` marks a scan-burst hour.
 */
export function scenarioWeights(
  role: FirewallRole,
  activity: number,
  burst: boolean,
): (readonly [Scenario, number])[] {
  return MIXES[role].map((e) => {
    const factor = e.kind === 'user' ? activity : e.kind === 'scan' ? (burst ? 9 : 1) : 0.7;
    return [e.scenario, e.weight * factor] as const;
  });
}
