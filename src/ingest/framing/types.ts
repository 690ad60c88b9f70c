/** Framing: turns a byte stream (any supported layout) into one text per JSON record. */

export interface FramedRecord {
  /** The record's JSON text (a CloudWatch export line's timestamp prefix removed, BOM/CR stripped). */
  text: string;
  /** 1-based line number in the (decompressed) input where the record starts. */
  line: number;
  /** Set when framing itself failed on this piece of input; `text` then holds the raw bytes as text. */
  error?: 'bad_gzip' | 'line_too_long';
}

export interface FramedBatch {
  records: FramedRecord[];
  /** Decompressed byte offset just after the last record of this batch (resume point). */
  endOffset: number;
  /** Last line number consumed (blank lines included). */
  endLine: number;
  /**
   * On the last batch: input was held back at the end (`holdPartialTail`: an unterminated last line
   * or open object, or a gzip member cut short), to be read once it is complete.
   */
  held?: boolean;
}

export interface FrameOptions {
  /** Skip this many decompressed bytes first (resume); the offset is always a record boundary. */
  startOffset?: number;
  /** Line number of the last line before startOffset (so numbering continues). */
  startLine?: number;
  /**
   * Records per batch (default 20,000), or a function asked as each batch fills (so a caller can end
   * batches on boundaries of its own, e.g. DuckDB row groups).
   */
  batchSize?: number | (() => number);
  /** Longest record accepted, in bytes (default 8 MiB); longer ones are yielded with error line_too_long. */
  maxRecordBytes?: number;
  /**
   * Hold an unterminated last line (unless it is already whole JSON), an open object and a gzip
   * member cut short, instead of yielding them (for files still being written). Default false: at
   * end of input the tail is a record like any other and a cut member is `bad_gzip`.
   */
  holdPartialTail?: boolean;
  /**
   * Yield a partial batch when records have waited this long (ms, default 1,000), checked as input
   * arrives: a slow stream (stdin fed by `tail -f`) still gets its records out.
   */
  flushIntervalMs?: number;
}
