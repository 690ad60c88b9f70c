/** Renders flow drafts to the exact JSON text NFW writes for flow (netflow) and alert records. */
import type { AlertDraft, FlowDraft, Half } from './draft.ts';
import { epochSeconds, eveTime } from './time-format.ts';

const FLAG_NAMES = ['fin', 'syn', 'rst', 'psh', 'ack', 'urg', 'ecn', 'cwr'] as const;
/** Order in which Suricata writes the booleans. */
const FLAG_ORDER = [1, 0, 2, 3, 4, 5, 6, 7];

const TCP_OBJECTS: Record<string, string | boolean>[] = [];
for (let bits = 0; bits < 256; bits++) {
  const o: Record<string, string | boolean> = { tcp_flags: bits.toString(16).padStart(2, '0') };
  for (const i of FLAG_ORDER) if (bits & (1 << i)) o[FLAG_NAMES[i]!] = true;
  TCP_OBJECTS.push(o);
}

/** The `tcp` object for a flag byte: hex string plus only the true booleans. */
export function tcpObject(bits: number): Record<string, string | boolean> {
  return TCP_OBJECTS[bits & 0xff]!;
}

/** Where and when a flow was seen. */
export interface FlowPlacement {
  firewall: string;
  az: string;
  flowId: number;
  startUs: number;
  endUs: number;
}

/** One netflow record; `reply` renders the responder→initiator half with src/dest swapped. */
export function renderNetflow(p: FlowPlacement, d: FlowDraft, reply: boolean, tsUs: number): string {
  const h: Half = reply ? d.rep! : d.req;
  const event = {
    timestamp: eveTime(tsUs),
    flow_id: p.flowId,
    event_type: 'netflow',
    src_ip: reply ? d.dest : d.src,
    src_port: reply ? d.destPort : d.srcPort,
    dest_ip: reply ? d.src : d.dest,
    dest_port: reply ? d.srcPort : d.destPort,
    proto: d.proto,
    icmp_type: h.icmpType,
    icmp_code: h.icmpCode,
    app_proto: d.appProto,
    tls_inspected: d.tlsInspected,
    netflow: {
      pkts: h.pkts,
      bytes: h.bytes,
      start: eveTime(p.startUs),
      end: eveTime(p.endUs),
      age: epochSeconds(p.endUs) - epochSeconds(p.startUs),
      min_ttl: h.minTtl,
      max_ttl: h.maxTtl,
    },
    tcp: h.flags === undefined ? undefined : tcpObject(h.flags),
  };
  return JSON.stringify({
    firewall_name: p.firewall,
    availability_zone: p.az,
    event_timestamp: String(epochSeconds(tsUs)),
    event,
  });
}

/** One alert record on the request direction of the flow. `modern` engines add verdict, pkt_src, direction. */
export function renderAlert(
  p: FlowPlacement,
  d: FlowDraft,
  a: AlertDraft,
  tsUs: number,
  modern: boolean,
): string {
  const l7 = d.appProto === 'tls' || d.appProto === 'http';
  const event = {
    timestamp: eveTime(tsUs),
    flow_id: p.flowId,
    event_type: 'alert',
    src_ip: d.src,
    src_port: d.srcPort,
    dest_ip: d.dest,
    dest_port: d.destPort,
    proto: d.proto,
    icmp_type: d.req.icmpType,
    icmp_code: d.req.icmpCode,
    app_proto: d.appProto,
    tx_id: l7 && (a.tls || a.http) ? 0 : undefined,
    tx_guessed: modern && a.sid === 4 && a.tls ? true : undefined,
    alert: {
      action: a.action,
      signature_id: a.sid,
      rev: a.rev,
      signature: a.signature,
      category: a.category,
      severity: a.severity,
    },
    verdict: modern ? { action: a.verdict } : undefined,
    tls: a.tls,
    http: a.http,
    aws_category: a.awsCategory ? JSON.stringify(a.awsCategory) : undefined,
    tls_inspected: d.tlsInspected,
    pkt_src: modern ? 'geneve encapsulation' : undefined,
    direction: modern ? 'to_server' : undefined,
  };
  return JSON.stringify({
    firewall_name: p.firewall,
    availability_zone: p.az,
    event_timestamp: String(epochSeconds(tsUs)),
    event,
  });
}
