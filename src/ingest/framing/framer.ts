/**
 * The synchronous core of framing: fed decompressed bytes chunk by chunk, it cuts them into one
 * text per JSON record and keeps exact byte offsets and line numbers.
 *
 * Rules:
 * - Fast path: a line that starts with `{`, ends with `}` and holds no `}{` / `} {` is one record.
 * - `<ISO-8601 timestamp> {...}` (CloudWatch Logs export) loses its prefix.
 * - Anything else starting with `{` goes through a string-aware brace scanner: several objects on
 *   one line, objects spanning lines (pretty-printed), objects on a line with no newline at all.
 * - An open multi-line object is cut short and yielded as it is (a broken record) when the next
 *   line starts with `{` where JSON allows no value (or the open object is one line and the new
 *   line is a whole `{...}`), when the next line is a CloudWatch export line, or when a line ends
 *   inside a string. So a truncated line swallows at most one following line.
 * - A JSON array of records (`[` then an object or the line's end) is read as its elements, each
 *   with the line it starts on; an element that is not an object is yielded as it is (and rejected
 *   as `not_object`). A line that starts with `,` before an object, or is a lone `]`, continues or
 *   ends such an array (a resume inside one starts there).
 * - Lines that look like none of this are yielded unchanged; blank lines are skipped but counted.
 * - Records over `maxRecordBytes` are yielded with `error: 'line_too_long'` and their first 64 KiB.
 * - Held tail (`holdPartialTail`): at the end of input an unterminated last line is kept back unless
 *   it already is whole JSON, and so is a pretty-printed object still open; `held` then says so.
 */
import { isAscii } from 'node:buffer';
import { startsArraySyntax, valueEnd } from './array-syntax.ts';
import { ConcatFinder, cloudWatchJsonStart, isBlank, isWholeObject } from './line-shapes.ts';
import { OpenObject, PREVIEW_BYTES, tooLong } from './open-object.ts';
import type { FramedRecord, FrameOptions } from './types.ts';

const LF = 10;
const CR = 13;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const COMMA = 44;
/** A partial line longer than this that looks like JSON is streamed through the scanner. */
const LONG_LINE_BYTES = 1 << 20;
const DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;
const DEFAULT_BATCH_SIZE = 20_000;

/** A batch size option as a function giving at least 1. */
export function batchLimit(size: number | (() => number)): () => number {
  if (typeof size === 'number') {
    const n = Math.max(1, size);
    return () => n;
  }
  return () => Math.max(1, size());
}

export class Framer {
  readonly records: FramedRecord[] = [];
  /** Resume point after the last fully framed piece: decompressed byte offset, and lines before it. */
  boundaryOffset: number;
  boundaryLine: number;
  /** Lines fully consumed. */
  lines: number;

  private readonly maxRecordBytes: number;
  private readonly holdPartialTail: boolean;
  private readonly batchSize: () => number;
  private toSkip: number;
  /** Absolute offset of the first byte not yet consumed (the start of `carry`). */
  private pos: number;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** The carried line is long and does not look like JSON: it only waits for its end. */
  private carryPlain = false;

  private readonly open = new OpenObject();
  /** The current line was partly consumed by the long-line path. */
  private midLine = false;
  /** Skipping the rest of an over-long line; the record is yielded when the line ends. */
  private overlong: FramedRecord | null = null;

  private readonly concat = new ConcatFinder();
  /** Inside a top-level JSON array of records. */
  private inArray = false;
  /** Set by `end()` when an unterminated tail was held back rather than framed. */
  held = false;

  constructor(opts: FrameOptions = {}, alreadySkipped = 0) {
    const start = opts.startOffset ?? 0;
    this.maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.holdPartialTail = opts.holdPartialTail ?? false;
    this.batchSize = batchLimit(opts.batchSize ?? DEFAULT_BATCH_SIZE);
    this.toSkip = Math.max(0, start - alreadySkipped);
    this.pos = alreadySkipped;
    this.lines = opts.startLine ?? 0;
    this.boundaryOffset = start;
    this.boundaryLine = this.lines;
  }

