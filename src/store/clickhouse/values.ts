/** Conversions between normalised JS values and ClickHouse's JSON formats, both directions. */
import { type ColumnKind, EVENT_COLUMNS } from '../../schema/columns.ts';
import type { SqlRow } from '../store.ts';

/** Epoch microseconds as ClickHouse's DateTime64(6) text in UTC: `2024-01-02 03:04:05.123456`. */
export function microsToClickHouse(us: number | bigint): string {
  const b = typeof us === 'bigint' ? us : BigInt(Math.trunc(us));
  let ms = b / 1000n;
  let frac = b % 1_000_000n;
  if (frac < 0n) {
    frac += 1_000_000n;
    if (b % 1000n !== 0n) ms -= 1n;
  }
  const iso = new Date(Number(ms)).toISOString(); // ...SS.mmmZ
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${frac.toString().padStart(6, '0')}`;
}

/** ClickHouse's `2024-01-02 03:04:05.123456` (UTC) as `2024-01-02T03:04:05.123456Z`, as DuckDB rows give it. */
export function clickHouseTimeToIso(text: string): string {
  const [date, time = '00:00:00'] = text.split(' ');
  const [hms, frac = ''] = time.split('.');
  return `${date}T${hms}.${frac.padEnd(6, '0').slice(0, 6)}Z`;
}

/** A normalised column value as ClickHouse's JSONEachRow input expects it for that column kind. */
export function toClickHouseValue(kind: ColumnKind, v: unknown): unknown {
  if (v === null || v === undefined) return kind === 'string[]' ? [] : null;
  switch (kind) {
    case 'bigint':
    case 'ubigint':
    case 'uhugeint':
      return typeof v === 'bigint' ? v.toString() : v;
    case 'timestamp':
      return microsToClickHouse(v as number);
    default:
      return v;
  }
}

/** The type inside `Nullable(...)` and `LowCardinality(...)`. */
function baseType(type: string): string {
  let t = type;
  for (;;) {
    const m = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(t);
    if (!m) return t;
    t = m[1]!;
  }
}

/**
 * Event list columns: arrays cannot be null in ClickHouse, so an empty one stands for null (the
 * normaliser writes no empty list). Other arrays (a session's signature_ids) keep [].
 */
const NULL_WHEN_EMPTY = new Set(EVENT_COLUMNS.filter((c) => c.kind === 'string[]').map((c) => c.name));

/** A value of a ClickHouse JSON result as the store's JSON-safe value (the form DuckDB rows take). */
function fromClickHouse(type: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const t = baseType(type);
  if (t.startsWith('Array(')) {
    const inner = t.slice(6, -1);
    return (v as unknown[]).map((x) => fromClickHouse(inner, x));
  }
  if (/^U?Int(64|128|256)$/.test(t)) {
    const n = typeof v === 'string' ? BigInt(v) : BigInt(v as number);
    return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(n)
      : n.toString();
  }
  if (t.startsWith('DateTime64') || t.startsWith('DateTime')) return clickHouseTimeToIso(String(v));
  if (t === 'Bool') return v === true || v === 1 || v === 'true';
  if (/^(U?Int(8|16|32)|Float(32|64))$/.test(t)) return typeof v === 'string' ? Number(v) : v;
  return v;
}

/** Rows of ClickHouse's `JSON` format ({meta, data}) as JSON-safe rows. */
export function rowsFromJson(result: {
  meta?: { name: string; type: string }[];
  data: Record<string, unknown>[];
}): SqlRow[] {
  const meta = result.meta ?? [];
  return result.data.map((row) => {
    const out: SqlRow = {};
    for (const { name, type } of meta) {
      const v = row[name];
      out[name] =
        NULL_WHEN_EMPTY.has(name) && Array.isArray(v) && v.length === 0 ? null : fromClickHouse(type, v);
    }
    return out;
  });
}

/**
 * The text of one query parameter may not pass `http_max_field_value_size` (128 KiB by default: the
 * server reads parameters as HTTP form fields and refuses a longer one with "Field value too long").
 * A list of keys or ids bound to one `IN {p:Array(...)}` is split into lists whose text stays well
 * below it; the caller runs its read once per list.
 */
export const MAX_PARAM_CHARS = 64 * 1024;

export function paramChunks<T extends string | number>(
  values: readonly T[],
  maxChars = MAX_PARAM_CHARS,
): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let chars = 2;
  for (const v of values) {
    // A string as the server reads it in an array: quoted, with its quotes and backslashes escaped.
    const size = (typeof v === 'string' ? v.length * 2 + 2 : String(v).length) + 1;
    if (chunk.length > 0 && chars + size > maxChars) {
      chunks.push(chunk);
      chunk = [];
      chars = 2;
    }
    chunk.push(v);
    chars += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
