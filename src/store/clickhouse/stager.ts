/**
 * ClickHouse's staging format as the normaliser sees it (as `../duckdb/stager.ts` for DuckDB): each
 * framed batch becomes one chunk of TabSeparated lines, written where it is normalised (a worker
 * thread imports this module for `createStager`), which ClickHouse parses far faster than JSON with
 * column names. A chunk is tagged on the loading thread and its lines numbered from 0, so it can be
 * written before its ids are known: the INSERT maps (tag, n) to the chunk's first id + n
 * (`stagedInsertSql`). No database code here.
 */
import { type ColumnDef, EVENT_COLUMNS } from '../../schema/columns.ts';
import type { RowStager, StagedRows, StagerFactory, StagingFormat } from '../loader.ts';
import type { EventInput } from '../store.ts';
import { microsToClickHouse } from './values.ts';

/** A framed batch staged for ClickHouse: `count` events of `origin` as the TabSeparated lines of chunk `tag`. */
export interface ClickHouseStagedRows extends StagedRows {
  tag: number;
  origin: string;
  bytes: Uint8Array;
}

interface ChunkParams {
  tag: number;
}

const SPECIAL = /[\\\t\n\r]/;

/** A TabSeparated field: backslash, tab and line breaks escaped. */
function field(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
}

/** An element of an array field: quoted, with quotes escaped too. */
function element(s: string): string {
  return `'${field(s).replaceAll("'", "\\'")}'`;
}

/** Epoch microseconds as `seconds.micros`, which ClickHouse reads into DateTime64(6) exactly. */
function instant(us: number): string {
  // Ten digits of seconds (2001 to 2286): ClickHouse reads other digit counts as dates.
  if (!Number.isSafeInteger(us) || us < 1e15 || us >= 1e16) return microsToClickHouse(us);
  const s = Math.floor(us / 1e6);
  return `${s}.${String(us - s * 1e6).padStart(6, '0')}`;
}

function value(c: ColumnDef, v: unknown): string {
  if (v === null || v === undefined) return c.kind === 'string[]' ? '[]' : '\\N';
  switch (c.kind) {
    case 'string':
      return field(String(v));
    case 'bool':
      return v ? 'true' : 'false';
    case 'timestamp':
      return instant(Number(v));
    case 'string[]':
      return `[${(v as string[]).map(element).join(',')}]`;
    default:
      return String(v);
  }
}

/** The TabSeparated line of one event: tag, n, origin line, residual, then the event columns. */
function line(
  tag: number,
  n: number,
  row: Record<string, unknown>,
  residual: string | null,
  at: number,
): string {
  let out = `${tag}\t${n}\t${at}\t${residual === null ? '\\N' : field(residual)}`;
  for (const c of EVENT_COLUMNS) out += `\t${value(c, row[c.name])}`;
  return `${out}\n`;
}

/** The structure of the staged lines, for `input()`. */
export const STAGED_STRUCTURE = [
  'k Int64',
  'n Int64',
  'l Int64',
  'r Nullable(String)',
  ...EVENT_COLUMNS.map((c) => `"${c.name}" ${c.clickhouse}`),
].join(', ');

export const createStager: StagerFactory = (params, origin): RowStager => {
  const { tag } = params as ChunkParams;
  const lines: string[] = [];
  return {
    add(row, residual, at) {
      lines.push(line(tag, lines.length, row as Record<string, unknown>, residual, at));
    },
    finish() {
      // TextEncoder gives a buffer of its own (Buffer.from may hand out a slice of a shared pool).
      const bytes = new TextEncoder().encode(lines.join(''));
      const rows: ClickHouseStagedRows = { tag, origin, bytes, count: lines.length };
      return { rows, transfer: [bytes.buffer as ArrayBuffer] };
    },
  };
};

let lastTag = 0;

/** The staging format of ClickHouse stores: chunk tags unique within this process. */
export const clickhouseStagingFormat: StagingFormat = {
  module: import.meta.url,
  createStager,
  next: (): ChunkParams => ({ tag: ++lastTag }),
};

/** Rows normalised on this thread, staged as one chunk per run of one origin. */
export function stageEvents(events: readonly EventInput[]): ClickHouseStagedRows[] {
  const out: ClickHouseStagedRows[] = [];
  let from = 0;
  for (let i = 1; i <= events.length; i++) {
    if (i < events.length && events[i]?.origin === events[from]?.origin) continue;
    const origin = events[from]?.origin ?? '';
    const stager = createStager(clickhouseStagingFormat.next(), origin, i - from);
    for (let j = from; j < i; j++) {
      const e = events[j] as EventInput;
      stager.add(e.row, e.residual, e.line);
    }
    out.push(stager.finish().rows as ClickHouseStagedRows);
    from = i;
  }
  return out;
}
