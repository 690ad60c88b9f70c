/**
 * Regular expressions run in the database with RE2 (linear time, so no input can hang a query).
 * RE2 lacks some Perl/JavaScript constructs: reject them here with a clear reason rather than
 * letting the database fail with a terse one, and catch plain syntax errors early.
 */

const RE2_FLAGS = new Set(['i', 'm', 's']);

export interface RegexCheck {
  /** The pattern to send to RE2 (flags folded in as `(?ims)`, `(?<name>` spelled `(?P<name>`). */
  pattern?: string;
  /** Why it was rejected. */
  error?: string;
}

const UNSUPPORTED: Array<[RegExp, string]> = [
  [/^\(\?<?[=!]/, 'lookahead and lookbehind assertions ((?=, (?!, (?<=, (?<!) are not supported by RE2'],
  [/^\(\?>/, 'atomic groups (?>...) are not supported by RE2'],
  [/^\\[1-9]/, 'backreferences (\\1...) are not supported by RE2'],
  [/^\\k</, 'named backreferences (\\k<name>) are not supported by RE2'],
  [/^\\u/, 'RE2 does not support \\u escapes: write \\x{...}'],
  [/^\\c/, 'RE2 does not support \\c control escapes'],
  [/^[*+?}]\+/, 'possessive quantifiers (*+, ++, ?+, {n}+) are not supported by RE2'],
];

/** Scan outside character classes for constructs RE2 rejects; return the reason or null. */
function findUnsupported(p: string): string | null {
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    const rest = p.slice(i);
    if (c === '\\') {
      for (const [re, why] of UNSUPPORTED) if (re.test(rest) && (!inClass || rest[1] === 'u')) return why;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (p[i + 1] === '^') i++;
      if (p[i + 1] === ']') i++;
      continue;
    }
    for (const [re, why] of UNSUPPORTED) if (re.test(rest)) return why;
    const rep = /^\{(\d+)(?:,(\d*))?\}/.exec(rest);
    if (rep && (Number(rep[1]) > 1000 || Number(rep[2] || 0) > 1000)) {
      return 'RE2 allows at most 1000 repetitions in {n,m}';
    }
  }
  return null;
}

/** JavaScript's parser as a basic syntax check, after rewriting RE2-only syntax it does not know. */
function jsSyntaxError(p: string): string | null {
  const js = p
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?[imsU-]+\)/g, '')
    .replace(/\(\?[imsU-]+:/g, '(?:');
  try {
    new RegExp(js);
    return null;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const idx = msg.lastIndexOf(': ');
    return idx >= 0 ? msg.slice(idx + 2).toLowerCase() : msg;
  }
}

/** Validate a user regex and its `/.../flags` for RE2. */
export function checkRegex(pattern: string, flags: string): RegexCheck {
  for (const f of flags) {
    if (!RE2_FLAGS.has(f)) return { error: `unknown regular expression flag "${f}" (use i, m or s)` };
  }
  if (pattern === '') return { error: 'empty regular expression' };
  const rewritten = pattern.replace(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?P<$1>');
  const unsupported = findUnsupported(rewritten);
  if (unsupported) return { error: unsupported };
  const syntax = jsSyntaxError(rewritten);
  if (syntax) return { error: `invalid regular expression: ${syntax}` };
  const unique = [...new Set(flags)].sort().join('');
  return { pattern: unique ? `(?${unique})${rewritten}` : rewritten };
}
