/**
 * The search query language, shared by the CLI, the API, the UI and session filters:
 * `field:value`, `field:"quoted"`, `field:val*`, `field>=N`, `src_ip:10.0.0.0/8`, `field:/re/`,
 * bare words, "phrases" and `/re/` over the whole record, `and` / `or` / `not` / `-` and parentheses.
 * Pure: text -> AST -> parameterised SQL for a field set and a dialect. See README.md for the grammar.
 */
export type { Ast, CompareOp, GlobPart, Span, Value } from './ast.ts';
export {
  canonicalIp,
  cidrToRange,
  ipToU128,
  isV4Mapped,
  splitRange,
  type U128Range,
  V4_MAPPED_RANGE,
} from './cidr.ts';
export { type CompiledQuery, type CompileOptions, compileFilter, compileQuery } from './compile.ts';
export { type Dialect, escapeRe2, type ParamType } from './dialect.ts';
export {
  QueryError,
  type QueryErrorDetails,
  QueryFieldError,
  type QueryLimit,
  QueryLimitError,
  type QueryPosition,
  QuerySyntaxError,
  QueryValueError,
} from './errors.ts';
export {
  buildFieldSet,
  EVENT_ALIASES,
  EVENT_FIELDS,
  type FieldDef,
  type FieldKind,
  type FieldSet,
  type FieldSetSpec,
  fieldsFromColumns,
} from './fields.ts';
export { type QueryHint, queryHints } from './hints.ts';
export { MAX_DEPTH, MAX_QUERY_LENGTH, MAX_TERMS, parseQuery } from './parser.ts';
export { checkRegex } from './regex-check.ts';
export { microsToIso, parseTime, parseTimeMicros } from './time.ts';
