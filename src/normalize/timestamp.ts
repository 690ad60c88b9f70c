/**
 * EVE timestamps <-> epoch microseconds, parsed by hand: `Date` reads a string without a zone as
 * local time and drops microseconds, and NFW uses three spellings (`+0000`, `Z`, no zone = UTC).
 */

const US_PER_S = 1_000_000;

/** Set by the last successful parse: true when the text is exactly what formatEveTimestamp prints. */
let lastCanonical = false;

/** Two decimal digits at `at`, or -1. */
function two(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : (MONTH_DAYS[m - 1] ?? 0);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Parses the zone suffix starting at `at`; returns the offset in seconds, or NaN when invalid. */
function parseZone(s: string, at: number): number {
  const rest = s.length - at;
  if (rest === 0) return 0;
  const c = s.charCodeAt(at);
  if (rest === 1 && (c === 90 || c === 122)) return 0; // Z or z
  if (c !== 43 && c !== 45) return Number.NaN; // + or -
  let hh: number;
  let mm: number;
  if (rest === 5) {
    hh = two(s, at + 1);
    mm = two(s, at + 3);
  } else if (rest === 6 && s.charCodeAt(at + 3) === 58) {
    hh = two(s, at + 1);
    mm = two(s, at + 4);
  } else if (rest === 3) {
    hh = two(s, at + 1);
    mm = 0;
  } else {
    return Number.NaN;
  }
  if (hh < 0 || mm < 0 || hh > 23 || mm > 59) return Number.NaN;
  const off = hh * 3600 + mm * 60;
  return c === 45 ? -off : off;
}

/**
 * Parses `YYYY-MM-DD[T| ]HH:MM:SS[.f{1,9}][Z|±HHMM|±HH:MM|±HH]` into epoch microseconds (a missing
 * zone means UTC; digits beyond microseconds are truncated). Null when invalid or outside the range
 * a JS number holds exactly (years ~1685..2255).
 */
export function parseEveTimestamp(s: string): number | null {
  lastCanonical = false;
  if (typeof s !== 'string' || s.length < 19) return null;
  const y1 = two(s, 0);
  const y2 = two(s, 2);
  const y = y1 < 0 || y2 < 0 ? -1 : y1 * 100 + y2;
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  const sec = two(s, 17);
  const sep = s.charCodeAt(10);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) {
    return null;
  }
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  ) {
    return null;
  }
  if ((sep !== 84 && sep !== 32) || d > daysInMonth(y, mo)) return null;
  let i = 19;
  let frac = 0;
  let fracDigits = 0;
  if (s.charCodeAt(i) === 46) {
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i) - 48;
      if (!(c >= 0 && c <= 9)) break;
      if (fracDigits < 6) frac = frac * 10 + c;
      fracDigits++;
      i++;
    }
    if (fracDigits === 0 || fracDigits > 9) return null;
    for (let k = fracDigits; k < 6; k++) frac *= 10;
  }
  const zoneAt = i;
  const off = parseZone(s, zoneAt);
  if (Number.isNaN(off)) return null;
  const secs = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
  const us = secs * US_PER_S + frac;
  if (!Number.isSafeInteger(us)) return null;
  lastCanonical =
    sep === 84 && fracDigits === 6 && s.length === zoneAt + 5 && s.endsWith('+0000') && y >= 1000;
  return us;
}

/** Whether the last successful parseEveTimestamp input is exactly formatEveTimestamp's output. */
export function lastParseWasCanonical(): boolean {
  return lastCanonical;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Epoch microseconds -> `YYYY-MM-DDTHH:MM:SS.ffffff+0000`, the EVE form. */
export function formatEveTimestamp(us: number): string {
  const secs = Math.floor(us / US_PER_S);
  const frac = us - secs * US_PER_S;
  const days = Math.floor(secs / 86400);
  const sod = secs - days * 86400;
  // civil_from_days (H. Hinnant)
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const h = Math.floor(sod / 3600);
  const mi = Math.floor((sod % 3600) / 60);
  const sec = sod % 60;
  const ys = String(y).padStart(4, '0');
  const fs = String(frac).padStart(6, '0');
  return `${ys}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(sec)}.${fs}+0000`;
}
