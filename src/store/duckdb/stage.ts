/**
 * Bulk insert through a staging file: events are written as sparse NDJSON (nulls omitted, short keys,
 * timestamps as epoch µs, 128-bit integers as strings) and DuckDB's own JSON reader loads a whole
 * commit in one statement. A file holds one or more *chunks*; each chunk is the events of one origin,
 * tagged `k` and numbered `n` from 0, so a chunk can be staged (in a worker) before its ids are known:
 * the INSERT maps `(k, n)` to `base + n` and the chunk's origin.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ColumnDef, type ColumnKind, EVENT_COLUMNS } from '../../schema/columns.ts';

const READ_TYPE: Record<ColumnKind, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  ubigint: 'UBIGINT',
  uhugeint: 'VARCHAR',
  bool: 'BOOLEAN',
  timestamp: 'BIGINT',
  'string[]': 'VARCHAR[]',
};

/** Staging key of event column `i`: short keys keep the file small and DuckDB's key matching cheap. */
const key = (i: number): string => `c${i}`;

function selectExpr(c: ColumnDef, i: number): string {
  const q = `s.${key(i)}`;
  switch (c.kind) {
    case 'timestamp':
      return `make_timestamptz(${q})`;
    case 'uhugeint':
      return `${q}::UHUGEINT`;
    default:
      return q;
  }
}

const DEFAULT_OBJECT_BYTES = 1 << 20;

/** One chunk of a staging file: `count` events of `origin`, tagged `tag`. */
export interface StagedChunk {
  tag: number;
  count: number;
  origin: string;
  /** Bytes of its longest line. */
  longestLine: number;
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/**
 * The INSERT that loads a staging file into `table` (the events table's columns: id, origin,
 * origin_line, residual, then EVENT_COLUMNS). Chunk `i` gets ids from `firstId` + the counts before it.
 */
export function stagedInsertSql(
  table: string,
  file: string,
  chunks: readonly StagedChunk[],
  firstId: number,
  longestLine = DEFAULT_OBJECT_BYTES,
): string {
  // DuckDB sizes its read buffer from this (about twice): as small as the file's longest line allows.
  const maxObject = Math.max(DEFAULT_OBJECT_BYTES, longestLine + 1);
  const spec = [
    "k: 'BIGINT'",
    "n: 'BIGINT'",
    "l: 'BIGINT'",
    "r: 'VARCHAR'",
    ...EVENT_COLUMNS.map((c, i) => `${key(i)}: '${READ_TYPE[c.kind]}'`),
  ].join(', ');
  const names = ['id', 'origin', 'origin_line', 'residual', ...EVENT_COLUMNS.map((c) => c.name)]
    .map((n) => `"${n}"`)
    .join(', ');
  const exprs = ['m.base + s.n', 'm.origin', 's.l', 's.r', ...EVENT_COLUMNS.map(selectExpr)].join(', ');
  let base = firstId;
  const map: string[] = [];
  for (const c of chunks) {
    map.push(`(${c.tag}, ${base}, ${sqlString(c.origin)})`);
    base += c.count;
  }
  return (
    `INSERT INTO ${table} (${names}) SELECT ${exprs} ` +
    `FROM read_ndjson(${sqlString(file)}, columns={${spec}}, maximum_object_size=${maxObject}) s ` +
    `JOIN (VALUES ${map.join(', ')}) m(k, base, origin) ON s.k = m.k`
  );
}

/** What staging needs of an event: the normalised row (keyed by column name), residual, line. */
export interface StageInput {
  row: Readonly<Record<string, unknown>>;
  residual: string | null;
  line: number;
}

function encodeOther(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'bigint':
    case 'boolean':
      return String(v);
    default:
      return JSON.stringify(v);
  }
}

