/**
 * The intermediate description of one simulated flow, before it is rendered to NFW records:
 * its 5-tuple, both directions' counters, its duration and the alerts it raises.
 */
import type { Rng } from './prng.ts';
import type { FirewallProfile, Topology } from './topology.ts';

export type FlowProto = 'TCP' | 'UDP' | 'ICMP' | 'IPv6-ICMP';

/** Counters of one direction of a flow. */
export interface Half {
  pkts: number;
  bytes: number;
  minTtl: number;
  maxTtl: number;
  /** OR of the TCP flags seen in this direction (TCP only). */
  flags?: number;
  icmpType?: number;
  icmpCode?: number;
}

export interface HttpInfo {
  hostname: string;
  url: string;
  http_user_agent: string;
  http_method: string;
  protocol: string;
  length: number;
}

export interface AlertDraft {
  action: 'allowed' | 'blocked';
  sid: number;
  rev: number;
  signature: string;
  category: string;
  severity: number;
  /** Final verdict written by Suricata 7 engines. */
  verdict: 'pass' | 'alert' | 'drop';
  tls?: { sni: string; version: string };
  http?: HttpInfo;
  awsCategory?: readonly string[];
}

export interface FlowDraft {
  proto: FlowProto;
  src: string;
  dest: string;
  srcPort?: number;
  destPort?: number;
  appProto?: string;
  req: Half;
  /** Absent for one-way flows (no reply seen). */
  rep?: Half;
  durationUs: number;
  /** TCP FIN/RST seen: the flow is written soon after it ends. */
  closed: boolean;
  tlsInspected?: boolean;
  alerts: AlertDraft[];
  /** The alert fires on the first packets (blocked flows) rather than anywhere in the flow. */
  alertEarly?: boolean;
}

export interface ScenarioContext {
  topo: Topology;
  fw: FirewallProfile;
}

export type Scenario = (rng: Rng, ctx: ScenarioContext) => FlowDraft;
