/** The columns the last level of a report lists: a session's or an event record's. */
import { SESSION_COLUMNS } from '../sessions/types.ts';

/** Session columns the report leaves out of its last level (kind, TCP flags and bookkeeping). */
const NOT_LISTED = new Set([
  'kind',
  'tcp_flags_to_server',
  'tcp_flags_to_client',
  'ts',
  'last_ts',
  'records',
]);

/** Columns listed at the last level: the session columns in their display order, less the above. */
export const SESSION_LIST_COLUMNS: readonly string[] = SESSION_COLUMNS.filter((c) => !NOT_LISTED.has(c));

export const RECORD_LIST_COLUMNS = [
  'id',
  'ts',
  'log_type',
  'firewall_name',
  'availability_zone',
  'flow_id',
  'src_ip',
  'src_port',
  'dest_ip',
  'dest_port',
  'proto',
  'app_proto',
  'alert_action',
  'alert_signature_id',
  'alert_signature',
  'tls_sni',
  'http_hostname',
  'netflow_pkts',
  'netflow_bytes',
] as const;
