/**
 * Drill-down: a clicked cell becomes an added condition. A key cell is an equality on its field (an
 * empty value means "absent"); a time bucket becomes a time range ([hour, hour+1h) or the local day)
 * or, for the hour-of-day view, a condition on the local hour.
 */
import { canonicalIp, parseTimeMicros } from '../query/index.ts';
import type { Conditions } from './conditions.ts';
import { BUCKET_NAMES, resolveKey } from './dims.ts';
import { ReportError } from './errors.ts';
import { localDayStart, nextDate } from './time-zone.ts';
import type { DrillSpec, KeyDim, SourceDef } from './types.ts';

const HOUR_US = 3_600_000_000;
const INTEGER_RANGE: Record<'int' | 'bigint' | 'ubigint', [bigint, bigint]> = {
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
  ubigint: [0n, 2n ** 64n - 1n],
};

/** A time range in epoch microseconds, [lo, hi); either side open when null. */
export interface TimeRange {
  lo: number | null;
  hi: number | null;
}

export function intersect(a: TimeRange, b: TimeRange): TimeRange {
  const max = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y));
  const min = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.min(x, y));
  return { lo: max(a.lo, b.lo), hi: min(a.hi, b.hi) };
}

/** A drill's text as `field=value` (the CLI and the API's `drill=` parameter). */
export function parseDrill(text: string): DrillSpec {
  const i = text.indexOf('=');
  if (i <= 0) throw new ReportError('bad_value', `drill "${text}": use field=value`);
  return { field: text.slice(0, i).trim(), value: text.slice(i + 1) };
}

/** What a drill does: narrow the time range, keep one local hour of the day, or add a key condition (`applyDrill`). */
export type DrillEffect =
  | { type: 'range'; range: TimeRange }
  | { type: 'hour-of-day'; hour: number }
  | { type: 'key'; key: KeyDim; value: string };

/** Interpret a drill for a source; `tz` is the report's (validated) zone. */
export function drillEffect(source: SourceDef, drill: DrillSpec, tz: string): DrillEffect {
  const field = drill.field.trim().toLowerCase();
  const value = drill.value.trim();
  if (!BUCKET_NAMES.has(field)) return { type: 'key', key: resolveKey(source, field), value: drill.value };
  if ((field === 'bucket' || field === 'hour-of-day') && /^\d{1,2}$/.test(value)) {
    const hour = Number(value);
    if (hour > 23) throw new ReportError('bad_value', `hour of day out of range: "${value}"`);
    return { type: 'hour-of-day', hour };
  }
  if ((field === 'bucket' || field === 'day') && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const lo = localDayStart(value, tz);
    const hi = localDayStart(nextDate(value), tz);
    return { type: 'range', range: { lo: lo * 1000, hi: hi * 1000 } };
  }
  if (field === 'bucket' || field === 'hour') {
    const us = parseTimeMicros(value, new Date(0));
    if (us !== null && /^\d{4}-/.test(value)) return { type: 'range', range: { lo: us, hi: us + HOUR_US } };
  }
  throw new ReportError(
    'bad_value',
    `drill ${drill.field}="${drill.value}": a bucket is an hour (2024-03-10T01:00:00-05:00), a day (2024-03-10) or an hour of day (00..23)`,
  );
}

/** Write a key drill as a condition. */
export function applyDrill(effect: DrillEffect & { type: 'key' }, c: Conditions): void {
  const { key, value } = effect;
  if (value === '') {
    c.addSql(`${key.expr} IS NULL`, [key.expr]);
    return;
  }
  const bad = (what: string) => new ReportError('bad_value', `drill ${key.name}="${value}": ${what}`);
  switch (key.kind) {
    case 'ip': {
      const ip = canonicalIp(value.trim());
      if (ip === null) throw bad('not an IP address');
      c.addSql(`${key.expr} = ${c.bind(ip, 'string')}`, [key.expr]);
      return;
    }
    case 'int':
    case 'bigint':
    case 'ubigint': {
      if (!/^-?\d+$/.test(value.trim())) throw bad('not an integer');
      const n = BigInt(value.trim());
      const [min, max] = INTEGER_RANGE[key.kind];
      if (n < min || n > max) throw bad(`out of range (${min} to ${max})`);
      if (key.kind === 'ubigint') c.addSql(`${key.expr} = ${c.bind(n, 'ubigint')}`, [key.expr]);
      else c.addSql(`${key.expr} = ${c.bind(key.kind === 'bigint' ? n : Number(n), key.kind)}`, [key.expr]);
      return;
    }
    case 'bool': {
      const v = value.trim().toLowerCase();
      if (v !== 'true' && v !== 'false') throw bad('not true or false');
      c.addSql(`${key.expr} = ${c.bind(v === 'true', 'bool')}`, [key.expr]);
      return;
    }
    default:
      c.addSql(`${key.expr} = ${c.bind(value, 'string')}`, [key.expr]);
  }
}