  /**
   * Feeds decompressed bytes; returns how many were consumed. It stops early at a line end once
   * `batchSize` records are waiting: feed the rest again after taking them.
   */
  push(input: Buffer): number {
    let chunk = input;
    let skipped = 0;
    if (this.toSkip > 0) {
      skipped = Math.min(this.toSkip, chunk.length);
      this.toSkip -= skipped;
      this.pos += skipped;
      chunk = chunk.subarray(skipped);
    }
    if (chunk.length === 0) return skipped;
    let i = 0;
    if (this.carryBytes > 0 || this.midLine || this.overlong) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) {
        this.partial(chunk);
        return skipped + chunk.length;
      }
      this.finishPartial(chunk, nl);
      i = nl + 1;
    }
    const base = this.pos - i;
    const encoding = isAscii(chunk) ? 'latin1' : 'utf8';
    const records = this.records;
    let nl = chunk.indexOf(LF, i);
    while (nl >= 0) {
      // Fast path: one `{...}` per line, inlined; everything else goes through line().
      const e = chunk[nl - 1] === CR ? nl - 1 : nl;
      if (
        this.open.line === 0 &&
        chunk[i] === LBRACE &&
        chunk[e - 1] === RBRACE &&
        e - i <= this.maxRecordBytes &&
        this.concat.holdsOneObject(chunk, i, e)
      ) {
        records.push({ text: chunk.toString(encoding, i, e), line: ++this.lines });
        this.boundaryOffset = base + nl + 1;
        this.boundaryLine = this.lines;
      } else {
        this.line(chunk, i, nl, base, true);
      }
      i = nl + 1;
      if (records.length >= this.batchSize()) {
        this.pos = base + i;
        return skipped + i;
      }
      nl = chunk.indexOf(LF, i);
    }
    this.pos = base + i;
    if (i < chunk.length) this.partial(chunk.subarray(i));
    return skipped + chunk.length;
  }

  /** End of input: frames the unterminated tail unless it is to be held. */
  end(): void {
    if (this.holdPartialTail && this.holdsTail()) {
      this.held = true;
      return;
    }
    if (this.overlong) {
      this.records.push(this.overlong);
      this.overlong = null;
      this.pos += this.carryBytes;
      this.lines++;
      this.mark(this.pos);
    } else if (this.midLine) {
      this.segment(Buffer.alloc(0), 0, 0, this.pos, false, true);
      this.midLine = false;
      this.lines++;
      this.mark(this.pos);
    } else if (this.carryBytes > 0) {
      const buf = this.takeCarry();
      this.line(buf, 0, buf.length, this.pos, false);
    }
    if (this.open.line !== 0) {
      this.records.push(this.open.cut());
      this.mark(this.pos);
    }
  }

  /**
   * Whether the end of input is held back: an unterminated last line that is not whole JSON, or a
   * pretty-printed object still open (its lines ended, but it spans several or began with a lone
   * `{`). A one-line object left open by a line that did end is a broken record, framed as usual.
   */
  private holdsTail(): boolean {
    if (this.overlong || this.midLine) return true;
    if (this.carryBytes > 0) return !this.tailIsWhole();
    if (this.open.line === 0) return false;
    if (this.open.lineCount >= 2) return true;
    const text = this.open.peek().toString('utf8');
    const nl = text.indexOf('\n');
    return (nl < 0 ? text : text.slice(0, nl)).trim() === '{';
  }

  /**
   * Whether the unterminated tail is complete as it is: one whole JSON object (after a CloudWatch
   * export prefix), a whole open object once the tail is added, or the `]` closing an array.
   */
  private tailIsWhole(): boolean {
    const tail = Buffer.concat(this.carry, this.carryBytes);
    if (this.open.line !== 0) return isWholeObject(Buffer.concat([this.open.peek(), tail]));
    return (this.inArray && tail.toString('utf8').trim() === ']') || isWholeObject(tail, true);
  }

  private mark(offset: number): void {
    this.boundaryOffset = offset;
    this.boundaryLine = this.lines;
  }

  private takeCarry(): Buffer {
    const buf = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry, this.carryBytes);
    this.carry = [];
    this.carryBytes = 0;
    this.carryPlain = false;
    return buf;
  }

  /** Bytes of a line whose end has not arrived yet. */
  private partial(bytes: Buffer): void {
    if (this.overlong) {
      this.pos += bytes.length;
      return;
    }
    if (this.midLine) {
      this.segment(bytes, 0, bytes.length, this.pos, false, false);
      this.pos += bytes.length;
      this.midLine = this.overlong === null;
      return;
    }
    this.carry.push(bytes);
    this.carryBytes += bytes.length;
    const limit = this.carryPlain ? this.maxRecordBytes : Math.min(LONG_LINE_BYTES, this.maxRecordBytes);
    if (this.carryBytes <= limit) return;
    const buf = this.takeCarry();
    let k = 0;
    while (k < buf.length && isBlank(buf[k])) k++;
    if (this.open.line !== 0 || buf[k] === LBRACE || cloudWatchJsonStart(buf, k, buf.length) >= 0) {
      this.segment(buf, 0, buf.length, this.pos, true, false);
      this.midLine = this.overlong === null;
    } else if (buf.length > this.maxRecordBytes) {
      this.overlong = tooLong(buf, this.lines + 1);
    } else {
      this.carry.push(buf);
      this.carryBytes = buf.length;
      this.carryPlain = true;
      return;
    }
    this.pos += buf.length;
  }

  /** The line held in carry / streamed so far ends at `chunk[nl]`. */
  private finishPartial(chunk: Buffer, nl: number): void {
    if (this.overlong) {
      this.records.push(this.overlong);
      this.overlong = null;
      this.pos += nl + 1;
      this.lines++;
      this.mark(this.pos);
    } else if (this.midLine) {
      this.midLine = false;
      this.line(chunk, 0, nl, this.pos, true, false);
    } else {
      const base = this.pos;
      this.carry.push(chunk.subarray(0, nl));
      this.carryBytes += nl;
      const buf = this.takeCarry();
      this.line(buf, 0, buf.length, base, true);
    }
  }

  /** A whole line `buf[a, b)` (or the end of a streamed one), `b` being its LF or the end of input. */
  private line(buf: Buffer, a: number, b: number, base: number, hasLF: boolean, lineStart = true): void {
    let e = b;
    if (e > a && buf[e - 1] === CR) e--;
    this.segment(buf, a, e, base, lineStart, true);
    this.lines++;
    this.pos = base + b + (hasLF ? 1 : 0);
    if (this.open.line === 0) this.mark(this.pos);
  }

  private segment(buf: Buffer, a: number, e: number, base: number, lineStart: boolean, lineEnd: boolean) {
    const curLine = this.lines + 1;
    let k = a;
    if (lineStart) {
      if (base + k === 0 && buf[k] === 0xef && buf[k + 1] === 0xbb && buf[k + 2] === 0xbf) k += 3;
      if (this.open.line !== 0 && this.breaksOpenObject(buf, k, e, lineEnd)) {
        this.records.push(this.open.cut());
        this.mark(base + a);
      }
      if (this.open.line === 0) {
        if (lineEnd && e - k > this.maxRecordBytes) {
          this.records.push(tooLong(buf.subarray(k, k + PREVIEW_BYTES), curLine));
          return;
        }
        if (lineEnd && buf[k] === LBRACE && buf[e - 1] === RBRACE && this.concat.holdsOneObject(buf, k, e)) {
          this.records.push({ text: buf.toString('utf8', k, e), line: curLine });
          return;
        }
        const first = k;
        while (k < e && isBlank(buf[k])) k++;
        if (k === e) return;
        if (buf[k] !== LBRACE && !this.arrayPunctuation(buf, k, e)) {
          const j = cloudWatchJsonStart(buf, k, e);
          if (j < 0) {
            this.records.push({ text: buf.toString('utf8', first, e), line: curLine });
            if (!lineEnd) this.mark(base + e);
            return;
          }
          k = j;
          if (lineEnd && buf[e - 1] === RBRACE && this.concat.holdsOneObject(buf, k, e)) {
            this.records.push({ text: buf.toString('utf8', k, e), line: curLine });
            return;
          }
        }
      }
    }
    this.scanObjects(buf, k, e, base, lineEnd, curLine);
  }

  /** Whether the line `buf[k, e)` cannot continue the open object (see the rules at the top). */
  private breaksOpenObject(buf: Buffer, k: number, e: number, lineEnd: boolean): boolean {
    let j = k;
    while (j < e && isBlank(buf[j])) j++;
    if (j >= e) return false;
    if (buf[j] === LBRACE) {
      if (!this.open.scanner.expectsValue()) return true;
      return this.open.lineCount === 1 && lineEnd && buf[e - 1] === RBRACE;
    }
    return cloudWatchJsonStart(buf, j, e) >= 0;
  }

  /** Runs the brace scanner over `buf[k, e)`, yielding each object that closes in it. */
  private scanObjects(buf: Buffer, from: number, e: number, base: number, lineEnd: boolean, curLine: number) {
    let k = from;
    let start = k;
    for (;;) {
      if (this.open.line === 0) {
        while (k < e && isBlank(buf[k])) k++;
        if (k >= e) return;
        if (buf[k] !== LBRACE && this.arrayPunctuation(buf, k, e)) {
          k = this.arrayStep(buf, k, e, base, lineEnd, curLine);
          continue;
        }
        if (buf[k] !== LBRACE) {
          let next = buf.indexOf(LBRACE, k);
          if (next < 0 || next > e) next = e;
          this.records.push({ text: buf.toString('utf8', k, next), line: curLine });
          if (next < e || !lineEnd) this.mark(base + next);
          k = next;
          continue;
        }
        this.open.begin(curLine);
        start = k;
      }
      const close = this.open.scanner.scan(buf, k, e);
      if (close < 0) {
        this.holdOpen(buf, start, e, lineEnd);
        return;
      }
      this.records.push(this.open.close(buf, start, close + 1, this.maxRecordBytes));
      this.mark(base + close + 1);
      k = close + 1;
    }
  }

  /**
   * Whether `buf[k]` (not `{`) is array syntax between records: anything inside an array, `[` before
   * an object or the end, `,` before an object or the end, or a lone `]`.
   */
  private arrayPunctuation(buf: Buffer, k: number, e: number): boolean {
    return this.inArray || startsArraySyntax(buf, k, e);
  }

  /** One step through array syntax at `buf[k]`; returns where the scan goes on. */
  private arrayStep(buf: Buffer, k: number, e: number, base: number, lineEnd: boolean, curLine: number) {
    const c = buf[k];
    if ((c === LBRACKET && !this.inArray) || c === COMMA) {
      this.inArray = true;
      return k + 1;
    }
    if (c === RBRACKET) {
      this.inArray = false;
      return k + 1;
    }
    // An element that is not an object: up to the `,` or `]` after it (or the line's end).
    const end = valueEnd(buf, k, e);
    let t = end;
    while (t > k && isBlank(buf[t - 1])) t--;
    this.records.push({ text: buf.toString('utf8', k, t), line: curLine });
    if (end < e || !lineEnd) this.mark(base + end);
    return end;
  }

  private holdOpen(buf: Buffer, start: number, e: number, lineEnd: boolean): void {
    const open = this.open;
    if (e > start) open.add(buf.subarray(start, e));
    if (lineEnd) {
      // A line that ends inside a string is not JSON: cut it here rather than swallow more lines.
      if (open.scanner.inString) {
        this.records.push(open.cut());
        return;
      }
      open.endLine();
    }
    if (open.bytes <= this.maxRecordBytes) return;
    const record = open.cut(true);
    if (lineEnd) this.records.push(record);
    else this.overlong = record;
  }
}
