import { describe, expect, it } from 'vitest';
import { Rng } from './prng.ts';

describe('Rng', () => {
  it('repeats for a seed and label, differs for another seed or label', () => {
    const draw = (seed: number, label: string) => {
      const r = new Rng(seed, label);
      return Array.from({ length: 8 }, () => r.u32());
    };
    expect(draw(1, 'x')).toEqual(draw(1, 'x'));
    expect(draw(2, 'x')).not.toEqual(draw(1, 'x'));
    expect(draw(1, 'y')).not.toEqual(draw(1, 'x'));
    expect(draw(2 ** 40 + 1, 'x')).not.toEqual(draw(1, 'x'));
  });

  it('draws within bounds', () => {
    const r = new Rng(9);
    const bad: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const id = r.flowId();
      if (!Number.isSafeInteger(id) || id < 1 || id > 2 ** 51 - 1) bad.push(id);
      const n = r.int(3, 7);
      if (!Number.isInteger(n) || n < 3 || n > 7) bad.push(n);
      const u = r.next();
      if (u < 0 || u >= 1) bad.push(u);
    }
    expect(bad).toEqual([]);
    expect(r.hex(40)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('has the advertised distributions', () => {
    const r = new Rng(3);
    const xs = Array.from({ length: 50_000 }, () => r.lognormal(1000, 1)).sort((a, b) => a - b);
    expect(xs[25_000]!).toBeGreaterThan(900);
    expect(xs[25_000]!).toBeLessThan(1100);
    const ids = new Set(Array.from({ length: 50_000 }, () => r.flowId()));
    expect(ids.size).toBe(50_000);
    const counts = [0, 0];
    for (let i = 0; i < 10_000; i++)
      counts[
        r.weighted([
          [0, 1],
          [1, 3],
        ] as const)
      ]! += 1;
    expect(counts[1]! / 10_000).toBeCloseTo(0.75, 1);
  });
});
