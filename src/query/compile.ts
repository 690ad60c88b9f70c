/** Compilation: AST -> a boolean SQL expression with positional parameters, for a field set and a dialect. */
import type { Ast, Span } from './ast.ts';
import { compileFieldTerm, globToLike, resolveField } from './compile-field.ts';
import type { Dialect, ParamType } from './dialect.ts';
import { QueryValueError } from './errors.ts';
import type { FieldSet } from './fields.ts';
import { parseQuery } from './parser.ts';
import { checkRegex } from './regex-check.ts';

export interface CompiledQuery {
  /** Boolean SQL expression for a WHERE clause. */
  sql: string;
  /** Parameter values in placeholder order. */
  params: unknown[];
  /**
   * The field expressions the condition reads (`firewall_name`, `server_ip_v4`), or null when it
   * reads more than fields (the whole record's text, other records): what lets an engine answer it
   * from a table that holds only some columns.
   */
  columns?: string[] | null;
}

export interface CompileOptions {
  /** The instant relative times (`-24h`, `now`) count from; default: the current time. */
  now?: Date;
}

/** State of one compilation: parameters in order, and the shared helpers term compilers need. */
export class CompileContext {
  readonly params: unknown[] = [];
  /** The field expressions the terms read; `null` once a term reads more (see CompiledQuery). */
  columns: Set<string> | null = new Set();
  private text: string | undefined;
  constructor(
    readonly fields: FieldSet,
    readonly dialect: Dialect,
    readonly now: Date,
  ) {}

  /** The whole record as text in this dialect. */
  get textExpr(): string {
    this.columns = null;
    this.text ??= this.dialect.concatText(this.fields.textParts);
    return this.text;
  }

  /** Bind a value and return its placeholder. Call in the order the placeholders appear in the SQL. */
  param(value: string | number | bigint | boolean, type: ParamType): string {
    this.params.push(this.dialect.bind(value, type));
    return this.dialect.placeholder(this.params.length, type);
  }

  /** A checked RE2 pattern, or a QueryValueError at `span`. */
  regex(pattern: string, flags: string, span: Span): string {
    const r = checkRegex(pattern, flags);
    if (r.pattern === undefined) throw new QueryValueError(r.error ?? 'invalid regular expression', span);
    return r.pattern;
  }
}

function compileNode(ctx: CompileContext, ast: Ast): string {
  const d = ctx.dialect;
  switch (ast.type) {
    case 'all':
      return d.trueSql;
    case 'and':
      return `(${ast.children.map((c) => compileNode(ctx, c)).join(' AND ')})`;
    case 'or':
      return `(${compileOr(ctx, ast.children).join(' OR ')})`;
    case 'not':
      return d.not(compileNode(ctx, ast.child));
    case 'text':
      return ast.glob
        ? d.likeIgnoreCase(ctx.textExpr, ctx.param(globToLike(ast.glob, false), 'string'))
        : d.containsIgnoreCase(ctx.textExpr, ast.text, (v) => ctx.param(v, 'string'));
    case 'textRegex':
      return d.regexMatch(ctx.textExpr, ctx.param(ctx.regex(ast.pattern, ast.flags, ast.span), 'string'));
    case 'field': {
      const defs = resolveField(ctx.fields, ast.field, ast.fieldSpan);
      for (const def of defs) {
        if (def.viaIds) ctx.columns = null;
        for (const e of [def.sqlExpr, def.ipV4Expr, def.ipV6Expr]) if (e !== undefined) ctx.columns?.add(e);
      }
      const parts = defs.map((def) => compileFieldTerm(ctx, def, ast));
      return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
    }
  }
}

/** A plain word or phrase over the record text (no wildcards). */
function plainText(ast: Ast): string | null {
  return ast.type === 'text' && !ast.glob ? ast.text : null;
}

/** The parts of an `or`: its plain words and phrases as one search (where the first of them stood). */
function compileOr(ctx: CompileContext, children: readonly Ast[]): string[] {
  const texts = children.map(plainText).filter((t) => t !== null);
  if (texts.length < 2) return children.map((c) => compileNode(ctx, c));
  const parts: string[] = [];
  let merged = false;
  for (const c of children) {
    if (plainText(c) === null) parts.push(compileNode(ctx, c));
    else if (!merged) {
      merged = true;
      parts.push(ctx.dialect.containsAnyIgnoreCase(ctx.textExpr, texts, (v) => ctx.param(v, 'string')));
    }
  }
  return parts;
}

/** Compile a parsed query. Throws QueryFieldError / QueryValueError with positions. */
export function compileQuery(
  ast: Ast,
  fields: FieldSet,
  dialect: Dialect,
  options: CompileOptions = {},
): CompiledQuery {
  const ctx = new CompileContext(fields, dialect, options.now ?? new Date());
  const sql = compileNode(ctx, ast);
  return { sql, params: ctx.params, columns: ctx.columns ? [...ctx.columns].sort() : null };
}

/** Parse and compile query text: the one call the CLI, the API and session filters make. */
export function compileFilter(
  text: string,
  fields: FieldSet,
  dialect: Dialect,
  options: CompileOptions = {},
): CompiledQuery {
  return compileQuery(parseQuery(text), fields, dialect, options);
}
