/**
 * RE2's syntax, checked here so that the database never sees a pattern it would refuse (its error
 * text would otherwise reach the user) or one whose program outgrows RE2's fast automaton (then a
 * scan falls back to a much slower one: `.{1000}.{1000}.{1000}` took 13 s on 200k records where
 * `.{1000}.{1000}` took 0.13 s). The scan is iterative: no nesting depth can exhaust the stack.
 * What RE2 would accept but this check refuses is rare and always refused with a reason.
 */
import { POSIX_CLASSES, UNICODE_GROUPS } from './re2-names.ts';

/** RE2's largest repetition count, also the largest product of nested counts. */
export const MAX_REPEAT = 1000;
/** The largest program (about one step per literal, `.` or small class; 140 per `\p` class). */
export const MAX_REGEX_SIZE = 2200;
/** Groups nested deeper than this are refused. */
export const MAX_GROUP_DEPTH = 100;
const UNICODE_CLASS_SIZE = 140;

export class Re2SyntaxError extends Error {
  constructor(
    readonly reason: string,
    /** Index in the pattern (UTF-16 code units) where the problem starts. */
    readonly index: number,
  ) {
    super(reason);
  }
}

/** A piece that a repetition may follow: its program size and the product of counted repeats in it. */
interface Atom {
  size: number;
  rep: number;
}

/** One open group: what it holds so far, and the atom a repetition would apply to. */
interface Frame {
  start: number;
  size: number;
  rep: number;
  last: Atom | null;
  repeated: boolean;
}

const newFrame = (start: number): Frame => ({ start, size: 0, rep: 1, last: null, repeated: false });

