import { describe, expect, it } from 'vitest';
import { formatRate, rateUnitIndex } from '../src/rates.ts';

const en = (v: number, d: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
const NB = '\u00a0';

describe('decimal rate units', () => {
  it.each([
    [0, 'bps', `0${NB}bps`],
    [6.666_666, 'bps', `6.67${NB}bps`],
    [999, 'bps', `999${NB}bps`],
    [1000, 'bps', `1.0${NB}kbps`],
    [176_000, 'bps', `176${NB}kbps`],
    [12_345_678, 'bps', `12.3${NB}Mbps`],
    [2_500_000_000, 'bps', `2.5${NB}Gbps`],
    [1.2e13, 'bps', `12.0${NB}Tbps`],
    [850, 'pps', `850${NB}pps`],
    [45_000, 'pps', `45.0${NB}kpps`],
    [0.25, '/s', `0.25${NB}/s`],
  ])('%d %s', (n, suffix, text) => {
    expect(formatRate(n, suffix, en)).toBe(text);
  });

  it('steps by 1000, not 1024', () => {
    expect(rateUnitIndex(999.9)).toBe(0);
    expect(rateUnitIndex(1000)).toBe(1);
    expect(rateUnitIndex(1024 ** 2)).toBe(2);
    expect(formatRate(Number.NaN, 'bps', en)).toBe('');
  });
});
