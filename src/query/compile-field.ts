/** Compilation of one `field<op>value` term, by field kind. */
import type { Ast, CompareOp, GlobPart, Span } from './ast.ts';
import { canonicalIp, cidrToRange, splitRange, type U128Range } from './cidr.ts';
import type { CompileContext } from './compile.ts';
import { escapeRe2 } from './dialect.ts';
import { QueryFieldError, QueryValueError } from './errors.ts';
import type { FieldDef, FieldSet } from './fields.ts';
import { closestNames } from './suggest.ts';
import { isDateOnly, parseTimeMicros } from './time.ts';

type FieldTerm = Extract<Ast, { type: 'field' }>;

const SQL_OP: Record<Exclude<CompareOp, ':'>, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=' };
const INT_RANGE: Record<string, [bigint, bigint]> = {
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
  ubigint: [0n, 2n ** 64n - 1n],
};
const BOOLS: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
};

/** A glob as a LIKE pattern (`\` escapes `%`, `_` and itself), lower-cased; unanchored adds `%` both sides. */
export function globToLike(parts: readonly GlobPart[], anchored: boolean): string {
  const body = parts
    .map((p) => (p.kind === 'star' ? '%' : p.kind === 'one' ? '_' : p.text.replace(/[\\%_]/g, '\\$&')))
    .join('')
    .toLowerCase();
  return anchored ? body : `%${body}%`;
}

/** The field(s) a name stands for: a field name, an alias, or an EVE path (`alert.signature`, `event.src_ip`). */
export function resolveField(fields: FieldSet, name: string, span: Span): FieldDef[] {
  const lower = name.toLowerCase();
  const candidates = [lower, lower.replace(/\./g, '_'), lower.replace(/\./g, '_').replace(/^event_/, '')];
  for (const c of candidates) {
    const f = fields.byName.get(c);
    if (f) return [f];
    const alias = Object.hasOwn(fields.aliases, c) ? fields.aliases[c] : undefined;
    if (alias !== undefined) {
      const targets = typeof alias === 'string' ? [alias] : alias;
      return targets.map((t) => fields.byName.get(t)!);
    }
  }
  const suggestions = closestNames(lower, [...fields.byName.keys(), ...Object.keys(fields.aliases)]);
  let hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
  if (suggestions.length === 0 || name.includes('.')) hint += ' (to search for this text, put it in quotes)';
  throw new QueryFieldError(`unknown field "${name}"${hint}`, { ...span, field: name, suggestions });
}

function valueText(term: FieldTerm): string {
  const v = term.value;
  return v.kind === 'word' || v.kind === 'quoted' ? v.text : '';
}

function reject(term: FieldTerm, reason: string): never {
  throw new QueryValueError(reason, term.value.span);
}

function compileInteger(ctx: CompileContext, def: FieldDef, term: FieldTerm): string {
  const text = valueText(term).trim();
  if (!/^[-+]?\d+$/.test(text)) reject(term, `"${def.name}" needs a whole number, not "${valueText(term)}"`);
  const n = BigInt(text);
  const [min, max] = INT_RANGE[def.kind]!;
  if (n < min || n > max) reject(term, `${text} is out of range for "${def.name}" (${min} to ${max})`);
  const type = def.kind as 'int' | 'bigint' | 'ubigint';
  const value =
    type === 'ubigint' || n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)
      ? n
      : Number(n);
  const op = term.op === ':' ? '=' : SQL_OP[term.op];
  return `${def.sqlExpr} ${op} ${ctx.param(value, type)}`;
}

function compileTime(ctx: CompileContext, def: FieldDef, term: FieldTerm): string {
  const text = valueText(term);
  const us = parseTimeMicros(text, ctx.now);
  if (us === null) {
    reject(
      term,
      `"${text}" is not a time between the years 1 and 9999: use ISO 8601 (2024-01-01T00:00:00Z) or relative (-24h, -7d, now)`,
    );
  }
  if (term.op !== ':') return `${def.sqlExpr} ${SQL_OP[term.op]} ${ctx.param(us, 'timestamp')}`;
  if (!isDateOnly(text)) return `${def.sqlExpr} = ${ctx.param(us, 'timestamp')}`;
  const from = ctx.param(us, 'timestamp');
  return `(${def.sqlExpr} >= ${from} AND ${def.sqlExpr} < ${ctx.param(us + 86_400_000_000, 'timestamp')})`;
}

function compileIp(ctx: CompileContext, def: FieldDef, term: FieldTerm): string {
  const text = valueText(term).trim();
  const range = cidrToRange(text);
  if (!range) reject(term, `"${text}" is not an IP address or CIDR block`);
  const numeric = def.ipV4Expr !== undefined && def.ipV6Expr !== undefined;
  if (!text.includes('/') && !numeric) return `${def.sqlExpr} = ${ctx.param(canonicalIp(text)!, 'string')}`;
  if (!numeric) reject(term, `"${def.name}" does not support CIDR blocks`);
  return compileIpRange(ctx, def.ipV4Expr!, def.ipV6Expr!, range);
}

/** `expr = lo` for a one-number range, else `expr BETWEEN lo AND hi`. */
function rangeCondition(
  ctx: CompileContext,
  expr: string,
  r: U128Range,
  type: 'ubigint' | 'uhugeint',
): string {
  const lo = ctx.param(r.lo, type);
  return r.lo === r.hi ? `${expr} = ${lo}` : `${expr} BETWEEN ${lo} AND ${ctx.param(r.hi, type)}`;
}

