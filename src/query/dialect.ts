/**
 * SQL dialects: how each construct of the language is written for an engine. The compiler only calls
 * these; user text never reaches SQL except through `placeholder`.
 */
import type { FieldKind } from './fields.ts';
import { microsToIso } from './time.ts';

export type ParamType = 'string' | 'int' | 'bigint' | 'ubigint' | 'uhugeint' | 'bool' | 'timestamp';

export interface Dialect {
  readonly name: 'duckdb' | 'clickhouse';
  /** Placeholder of the n-th parameter (1-based), e.g. `?` or `{p1:String}`. */
  placeholder(n: number, type: ParamType): string;
  /** The value to bind for a parameter; timestamps arrive as epoch µs, uhugeint/ubigint as bigint. */
  bind(value: string | number | bigint | boolean, type: ParamType): unknown;
  readonly trueSql: string;
  /** `expr` equals the already lower-cased parameter, ignoring case. */
  equalsIgnoreCase(expr: string, param: string): string;
  /** `expr` matches a LIKE pattern (`%`, `_`, `\` escape; lower-cased), ignoring case. */
  likeIgnoreCase(expr: string, param: string): string;
  /** `expr` contains `text`, ignoring case; `bind` binds a parameter and returns its placeholder. */
  containsIgnoreCase(expr: string, text: string, bind: (value: string) => string): string;
  /** `expr` contains one of `texts` (two or more), ignoring case: one scan rather than one per text. */
  containsAnyIgnoreCase(expr: string, texts: readonly string[], bind: (value: string) => string): string;
  /** `expr` matches an RE2 pattern somewhere. */
  regexMatch(expr: string, param: string): string;
  /** Some element of the list `expr` satisfies `cond(elementExpr)`. */
  listAny(expr: string, cond: (elem: string) => string): string;
  /** The value is present. */
  isPresent(expr: string, kind: FieldKind): string;
  /** A value of another kind as text (for wildcards and regexes on numbers and lists). */
  toText(expr: string, kind: FieldKind): string;
  /** Null-safe NOT: rows where the inner condition is unknown (absent field) count as not matching it. */
  not(cond: string): string;
  /** Space-separated text of several expressions, skipping nulls. */
  concatText(parts: ReadonlyArray<{ expr: string; kind: FieldKind }>): string;
}

/** A literal as an RE2 pattern. */
export function escapeRe2(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

const DUCK_CAST: Partial<Record<ParamType, string>> = {
  ubigint: 'UBIGINT',
  uhugeint: 'UHUGEINT',
  timestamp: 'TIMESTAMPTZ',
};

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  placeholder: (_n, type) => {
    const cast = DUCK_CAST[type];
    return cast ? `?::${cast}` : '?';
  },
  bind: (value, type) => {
    if (type === 'timestamp') return microsToIso(Number(value));
    if (type === 'uhugeint' || type === 'ubigint') return String(value); // cast in SQL, exact
    return value;
  },
  trueSql: 'TRUE',
  equalsIgnoreCase: (expr, p) => `lower(${expr}) = ${p}`,
  likeIgnoreCase: (expr, p) => `${expr} ILIKE ${p} ESCAPE '\\'`,
  // RE2 with (?i) on a literal measured 2-3x faster than contains(lower(...)) or ILIKE on the record text.
  containsIgnoreCase: (expr, text, bind) => `regexp_matches(${expr}, ${bind(`(?i)${escapeRe2(text)}`)})`,
  // 100 ORed words over 200k records: 26.8 s as 100 scans, 0.4 s as one alternation.
  containsAnyIgnoreCase: (expr, texts, bind) =>
    `regexp_matches(${expr}, ${bind(`(?i)(?:${texts.map(escapeRe2).join('|')})`)})`,
  regexMatch: (expr, p) => `regexp_matches(${expr}, ${p})`,
  listAny: (expr, cond) => `len(list_filter(${expr}, lambda el: ${cond('el')})) > 0`,
  isPresent: (expr, kind) => (kind === 'string[]' ? `len(${expr}) > 0` : `${expr} IS NOT NULL`),
  toText: (expr, kind) => (kind === 'string' || kind === 'ip' ? expr : `CAST(${expr} AS VARCHAR)`),
  not: (cond) => `NOT coalesce(${cond}, FALSE)`,
  concatText: (parts) =>
    `concat_ws(' ', ${parts
      .map(({ expr, kind }) =>
        kind === 'string[]' ? `array_to_string(${expr}, ' ')` : duckdbDialect.toText(expr, kind),
      )
      .join(', ')})`,
};

function notImplemented(): never {
  throw new Error('the ClickHouse query dialect is not implemented yet');
}

const CH_TYPE: Record<ParamType, string> = {
  string: 'String',
  int: 'Int32',
  bigint: 'Int64',
  ubigint: 'UInt64',
  uhugeint: 'UInt128',
  bool: 'Bool',
  timestamp: 'DateTime64(6)',
};

/** ClickHouse: named typed parameters `{pN:Type}` (bind params[N-1] as pN); constructs are still to do. */
export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  placeholder: (n, type) => `{p${n}:${CH_TYPE[type]}}`,
  bind: notImplemented,
  trueSql: 'true',
  equalsIgnoreCase: notImplemented,
  likeIgnoreCase: notImplemented,
  containsIgnoreCase: notImplemented,
  containsAnyIgnoreCase: notImplemented,
  regexMatch: notImplemented,
  listAny: notImplemented,
  isPresent: notImplemented,
  toText: notImplemented,
  not: notImplemented,
  concatText: notImplemented,
};
