/**
 * The top values of one field over a search's result (query + time range): a ranking of the
 * `events` table by that field, counted by the store's report reads, so both engines answer it with
 * the SQL they already write. Optionally only values starting with a prefix (any case), for
 * completion while typing. Counts are exact: every matching record is counted, none sampled.
 */
import {
  type Ast,
  compileQuery,
  EVENT_FIELDS,
  escapeRe2,
  type FieldDef,
  parseQuery,
  type Span,
} from '../query/index.ts';
import type { ReportQuery } from '../store/report-query.ts';
import type { Store } from '../store/store.ts';
import { buildFilter, SearchInputError, type SearchRange } from './index.ts';

export const MAX_VALUES_LIMIT = 100;
export const MAX_PREFIX_LENGTH = 1000;

export interface FieldValuesOptions extends SearchRange {
  /** A field name or an alias standing for one field (case-insensitive). */
  field: string;
  limit?: number;
  /** Only values whose text starts with this, ignoring case. */
  prefix?: string;
}

export type FieldValue = string | number | boolean;

export interface FieldValues {
  /** The field's name (an alias resolved). */
  field: string;
  /** The most frequent values, largest count first (ties by value); records without the field are left out. */
  values: { value: FieldValue; count: number }[];
  /** How many distinct values (starting with the prefix, if any) the result holds. */
  total_distinct: number;
  /** How many records match the query and range (whatever their value of the field). */
  total_records: number;
}

/** The field a `field` parameter names: a filterable column or an alias of one, whose values can be ranked. */
export function valueField(name: string): FieldDef {
  const key = name.trim().toLowerCase();
  const aliased = Object.hasOwn(EVENT_FIELDS.aliases, key) ? EVENT_FIELDS.aliases[key] : undefined;
  if (Array.isArray(aliased)) {
    throw new SearchInputError(
      `field: "${name}" stands for several fields (${aliased.join(', ')}): name one of them`,
    );
  }
  const def = EVENT_FIELDS.byName.get(typeof aliased === 'string' ? aliased : key);
  if (!def) throw new SearchInputError(`field: unknown field "${name}" (use a filterable field name)`);
  if (def.kind === 'timestamp') {
    throw new SearchInputError(
      `field: "${def.name}" is a time: its values are not ranked (see the histogram)`,
    );
  }
  if (def.kind === 'string[]') {
    throw new SearchInputError(`field: "${def.name}" holds lists: its values are not ranked`);
  }
  return def;
}

const NO_SPAN: Span = { offset: 0, line: 1, column: 1, length: 0 };

/** The condition "the field's text starts with `prefix`, any case", as a query-language term. */
function prefixTerm(def: FieldDef, prefix: string): Ast | null {
  if (def.kind === 'bool') {
    // a regex does not apply to booleans: name the values the prefix leaves
    const left = ['true', 'false'].filter((v) => v.startsWith(prefix.toLowerCase()));
    if (left.length === 2) return null;
    if (left.length === 0) return { type: 'not', child: { type: 'all' }, span: NO_SPAN };
    const value = { kind: 'word' as const, text: left[0] ?? '', span: NO_SPAN };
    return { type: 'field', field: def.name, fieldSpan: NO_SPAN, op: ':', value, span: NO_SPAN };
  }
  const value = { kind: 'regex' as const, pattern: `^${escapeRe2(prefix)}`, flags: 'i', span: NO_SPAN };
  return { type: 'field', field: def.name, fieldSpan: NO_SPAN, op: ':', value, span: NO_SPAN };
}

/** The ranking of the field's values over the query, the range and the prefix, for the store. */
export function fieldValuesQuery(
  store: Pick<Store, 'dialect'>,
  def: FieldDef,
  opts: Omit<FieldValuesOptions, 'field'>,
): ReportQuery {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_VALUES_LIMIT) {
    throw new SearchInputError(`limit must be between 1 and ${MAX_VALUES_LIMIT}`);
  }
  const range = buildFilter(store.dialect, { ...opts, query: '' });
  const parsed = parseQuery(opts.query ?? '');
  const prefix = opts.prefix ? prefixTerm(def, opts.prefix) : null;
  const ast: Ast = prefix ? { type: 'and', children: [parsed, prefix] } : parsed;
  const where = compileQuery(ast, EVENT_FIELDS, store.dialect, { now });
  return {
    table: 'events',
    time: 'ts',
    shape: {
      type: 'rank',
      keys: [{ name: 'value', expr: def.sqlExpr, kind: def.kind }],
      rankBy: 'count',
      limit,
    },
    values: [{ name: 'count', agg: { fn: 'count' } }],
    where: { sql: [where.sql, `${def.sqlExpr} IS NOT NULL`], params: where.params },
    hoursOfDay: [],
    range: { loUs: range.fromUs ?? null, hiUs: range.toUs ?? null },
    tz: 'UTC',
  };
}

/** A value as JSON: numbers while exact (as the stores give them), a larger 64-bit one as decimal text. */
function jsonValue(v: unknown): FieldValue {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}

/** The top values of a field over a search's result, with the number of distinct values and of records. */
export async function fieldValues(store: Store, opts: FieldValuesOptions): Promise<FieldValues> {
  const def = valueField(opts.field);
  if (opts.prefix !== undefined && opts.prefix.length > MAX_PREFIX_LENGTH) {
    throw new SearchInputError(`prefix must be at most ${MAX_PREFIX_LENGTH} characters`);
  }
  const query = fieldValuesQuery(store, def, opts);
  const rows = await store.runReport(query);
  const distinct = await store.countReport(query);
  const records = await store.eventCount(buildFilter(store.dialect, opts));
  return {
    field: def.name,
    values: rows.map((r) => ({ value: jsonValue(r.value), count: Number(r.count) })),
    total_distinct: distinct ?? rows.length,
    total_records: records,
  };
}
