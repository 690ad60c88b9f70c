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
 * - Lines that look like none of this are yielded unchanged; blank lines are skipped but counted.
 * - Records over `maxRecordBytes` are yielded with `error: 'line_too_long'` and their first 64 KiB.
 */
import { isAscii } from 'node:buffer';
import { ObjectScanner } from './object-scanner.ts';
import type { FramedRecord, FrameOptions } from './types.ts';

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const LBRACE = 123;
const RBRACE = 125;
const CONCAT = Buffer.from('}{');
const CONCAT_SPACED = Buffer.from('} {');
const NEWLINE = Buffer.from('\n');
/** A partial line longer than this that looks like JSON is streamed through the scanner. */
const LONG_LINE_BYTES = 1 << 20;
/** Bytes kept of an over-long record. */
const PREVIEW_BYTES = 64 * 1024;
const DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;
const DEFAULT_BATCH_SIZE = 20_000;

const isBlank = (c: number | undefined): boolean => c === SPACE || c === TAB || c === CR;

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

export class Framer {
  readonly records: FramedRecord[] = [];
  /** Resume point after the last fully framed piece: decompressed byte offset, and lines before it. */
  boundaryOffset: number;
  boundaryLine: number;
  /** Lines fully consumed. */
  lines: number;

  private readonly maxRecordBytes: number;
  private readonly holdPartialTail: boolean;
  private readonly batchSize: number;
  private toSkip: number;
  /** Absolute offset of the first byte not yet consumed (the start of `carry`). */
  private pos: number;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** The carried line is long and does not look like JSON: it only waits for its end. */
  private carryPlain = false;

  private readonly scanner = new ObjectScanner();
  /** Bytes of the open (not yet closed) object, and the line it started on (0: none open). */
  private pieces: Buffer[] = [];
  private pieceBytes = 0;
  private objLine = 0;
  /** Lines of the open object already ended. */
  private objLineCount = 0;
  /** The current line was partly consumed by the long-line path. */
  private midLine = false;
  /** Skipping the rest of an over-long line; the record is yielded when the line ends. */
  private overlong: FramedRecord | null = null;

  private cacheBuf: Buffer | null = null;
  private nextConcat = -2;
  private nextConcatSpaced = -2;

