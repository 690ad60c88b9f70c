/**
 * A JSON object whose closing brace has not been seen yet: its bytes so far (pieces of input
 * buffers, lines joined by `\n`), the line it started on, and the scanner state.
 */
import { ObjectScanner } from './object-scanner.ts';
import type { FramedRecord } from './types.ts';

const NEWLINE = Buffer.from('\n');
/** Bytes kept of an over-long record. */
export const PREVIEW_BYTES = 64 * 1024;

/** The record yielded for input over the size limit: its first bytes, marked `line_too_long`. */
export function tooLong(bytes: Buffer, line: number): FramedRecord {
  return { text: bytes.subarray(0, PREVIEW_BYTES).toString('utf8'), line, error: 'line_too_long' };
}

export class OpenObject {
  readonly scanner = new ObjectScanner();
  /** Line the object started on; 0 when no object is open. */
  line = 0;
  /** Lines of the object already ended. */
  lineCount = 0;
  bytes = 0;
  private pieces: Buffer[] = [];

  begin(line: number): void {
    this.reset();
    this.line = line;
  }

  add(piece: Buffer): void {
    this.pieces.push(piece);
    this.bytes += piece.length;
  }

  /** The bytes so far, leaving the object open. */
  peek(): Buffer {
    return Buffer.concat(this.pieces, this.bytes);
  }

  endLine(): void {
    this.add(NEWLINE);
    this.lineCount++;
  }

  /** The object closes with `buf[start, end)`: returns its record and closes it. */
  close(buf: Buffer, start: number, end: number, maxBytes: number): FramedRecord {
    const line = this.line;
    let record: FramedRecord;
    if (this.pieces.length === 0) {
      record =
        end - start > maxBytes
          ? tooLong(buf.subarray(start, end), line)
          : { text: buf.toString('utf8', start, end), line };
    } else {
      this.add(buf.subarray(start, end));
      const all = Buffer.concat(this.pieces, this.bytes);
      record = all.length > maxBytes ? tooLong(all, line) : { text: all.toString('utf8'), line };
    }
    this.reset();
    return record;
  }

  /** Cuts the object short: returns what it holds (a broken record, or `line_too_long`) and closes it. */
  cut(overLimit = false): FramedRecord {
    while (this.pieces.at(-1) === NEWLINE) this.bytes -= this.pieces.pop()!.length;
    const all = Buffer.concat(this.pieces, this.bytes);
    const record = overLimit ? tooLong(all, this.line) : { text: all.toString('utf8'), line: this.line };
    this.reset();
    return record;
  }

  reset(): void {
    this.pieces = [];
    this.bytes = 0;
    this.line = 0;
    this.lineCount = 0;
    this.scanner.reset();
  }
}
