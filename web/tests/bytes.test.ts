import { describe, expect, it } from 'vitest';
import { byteAxis, formatBytesWith, scaleBytes } from '../src/bytes.ts';

const en = (v: number, d: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
const ja = (v: number, d: number) =>
  new Intl.NumberFormat('ja-JP', { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
const NB = '\u00a0';

describe('binary byte units', () => {
  it.each([
    [0, `0${NB}B`],
    [1023, `1,023${NB}B`],
    [1024, `1.00${NB}KiB`],
    [1536, `1.50${NB}KiB`],
    [10 * 1024, `10.0${NB}KiB`],
    [1_000_000, `977${NB}KiB`],
    [1024 ** 2, `1.00${NB}MiB`],
    [95_000_000, `90.6${NB}MiB`],
    [2_560_000_000, `2.38${NB}GiB`],
    [5 * 1024 ** 4, `5.00${NB}TiB`],
    [-2048, `-2.00${NB}KiB`],
  ])('%d bytes -> %s', (n, want) => {
    expect(formatBytesWith(n, en)).toBe(want);
  });

  it('uses the same unit labels in Japanese, with its number format', () => {
    expect(formatBytesWith(12_345_678_901, ja)).toBe(`11.5${NB}GiB`);
    expect(formatBytesWith(3 * 1024 ** 2 + 1, ja)).toBe(`3.00${NB}MiB`);
  });

  it('formats in a given unit (axis labels share one)', () => {
    expect(formatBytesWith(512 * 1024 ** 2, en, 3)).toBe(`0.50${NB}GiB`);
    expect(scaleBytes(1536, 1)).toEqual({ value: 1.5, unit: 'KiB', digits: 2 });
  });
});

describe('byteAxis', () => {
  it.each([
    // largest value, interval, axis end, unit
    [700 * 1024 ** 2, 200 * 1024 ** 2, 800 * 1024 ** 2, 2],
    [2.56e9, 1024 ** 3, 3 * 1024 ** 3, 3],
    [1.9e9, 0.5 * 1024 ** 3, 2 * 1024 ** 3, 3],
    [1024 ** 3, 0.25 * 1024 ** 3, 1024 ** 3, 3],
    [37, 10, 40, 0],
    [3, 1, 3, 0],
    [0, 1, 1, 0],
  ])('max %d -> every %d up to %d', (max, interval, end, unit) => {
    expect(byteAxis(max)).toEqual({ interval, max: end, unit });
  });

  it('ends at or above the largest value, in 3 to 8 steps', () => {
    for (const max of [1, 999, 1025, 5e6, 3.3e9, 7.7e12]) {
      const a = byteAxis(max);
      expect(a.max).toBeGreaterThanOrEqual(max);
      const steps = a.max / a.interval;
      expect(Number.isInteger(steps)).toBe(true);
      expect(steps).toBeGreaterThanOrEqual(1);
      expect(steps).toBeLessThanOrEqual(8);
    }
  });
});