  constructor(opts: FrameOptions = {}, alreadySkipped = 0) {
    const start = opts.startOffset ?? 0;
    this.maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.holdPartialTail = opts.holdPartialTail ?? false;
    this.batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
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
        this.objLine === 0 &&
        chunk[i] === LBRACE &&
        chunk[e - 1] === RBRACE &&
        e - i <= this.maxRecordBytes &&
        this.holdsOneObject(chunk, i, e)
      ) {
        records.push({ text: chunk.toString(encoding, i, e), line: ++this.lines });
        this.boundaryOffset = base + nl + 1;
        this.boundaryLine = this.lines;
      } else {
        this.line(chunk, i, nl, base, true);
      }
      i = nl + 1;
      if (records.length >= this.batchSize) {
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
    if (this.holdPartialTail) return;
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
    if (this.objLine !== 0) {
      this.emitOpen();
      this.mark(this.pos);
    }
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
    if (this.objLine !== 0 || buf[k] === LBRACE || cloudWatchJsonStart(buf, k, buf.length) >= 0) {
      this.segment(buf, 0, buf.length, this.pos, true, false);
      this.midLine = this.overlong === null;
    } else if (buf.length > this.maxRecordBytes) {
      this.overlong = this.tooLong(buf.subarray(0, PREVIEW_BYTES), this.lines + 1);
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
    if (this.objLine === 0) this.mark(this.pos);
  }

  private segment(buf: Buffer, a: number, e: number, base: number, lineStart: boolean, lineEnd: boolean) {
    const curLine = this.lines + 1;
    let k = a;
    if (lineStart) {
      if (base + k === 0 && buf[k] === 0xef && buf[k + 1] === 0xbb && buf[k + 2] === 0xbf) k += 3;
      if (this.objLine !== 0 && this.breaksOpenObject(buf, k, e, lineEnd)) {
        this.emitOpen();
        this.mark(base + a);
      }
      if (this.objLine === 0) {
        if (lineEnd && e - k > this.maxRecordBytes) {
          this.records.push(this.tooLong(buf.subarray(k, k + PREVIEW_BYTES), curLine));
          return;
        }
        if (lineEnd && buf[k] === LBRACE && buf[e - 1] === RBRACE && this.holdsOneObject(buf, k, e)) {
          this.records.push({ text: buf.toString('utf8', k, e), line: curLine });
          return;
        }
        const first = k;
        while (k < e && isBlank(buf[k])) k++;
        if (k === e) return;
        if (buf[k] !== LBRACE) {
          const j = cloudWatchJsonStart(buf, k, e);
          if (j < 0) {
            this.records.push({ text: buf.toString('utf8', first, e), line: curLine });
            if (!lineEnd) this.mark(base + e);
            return;
          }
          k = j;
          if (lineEnd && buf[e - 1] === RBRACE && this.holdsOneObject(buf, k, e)) {
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
      if (!this.scanner.expectsValue()) return true;
      return this.objLineCount === 1 && lineEnd && buf[e - 1] === RBRACE;
    }
    return cloudWatchJsonStart(buf, j, e) >= 0;
  }

  private holdsOneObject(buf: Buffer, k: number, e: number): boolean {
    if (buf !== this.cacheBuf) {
      this.cacheBuf = buf;
      this.nextConcat = -2;
      this.nextConcatSpaced = -2;
    }
    if (this.nextConcat !== -1 && this.nextConcat < k) this.nextConcat = buf.indexOf(CONCAT, k);
    if (this.nextConcat !== -1 && this.nextConcat < e) return false;
    if (this.nextConcatSpaced !== -1 && this.nextConcatSpaced < k) {
      this.nextConcatSpaced = buf.indexOf(CONCAT_SPACED, k);
    }
    return this.nextConcatSpaced === -1 || this.nextConcatSpaced >= e;
  }

  /** Runs the brace scanner over `buf[k, e)`, yielding each object that closes in it. */
  private scanObjects(buf: Buffer, from: number, e: number, base: number, lineEnd: boolean, curLine: number) {
    let k = from;
    let start = k;
    for (;;) {
      if (this.objLine === 0) {
        while (k < e && isBlank(buf[k])) k++;
        if (k >= e) return;
        if (buf[k] !== LBRACE) {
          let next = buf.indexOf(LBRACE, k);
          if (next < 0 || next > e) next = e;
          this.records.push({ text: buf.toString('utf8', k, next), line: curLine });
          if (next < e || !lineEnd) this.mark(base + next);
          k = next;
          continue;
        }
        this.objLine = curLine;
        this.objLineCount = 0;
        this.scanner.reset();
        start = k;
      }
      const close = this.scanner.scan(buf, k, e);
      if (close < 0) {
        this.holdOpen(buf, start, e, lineEnd);
        return;
      }
      this.emitClosed(buf, start, close + 1);
      this.mark(base + close + 1);
      k = close + 1;
    }
  }

  private holdOpen(buf: Buffer, start: number, e: number, lineEnd: boolean): void {
    if (e > start) this.addPiece(buf.subarray(start, e));
    if (lineEnd) {
      if (this.scanner.inString) {
        this.emitOpen();
        return;
      }
      this.addPiece(NEWLINE);
      this.objLineCount++;
    }
    if (this.pieceBytes <= this.maxRecordBytes) return;
    const preview = Buffer.concat(this.pieces, this.pieceBytes).subarray(0, PREVIEW_BYTES);
    const record = this.tooLong(preview, this.objLine);
    this.resetOpen();
    if (lineEnd) this.records.push(record);
    else this.overlong = record;
  }

  private addPiece(piece: Buffer): void {
    this.pieces.push(piece);
    this.pieceBytes += piece.length;
  }

  private emitClosed(buf: Buffer, start: number, end: number): void {
    const line = this.objLine;
    if (this.pieces.length === 0) {
      if (end - start > this.maxRecordBytes) {
        this.records.push(this.tooLong(buf.subarray(start, start + PREVIEW_BYTES), line));
      } else {
        this.records.push({ text: buf.toString('utf8', start, end), line });
      }
    } else {
      this.addPiece(buf.subarray(start, end));
      const all = Buffer.concat(this.pieces, this.pieceBytes);
      this.records.push(
        all.length > this.maxRecordBytes
          ? this.tooLong(all.subarray(0, PREVIEW_BYTES), line)
          : { text: all.toString('utf8'), line },
      );
    }
    this.resetOpen();
  }

  /** Yields the open object as it is (a broken record), without its trailing newline. */
  private emitOpen(): void {
    while (this.pieces.at(-1) === NEWLINE) this.pieceBytes -= this.pieces.pop()!.length;
    this.records.push({
      text: Buffer.concat(this.pieces, this.pieceBytes).toString('utf8'),
      line: this.objLine,
    });
    this.resetOpen();
  }

  private resetOpen(): void {
    this.pieces = [];
    this.pieceBytes = 0;
    this.objLine = 0;
    this.objLineCount = 0;
    this.scanner.reset();
  }

  private tooLong(preview: Buffer, line: number): FramedRecord {
    return { text: preview.toString('utf8'), line, error: 'line_too_long' };
  }
}
