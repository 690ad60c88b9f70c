/** Locale-aware formatting of counts, bytes, shares, durations and times (in the chosen zone). */
import { displayZone } from './app/context.ts';
import { formatBytesWith } from './bytes.ts';
import { locale } from './i18n/index.ts';

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

export function fmtDuration(seconds: unknown): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '';
  if (seconds < 60)
    return numberFormat({ style: 'unit', unit: 'second', unitDisplay: 'narrow' }).format(seconds);
  if (seconds < 3600)
    return numberFormat({
      style: 'unit',
      unit: 'minute',
      unitDisplay: 'narrow',
      maximumFractionDigits: 1,
    }).format(seconds / 60);
  return numberFormat({
    style: 'unit',
    unit: 'hour',
    unitDisplay: 'narrow',
    maximumFractionDigits: 1,
  }).format(seconds / 3600);
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
