/**
 * Time zones for the pickers: any IANA zone the browser knows, and wall-clock times read or written in
 * one (the `datetime-local` fields of the custom range hold the chosen zone's wall time, not UTC).
 */

/** The zone's canonical name ("asia/tokyo" -> "Asia/Tokyo"), or null when the browser knows no such zone. */
export function canonicalZone(name: string): string | null {
  if (!name.trim()) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name.trim() }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Every zone for the searchable list, UTC first. */
export function allZones(): string[] {
  const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...names.filter((z) => z !== 'UTC')];
}

const partsCache = new Map<string, Intl.DateTimeFormat>();

function wall(ms: number, zone: string): number[] {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(zone, f);
  }
  const get = (type: string) =>
    Number(f.formatToParts(new Date(ms)).find((p) => p.type === type)?.value ?? 0);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms: number, zone: string): number {
  const [y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0] = wall(ms, zone);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

/** An instant as a `datetime-local` value in a zone: "2026-12-02T09:30". */
export function toWallInput(ms: number, zone: string): string {
  const [y = 1970, mo = 1, d = 1, h = 0, mi = 0] = wall(ms, zone);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}`;
}

/** The instant a `datetime-local` value names in a zone (null when it is not one). */
export function fromWallInput(text: string, zone: string): number | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const guess = Date.UTC(y ?? 1970, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
  // the offset at the guess, then at the corrected instant (they differ only across a DST change)
  const first = guess - offsetAt(guess, zone);
  return guess - offsetAt(first, zone);
}
