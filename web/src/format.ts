/** Locale-aware formatting of counts, bytes, shares, durations and times (in the chosen zone). */
import { displayZone } from './app/context.ts';
import { formatBytesWith } from './bytes.ts';
import { locale, t } from './i18n/index.ts';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale()}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale(), opts);
    cache.set(key, f);
  }
  return f;
}

function dateFormat(opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const zone = displayZone();
  const key = `d|${locale()}|${zone}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale(), { ...opts, timeZone: zone });
    cache.set(key, f);
  }
  return f;
}

export function fmtInt(n: unknown): string {
  return typeof n === 'number' && Number.isFinite(n)
    ? numberFormat({ maximumFractionDigits: 0 }).format(n)
    : '';
}

/**
 * Columns whose numbers are names, not quantities (ports, SIDs, flow ids, ASNs, codes): written as they
 * are, never with digit grouping, so `dest_port` 5900 reads "5900" and SID 2010740 "2010740".
 */
const IDENTIFIER = /(^|_)(port|id|sid|gid|rev|asn|type|code|severity|status|vlan)$/;

export function isIdentifier(column: string): boolean {
  return IDENTIFIER.test(column);
}

/** A table cell's number: as it is for an identifier column, grouped for a count. */
export function fmtNumberIn(column: string, n: number): string {
  return isIdentifier(column) ? String(n) : fmtInt(n);
}

export function fmtCompact(n: number): string {
  return numberFormat({ notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

export function fmtPct(share: number): string {
  return numberFormat({ style: 'percent', maximumFractionDigits: 1 }).format(share);
}

function fixed(value: number, digits: number): string {
  return numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** Bytes in binary units (1 KiB = 1024 B), the same labels in every language, e.g. "12.3 MiB". */
export function fmtBytes(n: unknown): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '';
  return formatBytesWith(n, fixed);
}

/** Bytes in a given unit (an axis's ticks share one), e.g. "0.50 GiB". */
export function fmtBytesIn(n: number, unit: number): string {
  return n === 0 ? '0' : formatBytesWith(n, fixed, unit);
}

/**
 * A duration for its size: under a second with two decimals ("0.47 s"), under a minute with at most one,
 * then minutes and hours ("12.5 min", "3.2 h").
 */
export function fmtDuration(seconds: unknown): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '';
  const abs = Math.abs(seconds);
  const n = (v: number, digits: number) => numberFormat({ maximumFractionDigits: digits }).format(v);
  if (abs === 0) return t('unit.seconds', { n: n(0, 0) });
  if (abs < 1) return t('unit.seconds', { n: n(seconds, abs < 0.01 ? 3 : 2) });
  if (abs < 60) return t('unit.seconds', { n: n(seconds, abs < 10 ? 1 : 0) });
  if (abs < 3600) return t('unit.minutes', { n: n(seconds / 60, 1) });
  return t('unit.hours', { n: n(seconds / 3600, 1) });
}

/** A session's length: from its start and end times (to the millisecond), else NFW's whole-second `age`. */
export function sessionSeconds(s: {
  start?: string | null;
  end?: string | null;
  age?: number | null;
}): number | null {
  const a = parseTs(s.start);
  const b = parseTs(s.end);
  if (a && b && b.getTime() >= a.getTime()) return (b.getTime() - a.getTime()) / 1000;
  return typeof s.age === 'number' ? s.age : null;
}

export function parseTs(iso: unknown): Date | null {
  if (typeof iso !== 'string' || !iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Date and time to the second, e.g. 2024/01/01 09:00:00. */
export function fmtTime(iso: unknown): string {
  const d = parseTs(iso);
  if (!d) return '';
  return dateFormat({
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/** Time with milliseconds, for record lists. */
export function fmtTimeMs(iso: unknown): string {
  const d = parseTs(iso);
  if (!d) return '';
  return dateFormat({
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
  }).format(d);
}

/** An hour bucket label: "01/02 09:00". */
export function fmtHour(iso: unknown): string {
  const d = parseTs(iso);
  if (!d) return String(iso ?? '');
  return dateFormat({
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

export function fmtDay(iso: unknown): string {
  const d = parseTs(iso);
  if (!d) return '';
  return dateFormat({ year: 'numeric', month: 'short', day: 'numeric' }).format(d);
}

/** A host and port: IPv6 in brackets. */
export function fmtEndpoint(ip: unknown, port: unknown): string {
  const host = typeof ip === 'string' ? (ip.includes(':') ? `[${ip}]` : ip) : '?';
  return port === null || port === undefined ? host : `${host}:${port}`;
}
