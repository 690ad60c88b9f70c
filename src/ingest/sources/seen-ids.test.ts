import { describe, expect, it } from 'vitest';
import { SeenIds } from './seen-ids.ts';
import { range } from './sources.testing.ts';

const id = (i: number) => `3${String(i * 7_919).padStart(55, '0')}`;

describe('SeenIds', () => {
  it('adds each id once and survives a save through JSON', () => {
    const s = new SeenIds();
    expect(range(0, 10_000).every((i) => s.add(id(i), i))).toBe(true);
    expect(s.add(id(5), 5)).toBe(false);
    const back = SeenIds.from(JSON.parse(JSON.stringify(s.snapshot())));
    expect(back.size).toBe(10_000);
    expect(range(0, 10_000).every((i) => back.has(id(i)))).toBe(true);
    expect(back.has(id(10_000))).toBe(false);
    expect(back.add(id(9_999), 1)).toBe(false);
  });

  it('keeps about 11 bytes of JSON an id (the earlier layout kept ~73)', () => {
    const s = new SeenIds();
    const legacy: Record<string, number> = {};
    for (const i of range(0, 100_000)) {
      s.add(id(i), 1_704_085_200_000 + i);
      legacy[id(i)] = 1_704_085_200_000 + i;
    }
    const bytes = JSON.stringify(s.snapshot()).length;
    expect(bytes / 100_000).toBeLessThan(11);
    expect(JSON.stringify(legacy).length / bytes).toBeGreaterThan(6);
  });

  it('prunes whole segments older than the floor, never an id at or after it', () => {
    const s = new SeenIds();
    for (const i of range(0, 20_000)) s.add(id(i), i);
    s.prune(10_000);
    expect(range(10_000, 20_000).every((i) => s.has(id(i)))).toBe(true);
    expect(s.size).toBeLessThan(20_000);
    expect(s.size).toBeLessThanOrEqual(10_000 + 4_096);
    expect(s.has(id(0))).toBe(false);
    // A forgotten id counts as new again.
    expect(s.add(id(0), 30_000)).toBe(true);
  });

  it('leaves an earlier snapshot as it was', () => {
    const s = new SeenIds();
    s.add(id(1), 1);
    const before = s.snapshot();
    s.add(id(2), 2);
    expect(SeenIds.from(before).has(id(2))).toBe(false);
    expect(SeenIds.from(s.snapshot()).has(id(2))).toBe(true);
  });

  it('reads the earlier layout (id → time)', () => {
    const s = SeenIds.from({ [id(1)]: 1, [id(2)]: 2 });
    expect([s.has(id(1)), s.has(id(2)), s.has(id(3))]).toEqual([true, true, false]);
  });
});
