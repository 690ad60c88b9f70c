/**
 * The two sources of report rows. Flow figures are always per session (the `sessions` table: a
 * paired flow counts once, with both directions' bytes); alert and TLS figures come from event records.
 */
import { EVENT_FIELDS, type FieldKind } from '../query/index.ts';
import { SESSION_FIELDS } from '../sessions/index.ts';
import type { KeyDim, SourceDef, SourceName, ValueColumn } from './types.ts';

function key(name: string, expr: string, kind: FieldKind): KeyDim {
  return { name, expr, kind };
}

const count = (name: string, description: string): ValueColumn => ({
  name,
  agg: { fn: 'count' },
  description,
});
const sum = (name: string, expr: string, description: string): ValueColumn => ({
  name,
  agg: { fn: 'sum', expr },
  unit: 'bytes',
  description,
});
const countIf = (name: string, cond: string, description: string): ValueColumn => ({
  name,
  agg: { fn: 'count_if', cond },
  description,
});
const distinct = (name: string, expr: string, description: string): ValueColumn => ({
  name,
  agg: { fn: 'count_distinct', expr },
  description,
});

function byName(columns: readonly ValueColumn[]): Record<string, ValueColumn> {
  return Object.fromEntries(columns.map((c) => [c.name, c]));
}

export const SESSIONS_SOURCE: SourceDef = {
  name: 'sessions',
  table: 'sessions',
  timeExpr: '"start"',
  fields: SESSION_FIELDS,
  dims: {
    // The reports speak of destinations and sources; on a session they are its server and client.
    dest_ip: key('dest_ip', 'server_ip', 'ip'),
    src_ip: key('src_ip', 'client_ip', 'ip'),
    dest_port: key('dest_port', 'server_port', 'int'),
    src_port: key('src_port', 'client_port', 'int'),
  },
  defaultDrill: ['server_ip', 'client_ip', 'server_port', 'app_proto', 'proto', 'firewall_name'],
  measures: byName([
    count('sessions', 'Sessions (a paired flow counts once)'),
    sum('bytes_to_server', 'bytes_to_server', 'Bytes client -> server'),
    sum('bytes_to_client', 'bytes_to_client', 'Bytes server -> client'),
    sum('total_bytes', 'total_bytes', 'Bytes both ways'),
    {
      name: 'packets',
      agg: { fn: 'sum', expr: 'pkts_to_server + pkts_to_client' },
      description: 'Packets both ways',
    },
    countIf('blocked', "alert_action = 'blocked'", 'Sessions with a blocking alert'),
    distinct('clients', 'client_ip', 'Distinct client addresses'),
    distinct('servers', 'server_ip', 'Distinct server addresses'),
  ]),
  leaf: 'sessions',
};

export const EVENTS_SOURCE: SourceDef = {
  name: 'events',
  table: 'events',
  timeExpr: 'ts',
  fields: EVENT_FIELDS,
  dims: {
    signature_id: key('signature_id', 'alert_signature_id', 'bigint'),
    signature: key('signature', 'alert_signature', 'string'),
    // TLS SNI, or the HTTP host when there is no SNI.
    server_name: key('server_name', 'coalesce(tls_sni, http_hostname)', 'string'),
  },
  defaultDrill: [
    'log_type',
    'src_ip',
    'dest_ip',
    'dest_port',
    'app_proto',
    'alert_action',
    'alert_signature_id',
  ],
  measures: byName([
    count('records', 'Records'),
    countIf('allowed', "alert_action = 'allowed'", 'Alert records with action allowed'),
    countIf('blocked', "alert_action = 'blocked'", 'Alert records with action blocked'),
    count('total', 'Records (any action)'),
    countIf('alerts', "log_type = 'alert'", 'Alert records'),
    distinct('sources', 'src_ip', 'Distinct source addresses'),
    distinct('destinations', 'dest_ip', 'Distinct destination addresses'),
    distinct('signatures', 'alert_signature_id', 'Distinct rule sids'),
    { name: 'last_seen', agg: { fn: 'max', expr: 'ts' }, unit: 'time', description: 'Latest record' },
  ]),
  leaf: 'records',
};

export const SOURCES: Readonly<Record<SourceName, SourceDef>> = {
  sessions: SESSIONS_SOURCE,
  events: EVENTS_SOURCE,
};

/** The generic form's source: `records` counts event records; every other measure is per session. */
export function sourceOfMeasure(measure: string): SourceDef | undefined {
  if (measure === 'records') return EVENTS_SOURCE;
  return Object.hasOwn(SESSIONS_SOURCE.measures, measure) ? SESSIONS_SOURCE : undefined;
}

/** Measures of the generic form (`--measure`). */
export const GENERIC_MEASURES = [
  'records',
  'sessions',
  'total_bytes',
  'bytes_to_server',
  'bytes_to_client',
  'packets',
];
