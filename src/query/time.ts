/**
 * Time values shared by the query language (`ts>=...`) and the `--from/--to` options:
 * ISO 8601 (`2024-01-01T00:00:00Z`, `2024-01-01T02:00:00.123456+02:00`, `2024-01-01` as UTC midnight;
 * no offset means UTC), relative to now (`-24h`, `-7d`, `-30m`, `-15s`, `-2w`, `now`, `now-1h`).
 */

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^(?:now)?\s*([-+])\s*(\d+)\s*([smhdw])$/i;
/** Times lie within years 1 to 9999 (what ISO 8601 and every engine's timestamp can hold). */
const MIN_MS = -62_135_596_800_000; // 0001-01-01T00:00:00Z
const MAX_MS = 253_402_300_800_000; // 10000-01-01T00:00:00Z

function inRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_MS && ms < MAX_MS;
}
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** A time as epoch microseconds, or null when the text is not a time. */
export function parseTimeMicros(text: string, now: Date): number | null {
  const t = text.trim();
  if (/^now$/i.test(t)) return now.getTime() * 1000;
  const rel = RELATIVE.exec(t);
  if (rel) {
    const ms = Number(rel[2]) * UNIT_MS[rel[3]!.toLowerCase()]!;
    const at = now.getTime() + (rel[1] === '-' ? -ms : ms);
    return inRange(at) ? at * 1000 : null;
  }
  const m = ISO.exec(t);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    return null;
  }
  const date = new Date(Date.UTC(2000, month - 1, day, Number(h), Number(mi)));
  date.setUTCFullYear(Number(y), month - 1, day); // Date.UTC reads years 0-99 as 1900-1999
  if (date.getUTCDate() !== day) return null; // 2024-02-30
  const ms = date.getTime() + Number(s) * 1000;
  let offsetMin = 0;
  if (zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    offsetMin = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
  }
  const micros = Number(frac.padEnd(6, '0').slice(0, 6));
  const at = ms - offsetMin * 60_000;
  return inRange(at) ? at * 1000 + micros : null;
}

/** Parse a time for `--from/--to` and the API; throws a plain Error naming the accepted forms. */
export function parseTime(text: string, now: Date): Date {
  const us = parseTimeMicros(text, now);
  if (us === null) {
    throw new Error(
      `invalid time "${text}": use ISO 8601 (2024-01-01T00:00:00Z, 2024-01-01T02:00:00+02:00, 2024-01-01) or a relative time (now, -24h, -7d, -30m)`,
    );
  }
  return new Date(Math.floor(us / 1000));
}

/** True when the text is a bare date (`2024-01-01`): `ts:2024-01-01` means that whole UTC day. */
export function isDateOnly(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
}

/** Epoch microseconds as ISO 8601 UTC with six fractional digits (`2024-01-01T00:00:00.000000Z`). */
export function microsToIso(us: number): string {
  const ms = Math.floor(us / 1000);
  const rest = us - ms * 1000;
  const iso = new Date(ms).toISOString(); // ...ss.mmmZ
  return `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}
