/** ClickHouse's query dialect: how each construct of the query language is written in ClickHouse SQL. */
import { type Dialect, escapeRe2, type FieldKind, type ParamType } from '../../query/index.ts';
import { microsToClickHouse } from './values.ts';

/** The parameter types, as ClickHouse's typed placeholders `{pN:Type}` name them. */
const CH_TYPE: Record<ParamType, string> = {
  string: 'String',
  int: 'Int32',
  bigint: 'Int64',
  ubigint: 'UInt64',
  uhugeint: 'UInt128',
  bool: 'Bool',
  timestamp: "DateTime64(6, 'UTC')",
};

const toText = (expr: string, kind: FieldKind) =>
  kind === 'string' || kind === 'ip'
    ? expr
    : kind === 'string[]'
      ? `arrayStringConcat(arrayMap(x -> toString(x), ${expr}), ' ')`
      : `toString(${expr})`;

/**
 * ClickHouse: named typed parameters `{pN:Type}` (the store binds params[N-1] as pN). Text is compared
 * with `lowerUTF8` (not the ASCII-only `lower`); regexes are RE2 (`match`), as on DuckDB.
 */
export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  placeholder: (n, type) => `{p${n}:${CH_TYPE[type]}}`,
  bind: (value, type) => {
    if (type === 'timestamp') return microsToClickHouse(Number(value));
    if (type === 'uhugeint' || type === 'ubigint' || type === 'bigint') return String(value);
    return value;
  },
  trueSql: 'true',
  equalsIgnoreCase: (expr, p) => `lowerUTF8(${expr}) = ${p}`,
  likeIgnoreCase: (expr, p) => `${expr} ILIKE ${p}`,
  containsIgnoreCase: (expr, text, bind) => `match(${expr}, ${bind(`(?i)${escapeRe2(text)}`)})`,
  containsAnyIgnoreCase: (expr, texts, bind) =>
    `match(${expr}, ${bind(`(?i)(?:${texts.map(escapeRe2).join('|')})`)})`,
  regexMatch: (expr, p) => `match(${expr}, ${p})`,
  listAny: (expr, cond) => `arrayExists(el -> ${cond('toString(el)')}, ${expr})`,
  // A scalar subquery: on a cluster the initiator runs it once over the Distributed events table.
  holdsIdOfEvents: (listExpr, idExpr, cond) =>
    `hasAny(${listExpr}, (SELECT groupUniqArray(assumeNotNull(${idExpr})) FROM events WHERE isNotNull(${idExpr}) AND ${cond}))`,
  isPresent: (expr, kind) => (kind === 'string[]' ? `notEmpty(${expr})` : `isNotNull(${expr})`),
  toText,
  not: (cond) => `NOT coalesce(${cond}, false)`,
  // Nulls skipped, as DuckDB's concat_ws does.
  concatText: (parts) =>
    `arrayStringConcat(arrayFilter(x -> isNotNull(x), [${parts
      .map(({ expr, kind }) => `toNullable(${toText(expr, kind)})`)
      .join(', ')}]), ' ')`,
};
