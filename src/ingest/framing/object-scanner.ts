/**
 * Byte-level scanner that finds where a top-level JSON object closes. It knows strings and
 * backslash escapes (a brace inside a string does not count) and remembers enough of the grammar
 * to tell whether an object may legally start next (used to cut broken multi-line objects short).
 */

const QUOTE = 34;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const COMMA = 44;
const COLON = 58;

export class ObjectScanner {
  depth = 0;
  inString = false;
  private escaped = false;
  /** Last byte outside strings that was not whitespace (0 before the first). */
  private lastToken = 0;
  /** Opening byte (`{` or `[`) of each open container, by depth. */
  private readonly containers: number[] = [];

  reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.lastToken = 0;
  }

  /** Scans `buf[from, to)`; returns the index of the byte that closes the top-level object, or -1. */
  scan(buf: Buffer, from: number, to: number): number {
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let last = this.lastToken;
    const containers = this.containers;
    let closedAt = -1;
    for (let k = from; k < to; k++) {
      const c = buf[k]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (c === QUOTE) {
        inString = true;
        last = QUOTE;
      } else if (c === LBRACE || c === LBRACKET) {
        containers[depth++] = c;
        last = c;
      } else if (c === RBRACE || c === RBRACKET) {
        depth--;
        last = c;
        if (depth <= 0) {
          depth = 0;
          closedAt = k;
          break;
        }
      } else if (c > 32) {
        last = c;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.lastToken = last;
    return closedAt;
  }

  /** True when a JSON value (so an object) may come next: after `:`, `[`, or `,` inside an array. */
  expectsValue(): boolean {
    const last = this.lastToken;
    if (last === COLON || last === LBRACKET) return true;
    return last === COMMA && this.containers[this.depth - 1] === LBRACKET;
  }
}
