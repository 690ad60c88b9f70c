/**
 * The file name of an export: `nfwlens-<table>_<query>_<from>_<to>_<zone>.<ext>`, every part reduced
 * to letters, digits, `_`, `.` and `-` so it is safe in a Content-Disposition header and on any file
 * system (`dest_port:443` -> `dest_port-443`, `Asia/Tokyo` -> `Asia-Tokyo`). Times are the resolved
 * range as wall time in the zone, to the minute (`2026-12-01T00-00`); an open start reads `begin`.
 */
import { isoWithOffset } from '../report/index.ts';

/** The longest the query part of a name may be (the rest is short). */
export const MAX_QUERY_PART = 60;

/** `text` with every run of other characters turned into one `-`, without leading or trailing ones. */
export function namePart(text: string, max = MAX_QUERY_PART): string {
  const safe = text
    .replace(/[^A-Za-z0-9_.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, max)
    .replace(/[-.]+$/g, '');
  return safe;
}

/** An instant (epoch µs) as wall time in `tz` to the minute, file-name safe: `2026-12-01T09-30`. */
export function wallMinute(us: number, tz: string): string {
  return isoWithOffset(Math.floor(us / 1000), tz)
    .slice(0, 16)
    .replace(':', '-');
}

export interface ExportName {
  /** `records`, `sessions`, `report-top-destinations`... */
  table: string;
  query: string;
  /** The range in epoch µs; null when open. */
  fromUs: number | null;
  toUs: number | null;
  tz: string;
  format: 'csv' | 'ndjson';
}

export function exportFileName(n: ExportName): string {
  const parts = [
    `nfwlens-${namePart(n.table)}`,
    namePart(n.query) || 'all',
    n.fromUs === null ? 'begin' : wallMinute(n.fromUs, n.tz),
    n.toUs === null ? 'end' : wallMinute(n.toUs, n.tz),
    namePart(n.tz, 64) || 'UTC',
  ];
  return `${parts.join('_')}.${n.format}`;
}
