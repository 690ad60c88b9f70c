/** The session fields of the query language (`nfwlens sessions --filter`, the sessions API and UI). */
import { buildFieldSet, type FieldDef, type FieldKind, type FieldSet } from '../query/index.ts';

function f(name: string, kind: FieldKind, description: string, extra: Partial<FieldDef> = {}): FieldDef {
  return {
    name,
    sqlExpr: name === 'start' || name === 'end' ? `"${name}"` : name,
    kind,
    description,
    ...extra,
  };
}

const FIELDS: readonly FieldDef[] = [
  f('kind', 'string', 'netflow (paired halves) | flow (Suricata bidirectional flow event)'),
  f('firewall_name', 'string', 'Firewall name'),
  f('availability_zone', 'string', 'AZ of the endpoint'),
  f('flow_id', 'ubigint', 'Suricata flow id'),
  f('start', 'timestamp', 'First packet of the flow'),
  f('end', 'timestamp', 'Last packet of the flow'),
  f('age', 'bigint', 'Flow age, s'),
  f('client_ip', 'ip', 'Source of the request half', {
    ipV4Expr: 'client_ip_v4',
    ipV6Expr: 'client_ip_v6',
  }),
  f('client_port', 'int', 'Source port of the request half'),
  f('server_ip', 'ip', 'Destination of the request half', {
    ipV4Expr: 'server_ip_v4',
    ipV6Expr: 'server_ip_v6',
  }),
  f('server_port', 'int', 'Destination port of the request half'),
  f('proto', 'string', 'IP protocol name'),
  f('app_proto', 'string', 'Application protocol (unknown when neither half names one)'),
  f('pkts_to_server', 'bigint', 'Packets client -> server'),
  f('bytes_to_server', 'bigint', 'Bytes client -> server'),
  f('pkts_to_client', 'bigint', 'Packets server -> client'),
  f('bytes_to_client', 'bigint', 'Bytes server -> client'),
  f('total_bytes', 'bigint', 'Bytes both ways'),
  f('paired', 'bool', 'Both halves seen'),
  f('tcp_flags_to_server', 'string', 'TCP flags of the request half, hex'),
  f('tcp_flags_to_client', 'string', 'TCP flags of the reply half, hex'),
  f('alert_count', 'int', 'Alerts joined to the session'),
  f('alert_action', 'string', 'blocked if any joined alert blocked, else allowed; absent without alerts'),
  f('signature_ids', 'string[]', 'Rule sids of the joined alerts', {
    sqlExpr: 'CAST(signature_ids AS VARCHAR[])',
  }),
  f('request_id', 'bigint', 'Event id of the request half'),
  f('reply_id', 'bigint', 'Event id of the reply half'),
  f('ts', 'timestamp', 'Event time of the request half'),
];

/** Session fields; `ip`/`port` match either side, like the event aliases. */
export const SESSION_FIELDS: FieldSet = buildFieldSet({
  fields: FIELDS,
  aliases: {
    firewall: 'firewall_name',
    az: 'availability_zone',
    client: 'client_ip',
    server: 'server_ip',
    src: 'client_ip',
    dst: 'server_ip',
    dest: 'server_ip',
    ip: ['client_ip', 'server_ip'],
    port: ['client_port', 'server_port'],
    bytes: 'total_bytes',
    action: 'alert_action',
    sid: 'signature_ids',
    app: 'app_proto',
    time: 'start',
  },
  textFields: [
    'firewall_name',
    'availability_zone',
    'client_ip',
    'server_ip',
    'proto',
    'app_proto',
    'alert_action',
  ],
});
