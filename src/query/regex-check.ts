/**
 * Regular expressions run in the database with RE2 (linear time, so no input can hang a query).
 * A pattern is checked here against RE2's syntax and size limits (`re2-syntax.ts`): a construct
 * RE2 lacks (lookaround, backreferences, `\Z`...) is refused with a clear reason and its position,
 * never with the engine's error text.
 */
import { Re2Checker, Re2SyntaxError } from './re2-syntax.ts';

const RE2_FLAGS = new Set(['i', 'm', 's']);

export interface RegexCheck {
  /** The pattern to send to RE2 (flags folded in as `(?ims)`, `(?<name>` spelled `(?P<name>`). */
  pattern?: string;
  /** Why it was rejected. */
  error?: string;
  /** Where in the pattern the problem starts (UTF-16 code units), when rejected. */
  index?: number;
}

/** Validate a user regex and its `/.../flags` for RE2. */
export function checkRegex(pattern: string, flags: string): RegexCheck {
  for (const f of flags) {
    if (!RE2_FLAGS.has(f))
      return { error: `unknown regular expression flag "${f}" (use i, m or s)`, index: 0 };
  }
  if (pattern === '') return { error: 'empty regular expression', index: 0 };
  const checker = new Re2Checker(pattern);
  try {
    checker.check();
  } catch (err) {
    if (err instanceof Re2SyntaxError) return { error: err.reason, index: err.index };
    throw err;
  }
  let rewritten = pattern;
  for (const at of [...checker.namedShortForms].reverse()) {
    rewritten = `${rewritten.slice(0, at)}P${rewritten.slice(at)}`;
  }
  const unique = [...new Set(flags)].sort().join('');
  return { pattern: unique ? `(?${unique})${rewritten}` : rewritten };
}
