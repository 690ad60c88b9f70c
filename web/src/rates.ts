/**
 * Rates per second in decimal units, as network people write them: bits (bps, kbps, Mbps, Gbps, Tbps)
 * and packets or other counts (pps, kpps, Mpps...). 1 kbps = 1000 bit/s.
 */

const PREFIXES = ['', 'k', 'M', 'G', 'T', 'P'] as const;

/** The prefix index for a rate: 0 below 1000, 1 for thousands, and so on. */
export function rateUnitIndex(n: number): number {
  let i = 0;
  let v = Math.abs(n);
  while (v >= 1000 && i < PREFIXES.length - 1) {
    v /= 1000;
    i++;
  }
  return i;
}

/** `12.3 Mbps`, `850 pps`, `1.5 k/s`: `suffix` is `bps`, `pps` or `/s`; `digits` decimals past the prefix. */
export function formatRate(n: number, suffix: string, format: (v: number, digits: number) => string): string {
  if (!Number.isFinite(n)) return '';
  const i = rateUnitIndex(n);
  const v = n / 1000 ** i;
  const digits = i === 0 ? (Math.abs(v) < 10 && v !== Math.trunc(v) ? 2 : 0) : Math.abs(v) < 100 ? 1 : 0;
  return `${format(v, digits)}\u00a0${PREFIXES[i]}${suffix}`;
}
