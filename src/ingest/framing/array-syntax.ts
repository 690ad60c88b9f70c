/**
 * The syntax of a top-level JSON array of records (`[`, `,`, `]` between the elements) as the
 * framer meets it on a line, and where an element that is not an object ends.
 */
import { isBlank } from './line-shapes.ts';

const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const COMMA = 44;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Whether `buf[k]` starts array syntax outside an array: `[` or `,` before an object or the end of
 * `buf[k, e)`, or a lone `]` (a resume inside an array starts at one of these).
 */
export function startsArraySyntax(buf: Buffer, k: number, e: number): boolean {
  const c = buf[k];
  if (c !== LBRACKET && c !== COMMA && c !== RBRACKET) return false;
  let j = k + 1;
  while (j < e && isBlank(buf[j])) j++;
  return j === e || (c !== RBRACKET && buf[j] === LBRACE);
}

/** Index of the `,` or `]` that ends the JSON value starting at `buf[k]` (strings and nesting known), or `e`. */
export function valueEnd(buf: Buffer, k: number, e: number): number {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let j = k; j < e; j++) {
    const c = buf[j];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === LBRACKET || c === LBRACE) depth++;
    else if (c === RBRACKET || c === RBRACE) {
      if (depth === 0) return j;
      depth--;
    } else if (c === COMMA && depth === 0) return j;
  }
  return e;
}
