import { describe, expect, it } from 'vitest';
import { activityAt, apportion, buildPlan, fileSplit, SLOTS_PER_HOUR } from './plan.ts';
import { buildTopology } from './topology.ts';

describe('plan', () => {
  it.each([
    [10, [1, 1, 1]],
    [1_000_003, [0.3, 0.5, 0.2, 1e-9]],
    [7, [5, 0, 5]],
    [0, [1, 2]],
  ])('apportions %i exactly over %j', (total, weights) => {
    const out = apportion(total, weights);
    expect(out.reduce((a, b) => a + b, 0)).toBe(total);
    expect(out.every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
    weights.forEach((w, i) => {
      if (w === 0) expect(out[i]).toBe(0);
    });
  });

  it.each([
    [0, 1],
    [10_000, 1],
    [10_001, 2],
    [35_000, 4],
    [1e9, 12],
  ])('splits %i records into %i files (a divisor of 12)', (n, files) => {
    expect(fileSplit(n)).toBe(files);
  });

  it('is busier in working hours and on weekdays', () => {
    const monday = Date.parse('2026-11-02T00:00:00Z');
    expect(activityAt(monday + 14 * 3_600_000)).toBeGreaterThan(3 * activityAt(monday + 2 * 3_600_000));
    expect(activityAt(monday + 14 * 3_600_000)).toBeGreaterThan(activityAt(monday - 24 * 3_600_000));
  });

  it('budgets every hour, firewall and slot, summing to the requested records, with scan bursts', () => {
    const topo = buildTopology(1, 'us-east-1');
    const plan = buildPlan(1, Date.parse('2026-11-02T00:00:00Z'), 48, 123_457, topo.firewalls);
    expect(plan.hours).toHaveLength(48);
    expect(plan.budgets.flat(2)).toHaveLength(48 * topo.firewalls.length * SLOTS_PER_HOUR);
    expect(plan.budgets.flat(2).reduce((a, b) => a + b, 0)).toBe(123_457);
    expect(plan.hours.filter((h) => h.burst).length).toBeGreaterThanOrEqual(2);
  });
});
