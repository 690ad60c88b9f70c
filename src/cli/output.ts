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
