/** The session fields of the query language (`nfwlens sessions --filter`, the sessions API and UI). */
import { buildFieldSet, EVENT_FIELDS, type FieldDef, type FieldKind, type FieldSet } from '../query/index.ts';
import { SESSION_COLUMN_TABLE, type SessionColumnDef } from '../schema/session-columns.ts';

/** The query-language kind of a session column: sids are matched as text, like the events' lists. */
const KIND: Record<Exclude<SessionColumnDef['kind'], 'uhugeint'>, FieldKind> = {
  string: 'string',
  int: 'int',
  bigint: 'bigint',
  ubigint: 'ubigint',
  bool: 'bool',
  timestamp: 'timestamp',
  ip: 'ip',
  'bigint[]': 'string[]',
};

/** The field of a filterable session column; an `ip` column compares numerically through its twins. */
function field(c: SessionColumnDef): FieldDef {
  if (c.kind === 'uhugeint') throw new Error(`session column ${c.name} is not filterable`);
  const def: FieldDef = {
    name: c.name,
    sqlExpr: c.name === 'start' || c.name === 'end' ? `"${c.name}"` : c.name,
    kind: KIND[c.kind],
    description: c.description,
  };

  if (c.kind === 'ip') {
    def.ipV4Expr = `${c.name}_v4`;
    def.ipV6Expr = `${c.name}_v6`;
  }
  return def;
}

/**
 * A field of the joined alerts (an event field), matched through the session's `signature_ids`: a
 * session matches when one of its alerts' signature ids is the id of an alert the term matches.
 * Exact while a signature id keeps one message (a rule's revision may reword it: then a session whose
 * alert carried the other wording of the same id matches too).
 */
function alertField(name: string): FieldDef {
  const event = EVENT_FIELDS.byName.get(name);
  if (!event) throw new Error(`no event field ${name}`);
  return {
    name,
    sqlExpr: 'signature_ids',
    kind: 'string[]',
    description: `${event.description ?? name}: of a joined alert`,
    viaIds: { field: event, idExpr: 'alert_signature_id', where: "log_type = 'alert'" },
  };
}

const FIELDS: readonly FieldDef[] = [
  ...SESSION_COLUMN_TABLE.filter((c) => c.filterable).map(field),
  alertField('alert_signature'),
  alertField('alert_category'),
];

/**
 * Session fields; `ip`/`port` match either side, like the event aliases. The search's names work
 * where their meaning carries over: `src_ip`/`src_port` are the client's side (the request's
 * source), `dest_ip`/`dest_port` the server's, `sid`/`alert_signature_id` the joined alerts' ids,
 * `signature`/`category` their texts and `action`/`alert_action` their verdict.
 */
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
    // The search's names, where their meaning carries over: the request's source is the client.
    src_ip: 'client_ip',
    dest_ip: 'server_ip',
    src_port: 'client_port',
    dest_port: 'server_port',
    alert_signature_id: 'signature_ids',
    signature_id: 'signature_ids',
    signature: 'alert_signature',
    category: 'alert_category',
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
