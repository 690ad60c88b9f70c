/**
 * Time zones for report buckets: validating an IANA name, local calendar parts of an instant, ISO 8601
 * text with the zone's offset, and local times back to instants. Pure, built on `Intl`.
 */
import { ReportError } from './errors.ts';

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The machine's zone (`Intl`), the default of `--tz`. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The zone's canonical name, or a ReportError naming the accepted form. */
export function validateTimeZone(tz: string): string {
  const name = tz.trim();
  const bad = () =>
    new ReportError(
      'bad_value',
      `unknown time zone "${tz}": use an IANA name such as Asia/Tokyo, America/New_York or UTC`,
      undefined,
      { code: 'report.time_zone', params: { tz } },
    );
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) throw bad();
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    // Keep the name as given (Asia/Kolkata, not the legacy Asia/Calcutta), fixing only its case.
    return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
  } catch {
    throw bad();
  }
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock parts of an instant (epoch ms) in a zone. */
export function localParts(ms: number, tz: string): LocalParts {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return {
    year: p.year ?? 0,
    month: p.month ?? 1,
    day: p.day ?? 1,
    hour: p.hour ?? 0,
    minute: p.minute ?? 0,
    second: p.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(ms: number, tz: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const p = localParts(whole, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - whole) / 60_000);
}

const two = (n: number) => String(n).padStart(2, '0');

/** `2024-03-10T01:00:00-05:00`: the instant as local time with the zone's offset at that instant. */
export function isoWithOffset(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  const off = offsetMinutes(ms, tz);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}${sign}${two(Math.floor(a / 60))}:${two(a % 60)}`;
}

/** The start of the local hour holding the instant (epoch ms). */
export function localHourFloor(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  return Math.floor(ms / 1000) * 1000 - (p.minute * 60 + p.second) * 1000;
}

/** The local date of an instant, `YYYY-MM-DD`. */
export function localDate(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return `${p.year}-${two(p.month)}-${two(p.day)}`;
}

/** The first instant of a local date (its midnight, or the first hour that exists on a DST day). */
export function localDayStart(date: string, tz: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new ReportError('bad_value', `not a date: "${date}" (use YYYY-MM-DD)`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // The instant is wall - offset for the offset in force then: try the offsets around that day.
  let best: number | null = null;
  for (const probe of [wall - 14 * HOUR_MS, wall, wall + 14 * HOUR_MS]) {
    const t = wall - offsetMinutes(probe, tz) * 60_000;
    const p = localParts(t, tz);
    if (p.hour === 0 && p.minute === 0 && localDate(t, tz) === date && (best === null || t < best)) best = t;
  }
  if (best !== null) return best;
  // Midnight skipped (DST at 00:00): the first local hour of that date.
  let t = localHourFloor(wall - offsetMinutes(wall, tz) * 60_000 - 2 * HOUR_MS, tz);
  for (let i = 0; i < 8 && localDate(t, tz) !== date; i++) t += HOUR_MS;
  return t;
}

/** The date after `YYYY-MM-DD`. */
export function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
