/**
 * Lexer: query text -> tokens. A field term (`field:value`, `field>=value`...) is one token, since
 * its value may hold characters (`:`, `/`, `-`) that mean something else between terms.
 */
import type { CompareOp, GlobPart, Span, Value } from './ast.ts';
import { looksLikeIpOrCidr } from './cidr.ts';
import { PositionIndex, QuerySyntaxError } from './errors.ts';

export type Token =
  | { kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'eof'; span: Span }
  | { kind: 'word'; text: string; glob?: GlobPart[]; span: Span }
  | { kind: 'quoted'; text: string; span: Span }
  | { kind: 'regex'; pattern: string; flags: string; span: Span }
  | { kind: 'field'; field: string; fieldSpan: Span; op: CompareOp; value: Value; span: Span };

const FIELD_RE = /[A-Za-z_][A-Za-z0-9_.]*(>=|<=|:|>|<)/y;
const FLAGS_RE = /[A-Za-z]*/y;

/** Characters that end an unquoted word or value. */
function isBreak(ch: string | undefined): boolean {
  return ch === undefined || ch === '(' || ch === ')' || /\s/.test(ch);
}

export class Lexer {
  private pos = 0;
  private readonly positions: PositionIndex;
  constructor(private readonly text: string) {
    this.positions = new PositionIndex(text);
  }

  tokenize(): Token[] {
    const out: Token[] = [];
    for (;;) {
      const t = this.next();
      out.push(t);
      if (t.kind === 'eof') return out;
    }
  }

  private span(offset: number, length: number): Span {
    return this.positions.at(offset, length);
  }

  private fail(reason: string, offset: number, length: number, expected?: string[]): never {
    const details = this.positions.at(offset, length);
    throw new QuerySyntaxError(reason, expected ? { ...details, expected } : details);
  }

  private next(): Token {
    const s = this.text;
    while (this.pos < s.length && /\s/.test(s[this.pos]!)) this.pos++;
    const start = this.pos;
    const ch = s[start];
    if (ch === undefined) return { kind: 'eof', span: this.span(start, 0) };
    if (ch === '(' || ch === ')') {
      this.pos++;
      return { kind: ch === '(' ? 'lparen' : 'rparen', span: this.span(start, 1) };
    }
    if (ch === '"') return { kind: 'quoted', ...this.quoted() };
    if (ch === '/') return { kind: 'regex', ...this.regex() };
    if (ch === '-' && !isBreak(s[start + 1])) {
      this.pos++;
      return { kind: 'not', span: this.span(start, 1) };
    }
    const field = this.fieldTerm();
    if (field) return field;
    const w = this.word();
    const lower = w.text.toLowerCase();
    if (!w.escaped && (lower === 'and' || lower === 'or' || lower === 'not')) {
      return { kind: lower, span: w.span };
    }
    return w.glob
      ? { kind: 'word', text: w.text, glob: w.glob, span: w.span }
      : { kind: 'word', text: w.text, span: w.span };
  }

  /** `"..."` with `\"` and `\\` (any `\x` stands for `x`). */
  private quoted(): { text: string; span: Span } {
    const s = this.text;
    const start = this.pos;
    let text = '';
    let i = start + 1;
    for (; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length) {
        text += s[++i];
      } else if (c === '"') {
        this.pos = i + 1;
        return { text, span: this.span(start, this.pos - start) };
      } else {
        text += c;
      }
    }
    const col = this.positions.at(start).column;
    return this.fail(`expected a closing quote for the string opened at column ${col}`, s.length, 0, ['"']);
  }

  /** `/.../flags`: `\/` stands for `/`; every other escape is kept for the regex engine. */
  private regex(): { pattern: string; flags: string; span: Span } {
    const s = this.text;
    const start = this.pos;
    let pattern = '';
    let i = start + 1;
    for (; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length) {
        const n = s[++i]!;
        pattern += n === '/' ? '/' : `\\${n}`;
      } else if (c === '/') {
        FLAGS_RE.lastIndex = i + 1;
        const flags = FLAGS_RE.exec(s)?.[0] ?? '';
        this.pos = i + 1 + flags.length;
        return { pattern, flags, span: this.span(start, this.pos - start) };
      } else {
        pattern += c;
      }
    }
    const col = this.positions.at(start).column;
    return this.fail(
      `expected a closing "/" for the regular expression opened at column ${col}`,
      s.length,
      0,
      ['/'],
    );
  }

  /** An unquoted run up to whitespace or a parenthesis; `\x` is a literal `x`. */
  private word(): { text: string; glob?: GlobPart[]; escaped: boolean; span: Span } {
    const s = this.text;
    const start = this.pos;
    let text = '';
    let lit = '';
    let escaped = false;
    const parts: GlobPart[] = [];
    let hasGlob = false;
    let i = start;
    for (; !isBreak(s[i]); i++) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length) {
        escaped = true;
        const n = s[++i]!;
        text += n;
        lit += n;
      } else if (c === '*' || c === '?') {
        hasGlob = true;
        text += c;
        if (lit) parts.push({ kind: 'lit', text: lit });
        lit = '';
        parts.push({ kind: c === '*' ? 'star' : 'one' });
      } else {
        text += c;
        lit += c;
      }
    }
    if (lit) parts.push({ kind: 'lit', text: lit });
    this.pos = i;
    const span = this.span(start, i - start);
    return hasGlob ? { text, glob: parts, escaped, span } : { text, escaped, span };
  }

  /** `name<op>value`, or null when the text here is not a field term. */
  private fieldTerm(): Token | null {
    const s = this.text;
    const start = this.pos;
    FIELD_RE.lastIndex = start;
    const m = FIELD_RE.exec(s);
    if (!m) return null;
    const op = m[1] as CompareOp;
    const nameEnd = start + m[0].length - op.length;
    const valueStart = start + m[0].length;
    let runEnd = start;
    while (!isBreak(s[runEnd])) runEnd++;
    const run = s.slice(start, runEnd);
    // A bare IPv6 address (`fe80::1`) or URL (`http://x`) is a word, not a field term.
    if (op === ':' && (s.startsWith('//', valueStart) || looksLikeIpOrCidr(run))) return null;
    const field = s.slice(start, nameEnd);
    const fieldSpan = this.span(start, nameEnd - start);
    this.pos = valueStart;
    const value = this.value(field, op);
    return { kind: 'field', field, fieldSpan, op, value, span: this.span(start, this.pos - start) };
  }

  private value(field: string, op: CompareOp): Value {
    const s = this.text;
    const start = this.pos;
    const c = s[start];
    if (isBreak(c)) {
      const found = c === undefined ? 'end of query' : `"${c}"`;
      this.fail(`expected a value after "${field}${op}", found ${found}`, start, c === undefined ? 0 : 1, [
        'value',
      ]);
    }
    if (c === '"') return { kind: 'quoted', ...this.quoted() };
    if (c === '/' && op === ':') return { kind: 'regex', ...this.regex() };
    if (c === '*' && isBreak(s[start + 1]) && op === ':') {
      this.pos++;
      return { kind: 'exists', span: this.span(start, 1) };
    }
    const w = this.word();
    return w.glob
      ? { kind: 'word', text: w.text, glob: w.glob, span: w.span }
      : { kind: 'word', text: w.text, span: w.span };
  }
}

export function tokenize(text: string): Token[] {
  return new Lexer(text).tokenize();
}