/**
 * An address range (one address: lo = hi) on an IP field's numeric columns: the part inside
 * ::ffff:0:0/96 on the `_v4` column, the rest on the `_v6` column, ORed when the range reaches both.
 */
function compileIpRange(ctx: CompileContext, v4Expr: string, v6Expr: string, range: U128Range): string {
  const { v4, v6 } = splitRange(range);
  const parts: string[] = [];
  if (v4) parts.push(rangeCondition(ctx, v4Expr, v4, 'ubigint'));
  if (v6) parts.push(rangeCondition(ctx, v6Expr, v6, 'uhugeint'));
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

function compileBool(ctx: CompileContext, def: FieldDef, term: FieldTerm): string {
  const word = valueText(term).trim().toLowerCase();
  const b = Object.hasOwn(BOOLS, word) ? BOOLS[word] : undefined;
  if (b === undefined) reject(term, `"${def.name}" is true or false, not "${valueText(term)}"`);
  return `${def.sqlExpr} = ${ctx.param(b, 'bool')}`;
}

/** A character that is no letter or digit: what separates the words of a phrase. */
const NON_WORD = '[^\\pL\\pN]';

/**
 * A phrase inside a free-text field: the value's words (runs of letters and digits) in order, whole,
 * with any non-word characters between them, ignoring case. `scan suspicious` matches
 * "ET SCAN Suspicious inbound" but not "ET SCANNER"; a value without a word is a plain substring.
 */
function compilePhrase(ctx: CompileContext, def: FieldDef, text: string): string {
  const d = ctx.dialect;
  const words = text.match(/[\p{L}\p{N}]+/gu);
  if (!words) return d.containsIgnoreCase(def.sqlExpr, text, (v) => ctx.param(v, 'string'));
  const pattern = `(?i)(?:^|${NON_WORD})${words.map(escapeRe2).join(`${NON_WORD}+`)}(?:${NON_WORD}|$)`;
  return d.regexMatch(def.sqlExpr, ctx.param(pattern, 'string'));
}

/** Equality on text (string, string[]): case-insensitive; a phrase inside a free-text field. */
function compileTextEquals(ctx: CompileContext, def: FieldDef, term: FieldTerm): string {
  const d = ctx.dialect;
  if (def.text && def.kind === 'string') return compilePhrase(ctx, def, valueText(term));
  const p = ctx.param(valueText(term).toLowerCase(), 'string');
  return def.kind === 'string[]'
    ? d.listAny(def.sqlExpr, (el) => d.equalsIgnoreCase(el, p))
    : d.equalsIgnoreCase(def.sqlExpr, p);
}

/** Wildcards and regexes: on the text of the field (or of each list element). */
function compilePattern(ctx: CompileContext, def: FieldDef, term: FieldTerm): string {
  const d = ctx.dialect;
  const v = term.value;
  if (def.kind === 'bool' || def.kind === 'timestamp') {
    reject(
      term,
      `"${def.name}" is a ${def.kind === 'bool' ? 'boolean' : 'time'}: wildcards and regexes do not apply`,
    );
  }
  const p =
    v.kind === 'regex'
      ? ctx.param(ctx.regex(v.pattern, v.flags, v.span), 'string')
      : ctx.param(globToLike(v.kind === 'word' && v.glob ? v.glob : [], true), 'string');
  const cond = (e: string) => (v.kind === 'regex' ? d.regexMatch(e, p) : d.likeIgnoreCase(e, p));
  return def.kind === 'string[]' ? d.listAny(def.sqlExpr, cond) : cond(d.toText(def.sqlExpr, def.kind));
}

/** SQL for one field term on one field. */
export function compileFieldTerm(ctx: CompileContext, def: FieldDef, term: FieldTerm): string {
  if (def.viaIds) {
    const { field, idExpr, where } = def.viaIds;
    return ctx.dialect.holdsIdOfEvents(
      def.sqlExpr,
      idExpr,
      `${where} AND ${compileFieldTerm(ctx, field, term)}`,
    );
  }
  const v = term.value;
  if (v.kind === 'exists') return ctx.dialect.isPresent(def.sqlExpr, def.kind);
  const isNumeric = def.kind === 'int' || def.kind === 'bigint' || def.kind === 'ubigint';
  if (term.op !== ':') {
    if (v.kind === 'regex' || (v.kind === 'word' && v.glob)) reject(term, `"${term.op}" needs a plain value`);
    if (isNumeric) return compileInteger(ctx, def, term);
    if (def.kind === 'timestamp') return compileTime(ctx, def, term);
    throw new QueryValueError(
      `"${term.op}" applies to numbers and times; "${def.name}" is not one`,
      term.span,
    );
  }
  if (v.kind === 'regex' || (v.kind === 'word' && v.glob)) return compilePattern(ctx, def, term);
  switch (def.kind) {
    case 'int':
    case 'bigint':
    case 'ubigint':
      return compileInteger(ctx, def, term);
    case 'timestamp':
      return compileTime(ctx, def, term);
    case 'ip':
      return compileIp(ctx, def, term);
    case 'bool':
      return compileBool(ctx, def, term);
    case 'string':
    case 'string[]':
      return compileTextEquals(ctx, def, term);
  }
}
