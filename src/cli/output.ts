/** Output formats shared by every command: table | json | ndjson | csv (and raw where a command offers it). */

export type OutputFormat = 'table' | 'json' | 'ndjson' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'ndjson', 'csv'];

type Row = Record<string, unknown>;

/** JSON text with bigint values written as exact integers. */
export function toJson(value: unknown, indent?: number): string {
  const marks: string[] = [];
  const text = JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === 'bigint') {
        marks.push(v.toString());
        return `\u0000big${marks.length - 1}\u0000`;
      }
      return v;
    },
    indent,
  );
  if (marks.length === 0) return text;
  return text.replace(/"\\u0000big(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)]!);
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(';');
  if (typeof v === 'object') return toJson(v);
  return String(v);
}

function csvCell(v: unknown): string {
  const s = cell(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function columnsOf(rows: readonly Row[], columns?: readonly string[]): string[] {
  if (columns) return [...columns];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

export interface TableOptions {
  columns?: readonly string[];
  /** Right-align these columns (numbers). Default: columns whose values are all numbers. */
  align?: Record<string, 'left' | 'right'>;
  /** Display transform per column (e.g. human units); json/csv keep exact values. */
  display?: Record<string, (v: unknown, row: Row) => string>;
  title?: string;
}

export function renderTable(rows: readonly Row[], opts: TableOptions = {}): string {
  const cols = columnsOf(rows, opts.columns);
  const text = rows.map((r) =>
    cols.map((c) => (opts.display?.[c] ? opts.display[c]!(r[c], r) : cell(r[c])).replace(/\r?\n/g, '\\n')),
  );
  const right = cols.map((c) => {
    if (opts.align?.[c]) return opts.align[c] === 'right';
    return (
      rows.length > 0 && rows.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === 'number')
    );
  });
  const widths = cols.map((c, i) => Math.max(c.length, ...text.map((t) => t[i]!.length)));
  const pad = (s: string, i: number) => (right[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const lines: string[] = [];
  if (opts.title) lines.push(opts.title);
  lines.push(
    cols
      .map((c, i) => pad(c, i))
      .join('  ')
      .trimEnd(),
  );
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const t of text)
    lines.push(
      t
        .map((s, i) => pad(s, i))
        .join('  ')
        .trimEnd(),
    );
  if (rows.length === 0) lines.push('(no rows)');
  return `${lines.join('\n')}\n`;
}

export function formatRows(rows: readonly Row[], format: OutputFormat, opts: TableOptions = {}): string {
  switch (format) {
    case 'json':
      return `${toJson(rows, 2)}\n`;
    case 'ndjson':
      return rows.map((r) => toJson(r)).join('\n') + (rows.length > 0 ? '\n' : '');
    case 'csv': {
      const cols = columnsOf(rows, opts.columns);
      const lines = [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))];
      return `${lines.join('\r\n')}\r\n`;
    }
    default:
      return renderTable(rows, opts);
  }
}

/** Where streamed rows go: standard output, or any stream that applies backpressure. */
export interface RowOutput {
  write(chunk: string): boolean;
  once(event: 'drain' | 'error' | 'close', listener: (...args: unknown[]) => void): unknown;
  removeListener(event: 'drain' | 'error' | 'close', listener: (...args: unknown[]) => void): unknown;
}

/** Characters gathered before a write: rows go out in chunks of about this size. */
const CHUNK_CHARS = 1 << 16;

/** Resolves once `out` has room again (or rejects if it fails or closes first). */
function drained(out: RowOutput): Promise<void> {
  return new Promise((done, fail) => {
    const onDrain = () => {
      out.removeListener('error', onError);
      out.removeListener('close', onClose);
      done();
    };
    const onError = (err: unknown) => {
      out.removeListener('drain', onDrain);
      out.removeListener('close', onClose);
      fail(err);
    };
    const onClose = () => onError(new Error('the output closed before every row was written'));
    out.once('drain', onDrain);
    out.once('error', onError);
    out.once('close', onClose);
  });
}

/**
 * Writes rows as they come, in json, ndjson or csv, without ever holding the whole output: each row
 * is formatted on its own, rows are written in chunks of about 64 KiB, and a write the output cannot
 * take yet (backpressure) is waited for. `json` is one array of objects, as `formatRows` prints it;
 * csv takes its columns from `columns`, else from the first rows written. `end` must be called once.
 */
export class RowWriter {
  private pending = '';
  private rows = 0;
  private columns: string[] | null;

  constructor(
    private readonly out: RowOutput,
    private readonly format: Exclude<OutputFormat, 'table'>,
    opts: { columns?: readonly string[] } = {},
  ) {
    this.columns = opts.columns ? [...opts.columns] : null;
  }

  /** Rows written so far. */
  get count(): number {
    return this.rows;
  }

  async write(objects: readonly object[]): Promise<void> {
    if (objects.length === 0) return;
    const rows = objects as readonly Row[];
    if (this.format === 'csv' && this.rows === 0) {
      this.columns ??= columnsOf(rows);
      this.pending += `${this.columns.join(',')}\r\n`;
    }
    for (const r of rows) {
      this.pending += this.line(r);
      this.rows++;
      if (this.pending.length >= CHUNK_CHARS) await this.flush();
    }
  }

  /** Writes what is left and the end of the output (`]` of a json array). */
  async end(): Promise<void> {
    if (this.format === 'json') this.pending += this.rows === 0 ? '[]\n' : '\n]\n';
    if (this.format === 'csv' && this.rows === 0) this.pending += `${(this.columns ?? []).join(',')}\r\n`;
    await this.flush();
  }

  private line(r: Row): string {
    switch (this.format) {
      case 'json':
        return `${this.rows === 0 ? '[\n' : ',\n'}  ${toJson(r, 2).replaceAll('\n', '\n  ')}`;
      case 'ndjson':
        return `${toJson(r)}\n`;
      default:
        return `${this.columns!.map((c) => csvCell(r[c])).join(',')}\r\n`;
    }
  }

  private async flush(): Promise<void> {
    if (this.pending === '') return;
    const chunk = this.pending;
    this.pending = '';
    if (!this.out.write(chunk)) await drained(this.out);
  }
}

/**
 * Prints rows that come in pages: json, ndjson and csv stream them (see RowWriter); a table needs
 * every row for its column widths, so it gathers them first.
 */
export async function writeRowPages(
  out: RowOutput,
  pages: AsyncIterable<readonly object[]> | Iterable<readonly object[]>,
  format: OutputFormat,
  opts: TableOptions = {},
): Promise<number> {
  if (format === 'table') {
    const all: Row[] = [];
    for await (const page of pages) for (const r of page) all.push(r as Row);
    const text = renderTable(all, opts);
    if (!out.write(text)) await drained(out);
    return all.length;
  }
  const writer = new RowWriter(out, format, opts.columns ? { columns: opts.columns } : {});
  for await (const page of pages) await writer.write(page);
  await writer.end();
  return writer.count;
}

/** Writes lines (each with a newline added) in chunks, waiting whenever `out` asks to. */
export async function writeLines(out: RowOutput, lines: Iterable<string>): Promise<void> {
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length < CHUNK_CHARS) continue;
    const full = chunk;
    chunk = '';
    if (!out.write(full)) await drained(out);
  }
  if (chunk !== '' && !out.write(chunk)) await drained(out);
}

/** A single object (status, summaries): json prints the object itself, table prints key/value pairs. */
export function formatObject(obj: Row, format: OutputFormat): string {
  if (format === 'json') return `${toJson(obj, 2)}\n`;
  if (format === 'ndjson') return `${toJson(obj)}\n`;
  const rows = Object.entries(obj).map(([key, value]) => ({ key, value: cell(value) }));
  return formatRows(rows, format, { columns: ['key', 'value'], align: { value: 'left' } });
}

export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[u]}`;
}

/** `ip:port`, `[v6]:port`, or the bare address when there is no port (ICMP). */
export function formatEndpoint(ip: unknown, port: unknown): string {
  if (ip == null) return '';
  if (port == null) return String(ip);
  return String(ip).includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}
