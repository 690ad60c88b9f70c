/**
 * SQL dialects: how each construct of the language is written for an engine. The compiler only calls
 * these; user text never reaches SQL except through `placeholder`.
 */
import type { FieldKind } from './fields.ts';

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
  /** Some element of the list `expr` satisfies `cond(elementExpr)`, the element as text (lists of numbers too). */
  listAny(expr: string, cond: (elem: string) => string): string;
  /**
   * The list `listExpr` holds the `idExpr` of some event (the events table) satisfying `cond`: one
   * subquery for the ids, run once, not per row.
   */
  holdsIdOfEvents(listExpr: string, idExpr: string, cond: string): string;
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
