/** The built-in reports, as data. Names and output columns are stable: other tools rely on them. */
import type { ReportDef } from './types.ts';

const SESSION_VALUES = ['sessions', 'bytes_to_server', 'bytes_to_client', 'total_bytes', 'packets'] as const;

export const REPORTS: readonly ReportDef[] = [
  {
    name: 'hourly-actions',
    title: 'Alerts per hour, allowed and blocked',
    description: 'Alert records per hour split by action; drill into an hour for the blocked traffic',
    source: 'events',
    where: "log_type = 'alert'",
    by: 'hour',
    values: ['allowed', 'blocked', 'total'],
    measure: 'total',
    drill: ['dest_ip', 'src_ip', 'dest_port', 'signature_id'],
    drillValues: ['records'],
    drillMeasure: 'records',
    drillDefaults: [{ field: 'alert_action', value: 'blocked' }],
  },
  {
    name: 'top-destinations',
    title: 'Top destinations by traffic',
    description: 'Sessions grouped by destination (server) address, ranked by bytes both ways',
    source: 'sessions',
    by: 'dest_ip',
    values: SESSION_VALUES,
    measure: 'total_bytes',
    drill: ['client_ip', 'app_proto', 'server_port'],
  },
  {
    name: 'protocols',
    title: 'Application protocols',
    description: 'Sessions grouped by application protocol, ranked by bytes both ways',
    source: 'sessions',
    by: 'app_proto',
    values: ['sessions', 'bytes_to_server', 'bytes_to_client', 'total_bytes'],
    measure: 'total_bytes',
    drill: ['server_ip', 'client_ip'],
  },
  {
    name: 'top-sources',
    title: 'Top sources by traffic',
    description: 'Sessions grouped by source (client) address, ranked by bytes both ways',
    source: 'sessions',
    by: 'src_ip',
    values: SESSION_VALUES,
    measure: 'total_bytes',
    drill: ['server_ip', 'app_proto', 'server_port'],
  },
  {
    name: 'top-ports',
    title: 'Top destination ports',
    description: 'Sessions grouped by destination port and IP protocol, ranked by session count',
    source: 'sessions',
    by: 'dest_port,proto',
    values: SESSION_VALUES,
    measure: 'sessions',
    drill: ['server_ip', 'client_ip', 'app_proto'],
  },
  {
    name: 'top-signatures',
    title: 'Top alert signatures',
    description: 'Alert records grouped by rule sid and message, with the allowed/blocked split',
    source: 'events',
    where: "log_type = 'alert'",
    by: 'signature_id,signature',
    values: ['allowed', 'blocked', 'total'],
    measure: 'total',
    drill: ['src_ip', 'dest_ip', 'dest_port'],
  },
  {
    name: 'blocked-sources',
    title: 'Blocked sources',
    description: 'Source addresses of blocked alerts, with how many destinations and rules they hit',
    source: 'events',
    where: "log_type = 'alert' AND alert_action = 'blocked'",
    by: 'src_ip',
    values: ['blocked', 'destinations', 'signatures'],
    measure: 'blocked',
    drill: ['dest_ip', 'dest_port', 'signature_id'],
  },
  {
    name: 'top-sni',
    title: 'Top server names (TLS SNI, HTTP host)',
    description: 'Records naming a server (TLS SNI, or HTTP hostname), grouped by that name',
    source: 'events',
    where: '(tls_sni IS NOT NULL OR http_hostname IS NOT NULL)',
    by: 'server_name',
    // No distinct count of sources here: it doubles the time on large stores (drill in for them).
    values: ['records', 'allowed', 'blocked'],
    measure: 'records',
    drill: ['src_ip', 'dest_ip', 'log_type'],
  },
  {
    name: 'firewalls',
    title: 'Firewalls and availability zones',
    description: 'Records, alerts and blocks per firewall endpoint, with its latest record',
    source: 'events',
    by: 'firewall_name,availability_zone',
    values: ['records', 'alerts', 'blocked', 'last_seen'],
    measure: 'records',
    drill: ['log_type', 'src_ip', 'dest_ip'],
  },
];

const byName = new Map(REPORTS.map((r) => [r.name, r]));

export function reportByName(name: string): ReportDef | undefined {
  return byName.get(name);
}
