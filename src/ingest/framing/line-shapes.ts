/** Cheap tests on the bytes of one line, used to pick the fast path or the scanner. */

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LBRACE = 123;
const CONCAT = Buffer.from('}{');
const CONCAT_SPACED = Buffer.from('} {');

export const isBlank = (c: number | undefined): boolean => c === SPACE || c === TAB || c === CR;

/** Start of the JSON in a CloudWatch export line (`2020-10-01T17:25:04.123Z {...}`), or -1. */
export function cloudWatchJsonStart(buf: Buffer, k: number, e: number): number {
  if (e - k < 13) return -1;
  const c = buf[k]!;
  if (c < 48 || c > 57 || buf[k + 4] !== 45 || buf[k + 7] !== 45 || buf[k + 10] !== 84) return -1;
  const sp = buf.indexOf(SPACE, k + 11);
  if (sp < 0 || sp >= e || sp - k > 40) return -1;
  let j = sp + 1;
  while (j < e && isBlank(buf[j])) j++;
  return buf[j] === LBRACE ? j : -1;
}

/**
 * Tells whether a `{...}` line may hold several objects (`}{` or `} {` inside it). Remembers the
 * next occurrence in the buffer, so a buffer is searched about once, however many lines it has.
 * Lines must be asked about in increasing order within a buffer.
 */
export class ConcatFinder {
  private buf: Buffer | null = null;
  private next = -2;
  private nextSpaced = -2;

  holdsOneObject(buf: Buffer, k: number, e: number): boolean {
    if (buf !== this.buf) {
      this.buf = buf;
      this.next = -2;
      this.nextSpaced = -2;
    }
    if (this.next !== -1 && this.next < k) this.next = buf.indexOf(CONCAT, k);
    if (this.next !== -1 && this.next < e) return false;
    if (this.nextSpaced !== -1 && this.nextSpaced < k) this.nextSpaced = buf.indexOf(CONCAT_SPACED, k);
    return this.nextSpaced === -1 || this.nextSpaced >= e;
  }
}

/**
 * Whether `bytes` (trimmed; `cloudWatch`: after an export line's timestamp) are one whole JSON
 * object. Used on a file's unterminated tail only, so it may parse.
 */
export function isWholeObject(bytes: Buffer, cloudWatch = false): boolean {
  let k = 0;
  while (k < bytes.length && (isBlank(bytes[k]) || bytes[k] === 10)) k++;
  if (cloudWatch && bytes[k] !== LBRACE) k = cloudWatchJsonStart(bytes, k, bytes.length);
  if (k < 0 || bytes[k] !== LBRACE) return false;
  const text = bytes.toString('utf8', k).trim();
  if (!text.endsWith('}')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
