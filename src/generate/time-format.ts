/** Timestamp spellings used by NFW records and S3 keys. All inputs are epoch microseconds (UTC). */

function isoSeconds(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString().slice(0, 19);
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
