/**
 * Byte quantities in binary units (1 KiB = 1024 B): the unit a value reads best in, and nice axis
 * steps in one unit (0, 256 MiB, 512 MiB ... rather than decimal steps that fall between MiB).
 * Pure: the locale's number format is passed in, so this runs anywhere.
 */

export const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
export type ByteUnit = (typeof BYTE_UNITS)[number];

/** The unit index for |n|: the largest with 1024^index <= |n| (B below 1 KiB). */
export function byteUnitIndex(n: number): number {
  let v = Math.abs(n);
  let u = 0;
  while (v >= 1024 && u < BYTE_UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u;
}

/** `n` expressed in unit `u` with its fraction digits: 3 significant digits, whole bytes. */
export function scaleBytes(
  n: number,
  u = byteUnitIndex(n),
): { value: number; unit: ByteUnit; digits: number } {
  const value = n / 1024 ** u;
  const abs = Math.abs(value);
  const digits = u === 0 ? 0 : abs < 10 ? 2 : abs < 100 ? 1 : 0;
  return { value, unit: BYTE_UNITS[u] ?? 'B', digits };
}

/** "12.3 MiB", the number through `formatNumber` (the locale's grouping and decimal mark). */
export function formatBytesWith(
  n: number,
  formatNumber: (value: number, digits: number) => string,
  u?: number,
): string {
  const s = scaleBytes(n, u);
  // keep the rounded value in its unit: 1023.9 KiB stays "1,024 KiB" rather than switching units mid-row
  return `${formatNumber(s.value, s.digits)}\u00a0${s.unit}`;
}

export interface ByteAxis {
  /** Distance between ticks, in bytes. */
  interval: number;
  /** The axis end, a whole number of intervals at or above the largest value. */
  max: number;
  /** The unit index every tick label uses. */
  unit: number;
}

const STEPS = [1, 2, 2.5, 5, 10] as const;

/** Ticks for values up to `max` bytes: about `ticks` steps of 1, 2, 2.5 or 5 x 10^k in one unit. */
export function byteAxis(max: number, ticks = 4): ByteAxis {
  const top = Math.max(1, max);
  const unit = byteUnitIndex(top);
  const size = 1024 ** unit;
  const raw = top / size / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  let step = (STEPS.find((s) => s * pow >= raw) ?? 10) * pow;
  if (unit === 0) step = Math.max(1, Math.ceil(step));
  const interval = step * size;
  return { interval, max: Math.ceil(top / interval) * interval, unit };
}
