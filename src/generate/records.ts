/**
 * The record-level generator: walks the plan hour by hour, firewall by firewall, 5-minute slot by
 * slot, turns scenario drafts into flow, alert and TLS records, and yields them in time order per
 * slot. Pure and synchronous; memory is bounded by one slot's records.
 */
import type { FlowDraft, Scenario } from './draft.ts';
import { scenarioWeights } from './mix.ts';
import type { RecordOptions, ResolvedOptions } from './options.ts';
import { resolveOptions } from './options.ts';
import { buildPlan, fileSplit, SLOT_US, SLOTS_PER_HOUR } from './plan.ts';
import { fnv1a, Rng } from './prng.ts';
import { type FlowPlacement, renderAlert, renderNetflow } from './render.ts';
import { renderTlsLog } from './tls-log.ts';
import { buildTopology, type FirewallProfile, type Topology } from './topology.ts';

export type LogType = 'alert' | 'flow' | 'tls';
export const LOG_TYPES: readonly LogType[] = ['alert', 'flow', 'tls'];

export interface GeneratedRecord {
  logType: LogType;
  firewall: string;
  /** Start of the hour the record belongs to (shared object per hour: do not mutate). */
  hour: Date;
  /** Minute of the hour at which the record's file starts (0, 5, ... 55). */
  fileMinute: number;
  /** The exact JSON text of the record, without newline. */
  line: string;
}

interface Timed {
  us: number;
  line: string;
}

interface FlowIdMemory {
  id: number;
  az: string;
}

/** Share of flows reusing an earlier flow id of the same firewall, and of another firewall. */
const REUSE_SAME_FW = 0.001;
const REUSE_OTHER_FW = 0.0005;
const RING = 256;

class SlotGenerator {
  private readonly recent = new Map<string, FlowIdMemory[]>();

  constructor(
    private readonly rng: Rng,
    private readonly topo: Topology,
  ) {}

  private flowId(fw: FirewallProfile, az: string): FlowIdMemory {
    const rng = this.rng;
    const own = this.recent.get(fw.name) ?? [];
    this.recent.set(fw.name, own);
    let mem: FlowIdMemory = { id: rng.flowId(), az };
    const r = rng.next();
    if (r < REUSE_SAME_FW && own.length > 0) mem = rng.pick(own);
    else if (r < REUSE_SAME_FW + REUSE_OTHER_FW) {
      const other = this.recent.get(rng.pick(this.topo.firewalls).name);
      if (other && other !== own && other.length > 0) mem = { id: rng.pick(other).id, az };
    }
    if (own.length < RING) own.push(mem);
    else own[rng.int(0, RING - 1)] = mem;
    return mem;
  }

  /** Timing of a flow written inside [slotUs, slotUs + SLOT_US): emission, end, start. */
  private timing(d: FlowDraft, slotUs: number): { emit: number; end: number; start: number } {
    const rng = this.rng;
    const alerted = d.alerts.length > 0;
    const lo = slotUs + (alerted ? 11_000_000 : 0);
    const emit = rng.int(lo, slotUs + SLOT_US - 500_001);
    let timeout = d.closed ? rng.int(10_000_000, 40_000_000) : rng.int(30_000_000, 300_000_000);
    if (alerted) timeout = Math.min(timeout, rng.int(10_000_000, emit - slotUs - 1_000_000));
    const end = emit - timeout;
    return { emit, end, start: end - d.durationUs };
  }

  slot(fw: FirewallProfile, weights: (readonly [Scenario, number])[], slotUs: number, budget: number) {
    const rng = this.rng;
    const out = { flow: [] as Timed[], alert: [] as Timed[], tls: [] as Timed[] };
    const tlsCount = Math.min(budget, Math.floor(budget * fw.tlsLogShare + rng.next()));
    for (let i = 0; i < tlsCount; i++) {
      const us = rng.int(slotUs, slotUs + SLOT_US - 1);
      out.tls.push({ us, line: renderTlsLog(rng, this.topo, fw, rng.pick(fw.azs), us) });
    }
    let left = budget - tlsCount;
    const ctx = { topo: this.topo, fw };
    while (left > 0) {
      const d = rng.weighted(weights)(rng, ctx);
      left -= 1;
      if (d.rep && left === 0) d.rep = undefined;
      if (d.rep) left -= 1;
      if (d.alerts.length > left) d.alerts.length = left;
      left -= d.alerts.length;
      this.emitFlow(fw, d, slotUs, out);
    }
    for (const list of [out.flow, out.alert, out.tls]) list.sort((a, b) => a.us - b.us);
    return out;
  }

  private emitFlow(
    fw: FirewallProfile,
    d: FlowDraft,
    slotUs: number,
    out: { flow: Timed[]; alert: Timed[] },
  ) {
    const rng = this.rng;
    const az = fw.azs[fnv1a(d.src) % fw.azs.length]!;
    const mem = this.flowId(fw, az);
    const t = this.timing(d, slotUs);
    const p: FlowPlacement = {
      firewall: fw.name,
      az: mem.az,
      flowId: mem.id,
      startUs: t.start,
      endUs: t.end,
    };
    out.flow.push({ us: t.emit, line: renderNetflow(p, d, false, t.emit) });
    if (d.rep) {
      const us = t.emit + Math.floor(rng.next() ** 3 * 500_000);
      out.flow.push({ us, line: renderNetflow(p, d, true, us) });
    }
    const lo = Math.max(t.start, slotUs);
    let early = lo;
    for (const a of d.alerts) {
      early += rng.int(0, 40_000);
      const us = d.alertEarly ? Math.min(early, t.end) : rng.int(lo, t.end);
      out.alert.push({ us, line: renderAlert(p, d, a, us, fw.verdicts) });
    }
  }
}

/** Synthetic NFW records, in the order they are written to files. Deterministic for a seed and options. */
export function* generateRecords(opts: RecordOptions = {}): Generator<GeneratedRecord> {
  yield* generateResolved(resolveOptions(opts));
}

export function* generateResolved(o: ResolvedOptions): Generator<GeneratedRecord> {
  const topo = buildTopology(o.seed, o.region);
  const plan = buildPlan(o.seed, o.startMs, o.hours, o.records, topo.firewalls);
  const gen = new SlotGenerator(new Rng(o.seed, 'records'), topo);
  for (const [hi, hour] of plan.hours.entries()) {
    const hourDate = new Date(hour.startMs);
    for (const [fi, fw] of topo.firewalls.entries()) {
      const budgets = plan.budgets[hi]![fi]!;
      const total = budgets.reduce((a, b) => a + b, 0);
      if (total === 0) continue;
      const splits = {
        flow: fileSplit(total * 0.9),
        alert: fileSplit(total * 0.2),
        tls: fileSplit(total * fw.tlsLogShare),
      };
      const weights = scenarioWeights(fw.role, hour.activity, hour.burst);
      for (let s = 0; s < SLOTS_PER_HOUR; s++) {
        const budget = budgets[s]!;
        if (budget === 0) continue;
        const slot = gen.slot(fw, weights, hour.startMs * 1000 + s * SLOT_US, budget);
        for (const logType of LOG_TYPES) {
          const per = SLOTS_PER_HOUR / splits[logType];
          const fileMinute = Math.floor(s / per) * per * 5;
          for (const r of slot[logType])
            yield { logType, firewall: fw.name, hour: hourDate, fileMinute, line: r.line };
        }
      }
    }
  }
}
