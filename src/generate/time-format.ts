/** Timestamp spellings used by NFW records and S3 keys. All inputs are epoch microseconds (UTC). */

/** `YYYY-MM-DDTHH:MM:` by epoch minute: formatting dominates rendering, and minutes repeat a lot. */
const minutePrefixes = new Map<number, string>();

function isoSeconds(us: number): string {
  const sec = Math.floor(us / 1_000_000);
  const minute = Math.floor(sec / 60);
  let prefix = minutePrefixes.get(minute);
  if (prefix === undefined) {
    if (minutePrefixes.size > 50_000) minutePrefixes.clear();
    prefix = new Date(minute * 60_000).toISOString().slice(0, 17);
    minutePrefixes.set(minute, prefix);
  }
  const s = sec - minute * 60;
  return s < 10 ? `${prefix}0${s}` : `${prefix}${s}`;
}

function micros(us: number): string {
  return String(us % 1_000_000).padStart(6, '0');
}

/** EVE spelling: `2020-10-13T22:10:01.006481+0000`. */
export function eveTime(us: number): string {
  return `${isoSeconds(us)}.${micros(us)}+0000`;
}

/** TLS-log spelling: `2024-02-19T16:46:29.441824Z`. */
export function tlsTime(us: number): string {
  return `${isoSeconds(us)}.${micros(us)}Z`;
}

export function epochSeconds(us: number): number {
  return Math.floor(us / 1_000_000);
}

/** `YYYYMMDDHHmm`, as in S3 object names. */
export function fileStamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16);
}

/** `YYYY/MM/DD/HH`, the hour folder of an S3 key. */
export function hourPath(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}`;
}
