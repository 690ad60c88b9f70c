/**
 * The settle window of one firewall folder: NFW closes and publishes files of hour H up to several
 * minutes after H ends (5-minute publication, files closed late, retried PUTs), so hours whose end
 * is less than `settleMinutes` before the newest file taken are listed again on every poll. The
 * names of the files already taken in those hours are remembered, and forgotten with their hour
 * once it leaves the window. Older hours are never listed again.
 */
import { parseNfwKey } from './s3-key.ts';

export interface DirMark {
  /** File time (ms, from the file name) of the newest object taken in this folder. */
  newest: number | null;
  /** Settling hours (`YYYY/MM/DD/HH`) → names (`<timestamp>_<hash>`) of the objects taken there. */
  hours: Record<string, string[]>;
}

/** The walk state of an earlier version: last hour and last key only. */
interface LegacyMark {
  hour: string;
  lastKey: string | null;
}

/** The part of a key that tells the objects of one hour folder apart: `<timestamp>_<hash>`. */
export function takenName(key: string): string {
  const file = key.slice(key.lastIndexOf('/') + 1).replace(/\.log\.gz$/, '');
  const parts = file.split('_');
  return parts.slice(-2).join('_');
}

/** Epoch ms at which hour folder `YYYY/MM/DD/HH` ends. */
export function hourEnd(hour: string): number {
  const [y, m, d, h] = hour.split('/').map(Number) as [number, number, number, number];
  return Date.UTC(y, m - 1, d, h + 1);
}

/** A folder's mark as saved (current or earlier layout), or an empty one. */
export function readMark(saved: unknown): DirMark {
  const s = saved as Partial<DirMark & LegacyMark> | undefined;
  if (!s) return { newest: null, hours: {} };
  if (s.hours && typeof s.hours === 'object') return { newest: s.newest ?? null, hours: s.hours };
  // Earlier layout: re-list its last hour whole; the objects' own checkpoints skip what was read.
  if (typeof s.hour === 'string') {
    const t = s.lastKey ? (parseNfwKey(s.lastKey)?.fileTime ?? null) : null;
    return { newest: t, hours: { [s.hour]: [] } };
  }
  return { newest: null, hours: {} };
}

/** The hour folder name (`YYYY/MM/DD/HH`) of epoch ms `t`. */
export function hourOf(t: number): string {
  const iso = new Date(t).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}`;
}

/**
 * The first hour to list: the oldest still settling, else the newest file's hour; null (list the
 * folder from its start) when nothing was taken yet.
 */
export function firstHour(mark: DirMark): string | null {
  let first: string | null = null;
  for (const h of Object.keys(mark.hours)) if (first === null || h < first) first = h;
  return first ?? (mark.newest === null ? null : hourOf(mark.newest));
}

/**
 * The mark after taking `key` (in hour folder `hour`, file time `fileTime`): a new object, the
 * given one is left unchanged. Hours that ended `settleMs` or more before the newest file are dropped.
 */
export function markTaken(
  mark: DirMark,
  hour: string,
  key: string,
  fileTime: number,
  settleMs: number,
): DirMark {
  const newest = Math.max(mark.newest ?? fileTime, fileTime);
  const floor = newest - settleMs;
  const hours: Record<string, string[]> = {};
  for (const [h, names] of Object.entries(mark.hours)) if (hourEnd(h) > floor) hours[h] = names;
  if (hourEnd(hour) > floor) hours[hour] = [...(mark.hours[hour] ?? []), takenName(key)];
  return { newest, hours };
}
