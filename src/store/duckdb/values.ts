/** Conversions between normalised JS values and DuckDB values, both directions. */
import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
  listValue,
  timestampTZValue,
} from '@duckdb/node-api';
import type { ColumnKind } from '../../schema/columns.ts';

/** Epoch microseconds to `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export function microsToIso(us: bigint | number): string {
  const b = typeof us === 'bigint' ? us : BigInt(Math.trunc(us));
  let ms = b / 1000n;
  let frac = b % 1_000_000n;
  if (frac < 0n) {
    frac += 1_000_000n;
    if (b % 1000n !== 0n) ms -= 1n;
  }
  const iso = new Date(Number(ms)).toISOString(); // ...SS.mmmZ
  return `${iso.slice(0, 19)}.${frac.toString().padStart(6, '0')}Z`;
}

/** A DuckDB result value as a JSON-safe JS value. */
export function toJsonSafe(v: DuckDBValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(v)
      : v.toString();
  }
  if (v instanceof DuckDBTimestampTZValue || v instanceof DuckDBTimestampValue) return microsToIso(v.micros);
  if (v instanceof DuckDBDateValue) return v.toString();
  if (v instanceof DuckDBDecimalValue) return v.toDouble();
  if (v instanceof DuckDBListValue) return v.items.map(toJsonSafe);
  if (v instanceof DuckDBStructValue) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v.entries)) o[k] = toJsonSafe(x);
    return o;
  }
  return String(v);
}

/** A normalised column value as the DuckDB value the appender expects for that column kind. */
export function toDuckValue(kind: ColumnKind, v: unknown): DuckDBValue {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'string':
      return String(v);
    case 'int':
      return Number(v);
    case 'bigint':
    case 'ubigint':
    case 'uhugeint':
      return typeof v === 'bigint' ? v : BigInt(v as number | string);
    case 'bool':
      return Boolean(v);
    case 'timestamp':
      return timestampTZValue(BigInt(Math.trunc(v as number)));
    case 'string[]':
      return listValue((v as readonly string[]).map(String));
  }
}

/** Positional parameters: JS values to DuckDB values (bigint kept, Date as TIMESTAMPTZ). */
export function toParam(v: unknown): DuckDBValue {
  if (v === undefined) return null;
  if (v instanceof Date) return timestampTZValue(BigInt(v.getTime()) * 1000n);
  if (Array.isArray(v)) return listValue(v.map(toParam));
  return v as DuckDBValue;
}

export type { DuckDBType };
