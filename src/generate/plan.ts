/**
 * The run plan: which hours exist, how busy each hour is (working-hours rhythm, weekends, noise,
 * scan bursts), how many records each (hour, firewall, 5-minute slot) gets so that the total is
 * exactly the requested count, and how many files each (hour, firewall, log type) is split into.
 */
import { Rng } from './prng.ts';
import type { FirewallProfile } from './topology.ts';

export const SLOTS_PER_HOUR = 12;
export const SLOT_US = 300_000_000;
/** Records per file the splitter aims at (NFW closes a file every 5 minutes or at 75 MB). */
export const TARGET_RECORDS_PER_FILE = 10_000;
const FILE_SPLITS = [1, 2, 3, 4, 6, 12];

export interface HourPlan {
  startMs: number;
  /** Working-hours rhythm of this hour (0.25 night .. ~1.3 peak), before noise. */
  activity: number;
  burst: boolean;
}

export interface Plan {
  hours: HourPlan[];
  /** budgets[hour][fw][slot]: records to generate in that 5-minute slot. */
  budgets: number[][][];
}

/** Daily rhythm in UTC: quiet at night, peak in the afternoon, weekends at about half. */
export function activityAt(ms: number): number {
  const d = new Date(ms);
  const h = d.getUTCHours() + 0.5;
  const weekday = d.getUTCDay() % 6 === 0 ? 0.55 : 1;
  return (0.25 + 1.05 * Math.exp(-(((h - 14) / 3.6) ** 2))) * weekday;
}

function burstHours(seed: number, dayNumber: number): Set<number> {
  const rng = new Rng(seed, `burst:${dayNumber}`);
  const out = new Set([rng.int(1, 5)]);
  if (rng.chance(0.5)) out.add(rng.int(10, 17));
  return out;
}

function fwWeight(fw: FirewallProfile, hour: HourPlan): number {
  switch (fw.role) {
    case 'egress':
      return 0.6 * hour.activity;
    case 'ingress':
      return 0.2 * (0.6 + 0.4 * hour.activity) * (hour.burst ? 2.5 : 1);
    case 'inspection':
      return 0.3 * hour.activity;
  }
}

/** Splits `total` over `weights` by largest remainder: integers, exact sum. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]! += 1;
  return out;
}

export function buildPlan(
  seed: number,
  startMs: number,
  hourCount: number,
  records: number,
  firewalls: readonly FirewallProfile[],
): Plan {
  const rng = new Rng(seed, 'plan');
  const hours: HourPlan[] = [];
  for (let i = 0; i < hourCount; i++) {
    const ms = startMs + i * 3_600_000;
    const bursts = burstHours(seed, Math.floor(ms / 86_400_000));
    const noise = rng.range(0.85, 1.15);
    hours.push({
      startMs: ms,
      activity: activityAt(ms) * noise,
      burst: bursts.has(new Date(ms).getUTCHours()),
    });
  }
  const weights: number[] = [];
  for (const hour of hours) {
    for (const fw of firewalls) {
      const w = fwWeight(fw, hour);
      for (let s = 0; s < SLOTS_PER_HOUR; s++) weights.push(w * rng.range(0.9, 1.1));
    }
  }
  const flat = apportion(records, weights);
  let k = 0;
  const budgets = hours.map(() =>
    firewalls.map(() => Array.from({ length: SLOTS_PER_HOUR }, () => flat[k++]!)),
  );
  return { hours, budgets };
}

/** How many files an (hour, firewall, type) with about `estimated` records is split into (divides 12). */
export function fileSplit(estimated: number): number {
  for (const n of FILE_SPLITS) if (estimated / n <= TARGET_RECORDS_PER_FILE) return n;
  return SLOTS_PER_HOUR;
}
