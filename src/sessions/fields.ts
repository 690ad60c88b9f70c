/** The session fields of the query language (`nfwlens sessions --filter`, the sessions API and UI). */
import { buildFieldSet, type FieldDef, type FieldKind, type FieldSet } from '../query/index.ts';
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

const FIELDS: readonly FieldDef[] = SESSION_COLUMN_TABLE.filter((c) => c.filterable).map(field);

/**
 * Session fields; `ip`/`port` match either side, like the event aliases. The search's names work
 * where their meaning carries over: `src_ip`/`src_port` are the client's side (the request's
 * source), `dest_ip`/`dest_port` the server's, `sid`/`alert_signature_id` the joined alerts' ids and
 * `action`/`alert_action` their verdict.
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
