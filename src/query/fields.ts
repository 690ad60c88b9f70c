/**
 * Field sets: which names a query may use, what SQL each stands for, and what "the whole record as
 * text" is (for bare words and bare regexes). Events and sessions have different field sets.
 */
import { type ColumnDef, EVENT_COLUMNS, META_COLUMNS } from '../schema/columns.ts';

export type FieldKind = 'string' | 'int' | 'bigint' | 'ubigint' | 'bool' | 'timestamp' | 'ip' | 'string[]';

export interface FieldDef {
  /** Name in the query language (lower case). */
  name: string;
  /** SQL expression (trusted: from code, never from users). */
  sqlExpr: string;
  kind: FieldKind;
  /**
   * For `ip` fields, both or neither (both enable CIDR and make address equality numeric): SQL of the
   * address as a 128-bit number (IPv4 a.b.c.d as ::ffff:a.b.c.d), split by where the number lies.
   * `ipV4Expr` (UBIGINT) holds numbers in ::ffff:0:0/96 and is null otherwise; `ipV6Expr` (UHUGEINT)
   * holds every other number and is null for IPv4 and IPv4-mapped addresses.
   */
  ipV4Expr?: string;
  ipV6Expr?: string;
  /** Free text: a plain or quoted value matches a phrase inside it (`columns.ts` `text`). */
  text?: boolean;
  /**
   * A field of other records, reached through a list of their ids (`sqlExpr`, kind `string[]`): a term
   * is compiled on `field` over the events that `where` selects, and matches when the list holds the
   * `idExpr` of one of the events it matches (`Dialect.holdsIdOfEvents`). Sessions match their joined
   * alerts' signatures this way, through `signature_ids`.
   */
  viaIds?: { field: FieldDef; idExpr: string; where: string };
  description?: string;
}

export interface FieldSet {
  fields: readonly FieldDef[];
  /** Short names: one field, or several (the term matches when any of them matches). */
  aliases: Readonly<Record<string, string | readonly string[]>>;
  /**
   * The whole record as text, searched by bare words, phrases and bare regexes: these expressions
   * joined by spaces (each dialect writes the join, `Dialect.concatText`).
   */
  textParts: ReadonlyArray<{ expr: string; kind: FieldKind }>;
  /** Lookup by field name (lower case). */
  byName: ReadonlyMap<string, FieldDef>;
}

export interface FieldSetSpec {
  fields: readonly FieldDef[];
  aliases?: Readonly<Record<string, string | readonly string[]>>;
  /** Fields joined into the record text; default: every field except booleans and timestamps. */
  textFields?: readonly string[];
  /** Extra columns appended to the record text (e.g. a residual JSON column). */
  textExtra?: readonly string[];
}

/** Build and check a field set (unique names, aliases pointing at known fields). */
export function buildFieldSet(spec: FieldSetSpec): FieldSet {
  const byName = new Map<string, FieldDef>();
  for (const f of spec.fields) {
    const name = f.name.toLowerCase();
    if (byName.has(name)) throw new Error(`duplicate field "${f.name}"`);
    byName.set(name, f);
  }
  const aliases: Record<string, string | readonly string[]> = {};
  for (const [alias, target] of Object.entries(spec.aliases ?? {})) {
    const targets = typeof target === 'string' ? [target] : target;
    for (const t of targets)
      if (!byName.has(t)) throw new Error(`alias "${alias}" names unknown field "${t}"`);
    if (byName.has(alias)) throw new Error(`alias "${alias}" hides a field`);
    aliases[alias.toLowerCase()] = target;
  }
  const names =
    spec.textFields ??
    spec.fields.filter((f) => f.kind !== 'bool' && f.kind !== 'timestamp').map((f) => f.name);
  const textParts = names.map((n) => {
    const f = byName.get(n);
    if (!f) throw new Error(`text field "${n}" is not a field`);
    return { expr: f.sqlExpr, kind: f.kind };
  });
  for (const extra of spec.textExtra ?? []) textParts.push({ expr: extra, kind: 'string' });
  return { fields: spec.fields, aliases, textParts, byName };
}

/**
 * Field definitions for the filterable columns of a column table; an `ip`-codec column gets the
 * numeric expressions of its `_v4` and `_v6` twins when the table has both.
 */
export function fieldsFromColumns(columns: readonly ColumnDef[]): FieldDef[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const out: FieldDef[] = [];
  for (const c of columns) {
    if (!c.filterable || c.ipNumber !== undefined || c.kind === 'uhugeint') continue;
    const isIp = c.codec === 'ip';
    const def: FieldDef = {
      name: c.name,
      sqlExpr: c.name,
      kind: isIp ? 'ip' : c.kind,
      description: c.description,
    };
    if (c.text) def.text = true;
    const v4 = byName.get(`${c.name}_v4`);
    const v6 = byName.get(`${c.name}_v6`);
    if (isIp && v4?.ipNumber === 'v4' && v6?.ipNumber === 'v6') {
      def.ipV4Expr = v4.name;
      def.ipV6Expr = v6.name;
    }
    out.push(def);
  }
  return out;
}

/** Short names for event fields. `port` and `ip` match either side of the flow. */
export const EVENT_ALIASES: Readonly<Record<string, string | readonly string[]>> = {
  action: 'alert_action',
  sid: 'alert_signature_id',
  signature: 'alert_signature',
  category: 'alert_category',
  severity: 'alert_severity',
  bytes: 'netflow_bytes',
  pkts: 'netflow_pkts',
  sni: 'tls_sni',
  hostname: 'http_hostname',
  host: 'http_hostname',
  url: 'http_url',
  method: 'http_method',
  status: 'http_status',
  ua: 'http_user_agent',
  ja3: 'tls_ja3_hash',
  type: 'log_type',
  firewall: 'firewall_name',
  az: 'availability_zone',
  verdict: 'verdict_action',
  time: 'ts',
  src: 'src_ip',
  dst: 'dest_ip',
  dest: 'dest_ip',
  ip: ['src_ip', 'dest_ip'],
  port: ['src_port', 'dest_port'],
};

const EVENT_FIELD_DEFS = fieldsFromColumns([...EVENT_COLUMNS, ...META_COLUMNS]);

/**
 * Left out of the record text: where a record came from, and bookkeeping numbers nobody looks for as
 * free text (epoch seconds, TTLs, ages, revisions, counters). Each is still a field (`netflow_age>60`);
 * leaving their number-to-text casts out makes a bare /regex/ over 10M records about 10% faster.
 */
const NOT_IN_TEXT = new Set([
  'origin',
  'event_timestamp',
  'netflow_age',
  'netflow_min_ttl',
  'netflow_max_ttl',
  'netflow_tx_cnt',
  'flow_age',
  'alert_rev',
  'alert_gid',
  'tx_id',
]);

/**
 * Event fields over the `events` table. The record text is the values of the string, IP, number and
 * category columns (not times or booleans), space-separated, then the residual JSON.
 */
export const EVENT_FIELDS: FieldSet = buildFieldSet({
  fields: EVENT_FIELD_DEFS,
  aliases: EVENT_ALIASES,
  textFields: EVENT_FIELD_DEFS.filter(
    (f) => f.kind !== 'bool' && f.kind !== 'timestamp' && !NOT_IN_TEXT.has(f.name),
  ).map((f) => f.name),
  textExtra: ['residual'],
});
