/**
 * Parser: tokens -> AST. Precedence, loosest first: `or`, `and` (also implied between terms side by
 * side), `not` / `-`. Parentheses group.
 *
 *   query   := orExpr? EOF
 *   orExpr  := andExpr ("or" andExpr)*
 *   andExpr := notExpr ("and"? notExpr)*
 *   notExpr := ("not" | "-") notExpr | "(" orExpr ")" | term
 *
 * Limits keep every query cheap to parse and bounded to run: MAX_QUERY_LENGTH characters, MAX_TERMS
 * terms, MAX_DEPTH levels of `not` and parentheses (so no input can exhaust the stack).
 */
import type { Ast, Span } from './ast.ts';
import { positionAt, type QueryLimit, QueryLimitError, QuerySyntaxError } from './errors.ts';
import { type Token, tokenize } from './lexer.ts';

/** The longest query, in UTF-16 code units. */
export const MAX_QUERY_LENGTH = 8192;
/** The most terms (words, phrases, regexes, field terms) in one query. */
export const MAX_TERMS = 100;
/** The deepest nesting of `not` / `-` and parentheses. */
export const MAX_DEPTH = 100;

const TERM_KINDS = new Set<Token['kind']>(['word', 'quoted', 'regex', 'field']);

const TERM_START = new Set<Token['kind']>(['lparen', 'not', 'word', 'quoted', 'regex', 'field']);
const TERM_EXPECTED = ['term', '(', 'not'];

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of query';
    case 'lparen':
      return '"("';
    case 'rparen':
      return '")"';
    case 'and':
    case 'or':
    case 'not':
      return `"${t.kind}"`;
    default:
      return 'term';
  }
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private take(): Token {
    const t = this.tokens[this.i]!;
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private fail(reason: string, span: Span, expected: string[]): never {
    throw new QuerySyntaxError(reason, { ...positionAt(this.text, span.offset, span.length), expected });
  }

  private limit(limit: QueryLimit, reason: string, span: Span): never {
    throw new QueryLimitError(reason, { ...positionAt(this.text, span.offset, span.length), limit });
  }

  parse(): Ast {
    if (this.peek().kind === 'eof') return { type: 'all' };
    let terms = 0;
    for (const t of this.tokens) {
      if (TERM_KINDS.has(t.kind) && ++terms > MAX_TERMS) {
        this.limit('terms', `too many terms (at most ${MAX_TERMS}): narrow the query`, t.span);
      }
    }
    const ast = this.orExpr();
    const t = this.peek();
    if (t.kind !== 'eof') {
      this.fail(`unexpected ${describe(t)}`, t.span, ['and', 'or', ...TERM_EXPECTED, 'end of query']);
    }
    return ast;
  }

  private orExpr(): Ast {
    const children = [this.andExpr()];
    while (this.peek().kind === 'or') {
      this.take();
      children.push(this.andExpr());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  private andExpr(): Ast {
    const children = [this.notExpr()];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'and') this.take();
      else if (!TERM_START.has(t.kind)) break;
      children.push(this.notExpr());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  private notExpr(): Ast {
    const t = this.peek();
    if (t.kind !== 'not' && t.kind !== 'lparen') return this.term();
    if (++this.depth > MAX_DEPTH) {
      this.limit('depth', `"not" and parentheses nested more than ${MAX_DEPTH} deep`, t.span);
    }
    const ast = this.term();
    this.depth--;
    return ast;
  }

  private term(): Ast {
    const at = this.i;
    const t = this.take();
    switch (t.kind) {
      case 'not': {
        const child = this.notExpr();
        return { type: 'not', child, span: t.span };
      }
      case 'lparen': {
        const inner = this.orExpr();
        const close = this.peek();
        if (close.kind !== 'rparen') {
          this.fail(`expected ")", found ${describe(close)}`, close.span, [')']);
        }
        this.take();
        return inner;
      }
      case 'word':
        return t.glob
          ? { type: 'text', text: t.text, glob: t.glob, span: t.span }
          : { type: 'text', text: t.text, span: t.span };
      case 'quoted':
        return { type: 'text', text: t.text, span: t.span };
      case 'regex':
        return { type: 'textRegex', pattern: t.pattern, flags: t.flags, span: t.span };
      case 'field':
        return {
          type: 'field',
          field: t.field,
          fieldSpan: t.fieldSpan,
          op: t.op,
          value: t.value,
          span: t.span,
        };
      default: {
        const prev = this.tokens[at - 1];
        const after = prev && (prev.kind === 'and' || prev.kind === 'or' || prev.kind === 'not');
        const reason = `expected a search term${after ? ` after "${prev.kind}"` : ''}, found ${describe(t)}`;
        return this.fail(reason, t.span, TERM_EXPECTED);
      }
    }
  }
}

/** Parse query text into an AST; the empty query is `{ type: 'all' }`. Throws `QuerySyntaxError`, `QueryLimitError`. */
export function parseQuery(text: string): Ast {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new QueryLimitError(
      `query too long (${text.length} characters, at most ${MAX_QUERY_LENGTH}): narrow it`,
      { ...positionAt(text, MAX_QUERY_LENGTH, text.length - MAX_QUERY_LENGTH), limit: 'length' },
    );
  }
  return new Parser(text, tokenize(text)).parse();
}