/** Code for one column: appends `,"cI":value` when the row's value is not null. */
function columnCode(c: ColumnDef, i: number): string {
  const get = `v = row[${JSON.stringify(c.name)}];`;
  const k = JSON.stringify(`,"${key(i)}":`);
  let enc: string;
  switch (c.kind) {
    case 'string':
      enc = `typeof v === 'string' ? J(v) : O(v)`;
      break;
    case 'uhugeint':
      enc = `'"' + v + '"'`;
      break;
    case 'int':
    case 'bigint':
    case 'timestamp':
      enc = `typeof v === 'number' ? (Number.isFinite(v) ? '' + v : 'null') : O(v)`;
      break;
    case 'ubigint':
    case 'bool':
      enc = `typeof v === 'string' ? J(v) : '' + v`;
      break;
    default:
      enc = 'J(v)';
  }
  return `${get} if (v !== null && v !== undefined) s += ${k} + (${enc});`;
}

/**
 * One staging line (with its newline) for event number `n` of chunk `tag`. Generated once from the
 * column table: constant property names and precomputed keys, no per-key loop over the row.
 */
export const stageLine = new Function(
  'J',
  'O',
  `return function stageLine(row, residual, line, tag, n) {
    let v;
    let s = '{"k":' + tag + ',"n":' + n + ',"l":' + line;
    if (residual !== null) s += ',"r":' + J(residual);
    ${EVENT_COLUMNS.map(columnCode).join('\n    ')}
    return s + '}\\n';
  };`,
)(JSON.stringify, encodeOther) as (
  row: Readonly<Record<string, unknown>>,
  residual: string | null,
  line: number,
  tag: number,
  n: number,
) => string;

/**
 * Collects staging lines as UTF-8 bytes. Each line is copied into the buffer as soon as it is made,
 * so its pieces die young: concatenating a batch into one string first costs several times more
 * (the pieces of every line survive to the old generation).
 */
export class StageBuffer {
  private buf: Buffer;
  private used = 0;
  /** Bytes of the longest line added. */
  longestLine = 0;

  constructor(initialBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafeSlow(initialBytes);
  }

  get byteLength(): number {
    return this.used;
  }

  add(line: string): void {
    const worst = line.length * 3;
    if (this.used + worst > this.buf.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.used + worst));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    const n = this.buf.write(line, this.used);
    this.used += n;
    if (n > this.longestLine) this.longestLine = n;
  }

  /** The bytes written (a view of the buffer: take it once, when done). */
  bytes(): Uint8Array {
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.used);
  }
}

/** Staging bytes for a chunk of events (numbered from 0 in order) and its longest line. */
export function stageEvents(
  events: readonly StageInput[],
  tag: number,
): { bytes: Uint8Array; longestLine: number } {
  const out = new StageBuffer(Math.max(4096, events.length * 640));
  for (let n = 0; n < events.length; n++) {
    const e = events[n]!;
    out.add(stageLine(e.row, e.residual, e.line, tag, n));
  }
  return { bytes: out.bytes(), longestLine: out.longestLine };
}

let lastTag = 0;

/** A chunk tag unique within this process. */
export function nextChunkTag(): number {
  lastTag++;
  return lastTag;
}

/** A staging file being filled chunk by chunk; the commit reads it and removes it. */
export class StagingFile {
  readonly path = join(tmpdir(), `nfwlens-stage-${process.pid}-${randomBytes(6).toString('hex')}.ndjson`);
  readonly chunks: StagedChunk[] = [];
  count = 0;
  longestLine = 0;
  private fd: number | null = null;

  /** Appends a chunk's staging bytes (lines from `stageLine` with `chunk.tag`). */
  append(data: Uint8Array, chunk: StagedChunk): void {
    if (chunk.count === 0) return;
    if (this.fd === null) this.fd = openSync(this.path, 'w');
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off);
    this.chunks.push(chunk);
    this.count += chunk.count;
    this.longestLine = Math.max(this.longestLine, chunk.longestLine);
  }

  /** Closes the file for writing (it stays on disk until `remove`). */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  remove(): void {
    this.close();
    rmSync(this.path, { force: true });
  }
}
