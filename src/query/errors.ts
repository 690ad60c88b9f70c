/** Query errors: every one carries the position of the offending text so a UI can underline it. */

export interface QueryPosition {
  /** 0-based offset into the query text. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column (in UTF-16 code units, like the offset). */
  column: number;
  /** Length of the offending text (0 at the end of input). */
  length: number;
}

export interface QueryErrorDetails extends QueryPosition {
  /** What the parser would have accepted here, when known. */
  expected?: string[];
}

/** Positions in one text, from a table of line starts built once (the lexer asks for one per token). */
export class PositionIndex {
  private readonly lineStarts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  at(offset: number, length = 0): QueryPosition {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - starts[lo]! + 1, length };
  }
}

/** Where `offset` falls in `text`, as 1-based line and column. */
export function positionAt(text: string, offset: number, length = 0): QueryPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1, length };
}

function where(p: QueryPosition): string {
  return p.line > 1 ? `line ${p.line}, column ${p.column}` : `column ${p.column}`;
}

/** Base class of all query errors. `message` ends with the position. */
export class QueryError extends Error {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
  readonly expected?: string[];
  /** The message without the position suffix. */
  readonly reason: string;

  constructor(reason: string, details: QueryErrorDetails) {
    super(`${reason} at ${where(details)}`);
    this.name = new.target.name;
    this.reason = reason;
    this.offset = details.offset;
    this.line = details.line;
    this.column = details.column;
    this.length = details.length;
    if (details.expected !== undefined) this.expected = details.expected;
  }

  /** Plain object for an API answer. */
  toJSON(): Record<string, unknown> {
    return {
      error: this.name,
      message: this.message,
      offset: this.offset,
      line: this.line,
      column: this.column,
      length: this.length,
      ...(this.expected ? { expected: this.expected } : {}),
    };
  }
}

/** The text does not follow the grammar (unbalanced parenthesis, missing value, unterminated quote...). */
export class QuerySyntaxError extends QueryError {}

/** A field name that the field set does not know; `suggestions` holds the closest names. */
export class QueryFieldError extends QueryError {
  readonly field: string;
  readonly suggestions: string[];
  constructor(reason: string, details: QueryErrorDetails & { field: string; suggestions: string[] }) {
    super(reason, details);
    this.field = details.field;
    this.suggestions = details.suggestions;
  }
}

/** A value that does not fit its field or operator (not a number, bad time, bad CIDR, bad regex). */
export class QueryValueError extends QueryError {}

/** What a query exceeded: its length, its number of terms, or its nesting depth. */
export type QueryLimit = 'length' | 'terms' | 'depth';

/** A query beyond the language's limits (MAX_QUERY_LENGTH, MAX_TERMS, MAX_DEPTH). */
export class QueryLimitError extends QueryError {
  readonly limit: QueryLimit;
  constructor(reason: string, details: QueryErrorDetails & { limit: QueryLimit }) {
    super(reason, details);
    this.limit = details.limit;
  }
}