const UNSUPPORTED_GROUPS: Array<[RegExp, string]> = [
  [/^\(\?<?[=!]/, 'lookahead and lookbehind assertions ((?=, (?!, (?<=, (?<!) are not supported by RE2'],
  [/^\(\?>/, 'atomic groups (?>...) are not supported by RE2'],
  [/^\(\?P=/, 'named backreferences (?P=name) are not supported by RE2'],
  [/^\(\?#/, 'comments (?#...) are not supported by RE2'],
  [/^\(\?[|(]/, 'conditionals and branch resets are not supported by RE2'],
];

const SIMPLE_ESCAPES = new Set(['a', 'f', 't', 'n', 'r', 'v']);
const PERL_CLASSES = new Set(['d', 'D', 's', 'S', 'w', 'W']);
const ASSERTIONS = new Set(['A', 'z', 'b', 'B']);

function escapeHint(c: string): string {
  switch (c) {
    case 'u':
      return 'RE2 does not support \\u escapes: write \\x{...}';
    case 'c':
      return 'RE2 does not support \\c control escapes';
    case 'k':
      return 'named backreferences (\\k<name>) are not supported by RE2';
    case 'Z':
      return 'RE2 has no \\Z: use \\z (end of text) or $';
    default:
      return /[1-9]/.test(c)
        ? 'backreferences (\\1...) are not supported by RE2'
        : `unknown escape "\\${c}" (RE2 knows \\d \\s \\w \\b \\A \\z \\pN \\x{...} \\n \\t and escaped punctuation)`;
  }
}

export class Re2Checker {
  private i = 0;
  private readonly stack: Frame[] = [newFrame(0)];
  private readonly names = new Set<string>();
  /** Where `(?<name>` must become `(?P<name>` for RE2 versions without the short form. */
  readonly namedShortForms: number[] = [];

  constructor(private readonly p: string) {}

  private fail(reason: string, at = this.i): never {
    throw new Re2SyntaxError(reason, at);
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  /** Validate the whole pattern; returns its estimated program size. */
  check(): number {
    const p = this.p;
    while (this.i < p.length) {
      const c = p[this.i]!;
      if (c === '(') this.openGroup();
      else if (c === ')') this.closeGroup();
      else if (c === '|') {
        this.commit();
        this.i++;
      } else if (c === '*' || c === '+' || c === '?') this.repeat(1, 1, 1);
      else if (c === '{' && this.countedRepeat()) continue;
      else if (c === '[') this.atom(this.charClass());
      else if (c === '\\') this.escape();
      else if (c === '^' || c === '$') this.assertion(1);
      else this.atom(this.literal());
    }
    if (this.stack.length > 1) this.fail('invalid regular expression: unterminated group', this.top.start);
    this.commit();
    const size = this.top.size;
    if (size > MAX_REGEX_SIZE) this.tooLarge(size);
    return size;
  }

  private tooLarge(size: number): never {
    return this.fail(
      `regular expression too large (about ${size} steps, at most ${MAX_REGEX_SIZE}): use fewer or smaller repetitions`,
      0,
    );
  }

  /** The previous atom joins its group's total. */
  private commit(): void {
    const f = this.top;
    if (f.last) {
      f.size += f.last.size;
      f.rep = Math.max(f.rep, f.last.rep);
    }
    f.last = null;
    f.repeated = false;
  }

  private atom(size: number): void {
    this.commit();
    this.top.last = { size, rep: 1 };
  }

  /** An empty-width assertion: nothing to repeat after it. */
  private assertion(length: number): void {
    this.commit();
    this.top.size += 1;
    this.i += length;
  }

  /** One character (a surrogate pair is one). */
  private literal(): number {
    const cp = this.p.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return 1;
  }

  private openGroup(): void {
    const p = this.p;
    const start = this.i;
    const rest = p.slice(start, start + 4);
    for (const [re, why] of UNSUPPORTED_GROUPS) if (re.test(rest)) this.fail(why);
    if (p[start + 1] !== '?') this.i++;
    else if (p.startsWith('(?P<', start) || p[start + 2] === '<') this.groupName(start);
    else if (this.flags(start)) return;
    this.commit();
    if (this.stack.length > MAX_GROUP_DEPTH) {
      this.fail(`groups nested more than ${MAX_GROUP_DEPTH} deep in the regular expression`, start);
    }
    this.stack.push(newFrame(start));
  }

  /** `(?P<name>` or `(?<name>`: a valid, unique name. */
  private groupName(start: number): void {
    const short = this.p[start + 2] === '<';
    const from = start + (short ? 3 : 4);
    const end = this.p.indexOf('>', from);
    const name = end < 0 ? '' : this.p.slice(from, end);
    if (!/^[A-Za-z0-9_]+$/.test(name))
      this.fail('invalid name of a capture group (letters, digits, _)', start);
    if (this.names.has(name)) this.fail(`duplicate capture group name "${name}"`, start);
    this.names.add(name);
    if (short) this.namedShortForms.push(start + 2);
    this.i = end + 1;
  }

  /** `(?flags)` (true: nothing opened) or `(?flags:` (false: a group opens). */
  private flags(start: number): boolean {
    const p = this.p;
    if (p[start + 2] === ':') {
      this.i = start + 3;
      return false;
    }
    let i = start + 2;
    let negated = false;
    let sawFlag = false;
    for (; ; i++) {
      const c = p[i];
      if (c === 'i' || c === 'm' || c === 's' || c === 'U') sawFlag = true;
      else if (c === '-' && !negated) {
        negated = true;
        sawFlag = false;
      } else if ((c === ')' || c === ':') && sawFlag) break;
      else this.fail('invalid flags group: use (?i), (?s), (?m), (?U), (?-i) or (?i:...)', start);
    }
    this.i = i + 1;
    if (p[i] === ':') return false;
    this.commit();
    return true;
  }

  private closeGroup(): void {
    if (this.stack.length === 1) this.fail('invalid regular expression: unmatched ")"');
    this.commit();
    const f = this.stack.pop()!;
    this.i++;
    this.atom(f.size + 1);
    this.top.last!.rep = f.rep;
    if (f.size > MAX_REGEX_SIZE) this.tooLarge(f.size);
  }

  /** `{n}`, `{n,}`, `{n,m}`; false when the `{` is a literal (then it is consumed as one). */
  private countedRepeat(): boolean {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i, this.i + 24));
    if (!m) {
      this.atom(this.literal());
      return true;
    }
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? null : Number(m[3]);
    if (min > MAX_REPEAT || (max !== null && max > MAX_REPEAT)) {
      this.fail(`RE2 allows at most ${MAX_REPEAT} repetitions in {n,m}`);
    }
    if (max !== null && max < min) this.fail(`invalid repetition ${m[0]}: the maximum is below the minimum`);
    this.repeat(m[0].length, max ?? min + 1, Math.max(max ?? min, 1));
    return true;
  }

  /** A repetition of `length` characters multiplying the atom's size by `times` (`count` for nesting). */
  private repeat(length: number, times: number, count: number): void {
    const f = this.top;
    const at = this.i;
    if (f.repeated) {
      this.fail(
        this.p[at] === '+'
          ? 'possessive quantifiers (*+, ++, ?+, {n}+) are not supported by RE2'
          : 'invalid regular expression: a repetition cannot be repeated',
      );
    }
    if (!f.last) this.fail('invalid regular expression: nothing to repeat');
    const rep = length > 1 ? f.last.rep * count : f.last.rep;
    if (rep > MAX_REPEAT) {
      this.fail(`nested repetitions multiply to more than ${MAX_REPEAT} (RE2's limit)`);
    }
    f.last = { size: f.last.size * Math.max(times, 1) + 1, rep };
    f.repeated = true;
    this.i += length;
    if (this.p[this.i] === '?') this.i++; // non-greedy
  }

  private escape(): void {
    const p = this.p;
    const at = this.i;
    const c = p[at + 1];
    if (c === undefined) this.fail('invalid regular expression: trailing backslash');
    if (ASSERTIONS.has(c)) {
      this.assertion(2);
      return;
    }
    if (c === 'Q') {
      this.quoted();
      return;
    }
    if (c === 'C') this.fail('\\C (any byte) is not supported');
    const size = this.classEscape() ?? this.charEscape();
    this.commit();
    this.top.last = { size, rep: 1 };
  }

  /** `\Q...\E`: literal text. */
  private quoted(): void {
    const end = this.p.indexOf('\\E', this.i + 2);
    const stop = end < 0 ? this.p.length : end;
    for (this.i += 2; this.i < stop; ) this.atom(this.literal());
    if (end >= 0) this.i = end + 2;
  }

  /** `\d`-style and `\p` classes: their size, or null when the escape is something else. */
  private classEscape(): number | null {
    const p = this.p;
    const c = p[this.i + 1]!;
    if (PERL_CLASSES.has(c)) {
      this.i += 2;
      return 1;
    }
    if (c !== 'p' && c !== 'P') return null;
    const at = this.i;
    let name: string;
    if (p[at + 2] === '{') {
      const end = p.indexOf('}', at + 3);
      if (end < 0) this.fail('invalid Unicode class: missing "}"');
      name = p.slice(at + 3, end).replace(/^\^/, '');
      this.i = end + 1;
    } else {
      const cp = p.codePointAt(at + 2);
      if (cp === undefined) this.fail('invalid Unicode class: a name must follow \\p');
      name = String.fromCodePoint(cp);
      this.i = at + 2 + name.length;
    }
    if (!UNICODE_GROUPS.has(name)) {
      this.fail(`unknown Unicode class "${name}" (for instance \\pL, \\p{Greek}, \\p{Lu})`, at);
    }
    return UNICODE_CLASS_SIZE;
  }

  /** A character written as an escape (octal, hex, control, punctuation); advances past it. */
  private charEscape(): number {
    this.escapedCodePoint();
    return 1;
  }

  /** The code point an escape stands for. */
  private escapedCodePoint(): number {
    const p = this.p;
    const at = this.i;
    const c = p[at + 1]!;
    if (c === '0') {
      const m = /^0[0-7]{0,2}/.exec(p.slice(at + 1, at + 4))!;
      this.i = at + 1 + m[0].length;
      return Number.parseInt(m[0], 8);
    }
    if (c === 'x') return this.hexEscape();
    if (SIMPLE_ESCAPES.has(c)) {
      this.i = at + 2;
      return { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 }[c as 'a']!;
    }
    if (c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9]/.test(c)) {
      this.i = at + 2;
      return c.charCodeAt(0);
    }
    return this.fail(escapeHint(c));
  }

  /** `\xHH` or `\x{H...}` up to 10FFFF. */
  private hexEscape(): number {
    const p = this.p;
    const at = this.i;
    const braced = /^\{([0-9A-Fa-f]{1,8})\}/.exec(p.slice(at + 2, at + 12));
    const two = /^[0-9A-Fa-f]{2}/.exec(p.slice(at + 2, at + 4));
    const digits = braced?.[1] ?? two?.[0];
    if (digits === undefined) this.fail('invalid \\x escape: write \\x41 or \\x{41}');
    const cp = Number.parseInt(digits, 16);
    if (cp > 0x10ffff) this.fail('invalid \\x escape: beyond U+10FFFF');
    this.i = at + 2 + (braced ? braced[0].length : 2);
    return cp;
  }

  /** `[...]`, `[^...]` with ranges, escapes, `\d`/`\p` classes and `[:alpha:]`; its size. */
  private charClass(): number {
    const p = this.p;
    const start = this.i;
    this.i++;
    if (p[this.i] === '^') this.i++;
    let size = 1;
    let first = true;
    while (this.i < p.length && (p[this.i] !== ']' || first)) {
      first = false;
      if (p.startsWith('[:', this.i) && this.posixClass()) continue;
      if (p[this.i] === '\\' && p[this.i + 1] !== undefined) {
        const cls = this.classEscape();
        if (cls !== null) {
          size += cls;
          continue;
        }
      }
      this.classRange();
    }
    if (this.i >= p.length)
      this.fail('invalid regular expression: unterminated character class (missing ])', start);
    this.i++;
    return size;
  }

  /** `[:name:]` or `[:^name:]` inside a class; false when it is not one (a literal `[`). */
  private posixClass(): boolean {
    const end = this.p.indexOf(':]', this.i + 2);
    if (end < 0) return false;
    const name = this.p.slice(this.i + 2, end).replace(/^\^/, '');
    if (!POSIX_CLASSES.has(name)) this.fail(`unknown class [:${name}:] (for instance [:alpha:], [:digit:])`);
    this.i = end + 2;
    return true;
  }

  /** One character, or a range `a-z` whose ends are in order. */
  private classRange(): void {
    const at = this.i;
    const lo = this.classChar();
    const p = this.p;
    if (p[this.i] === '-' && p[this.i + 1] !== undefined && p[this.i + 1] !== ']') {
      this.i++;
      if (p[this.i] === '\\' && /[dDsSwWpP]/.test(p[this.i + 1] ?? '')) {
        this.fail('invalid character class range: a class cannot end a range', at);
      }
      const hi = this.classChar();
      if (hi < lo) this.fail(`invalid character class range ${p.slice(at, this.i)}`, at);
    }
  }

  private classChar(): number {
    if (this.p[this.i] === '\\') {
      if (this.p[this.i + 1] === undefined) this.fail('invalid regular expression: trailing backslash');
      return this.escapedCodePoint();
    }
    const cp = this.p.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return cp;
  }
}
