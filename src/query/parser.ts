/**
 * Parser: tokens -> AST. Precedence, loosest first: `or`, `and` (also implied between terms side by
 * side), `not` / `-`. Parentheses group.
 *
 *   query   := orExpr? EOF
 *   orExpr  := andExpr ("or" andExpr)*
 *   andExpr := notExpr ("and"? notExpr)*
 *   notExpr := ("not" | "-") notExpr | "(" orExpr ")" | term
 */
import type { Ast, Span } from './ast.ts';
import { positionAt, QuerySyntaxError } from './errors.ts';
import { type Token, tokenize } from './lexer.ts';

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

  parse(): Ast {
    if (this.peek().kind === 'eof') return { type: 'all' };
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

/** Parse query text into an AST; the empty query is `{ type: 'all' }`. Throws `QuerySyntaxError`. */
export function parseQuery(text: string): Ast {
  return new Parser(text, tokenize(text)).parse();
}
