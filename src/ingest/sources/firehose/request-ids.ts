/**
 * The request ids a Firehose source has stored in the last 24 hours (Firehose retries a request,
 * with the same id, for at most 7,200 s), so that a retry adds nothing. They are kept as 64-bit
 * digests in a ring of 289 checkpoints `firehose:<name>:ids:<slot>`, one per 5 minutes of commit
 * time: a commit rewrites the slot of the current 5 minutes, and the first commit of a period
 * overwrites what the slot held 24 h 5 min earlier. So the ids are pruned in the same commit as
 * the records, and a source never holds more than 289 such checkpoints.
 */
import type { Checkpoint, Store } from '../../../store/store.ts';
import { decodeDigests, encodeDigests, idDigest } from '../seen-ids.ts';

export const SLOT_MS = 5 * 60_000;
export const KEEP_MS = 24 * 3_600_000;
const SLOTS = KEEP_MS / SLOT_MS + 1;

interface SlotState {
  /** Start (ms) of the 5 minutes whose commits wrote these ids. */
  period: number;
  /** Base64 digests (see `encodeDigests`). */
  ids: string;
}

interface Slot {
  period: number;
  keys: string[];
  set: Set<string>;
}

export class RequestIds {
  private readonly slots = new Map<number, Slot>();

  private constructor(private readonly name: string) {}

  private slotKey(index: number): string {
    return `firehose:${this.name}:ids:${index}`;
  }

  static async load(store: Store, name: string): Promise<RequestIds> {
    const ids = new RequestIds(name);
    const prefix = ids.slotKey(0).slice(0, -1);
    for (const cp of await store.listCheckpoints('firehose')) {
      if (!cp.sourceKey.startsWith(prefix)) continue;
      const s = cp.state as Partial<SlotState> | null;
      if (typeof s?.period !== 'number' || typeof s.ids !== 'string') continue;
      const keys = decodeDigests(s.ids);
      ids.slots.set(Number(cp.sourceKey.slice(prefix.length)), {
        period: s.period,
        keys,
        set: new Set(keys),
      });
    }
    return ids;
  }

  /** Whether `requestId` was stored within the 24 h before `now`. */
  has(requestId: string, now: number): boolean {
    const k = idDigest(requestId);
    for (const slot of this.slots.values()) {
      if (slot.period > now - KEEP_MS - SLOT_MS && slot.set.has(k)) return true;
    }
    return false;
  }

  /**
   * The checkpoint recording `requestIds` as stored at `now` (to commit with their records), and
   * `apply`, to call once that commit has succeeded.
   */
  record(requestIds: readonly string[], now: number): { checkpoint: Checkpoint; apply: () => void } {
    const period = Math.floor(now / SLOT_MS) * SLOT_MS;
    const index = (period / SLOT_MS) % SLOTS;
    const prev = this.slots.get(index);
    const keys = [...(prev?.period === period ? prev.keys : []), ...requestIds.map(idDigest)];
    const checkpoint: Checkpoint = {
      sourceKey: this.slotKey(index),
      kind: 'firehose',
      origin: `firehose:${this.name}`,
      offset: 0,
      line: 0,
      state: { period, ids: encodeDigests(keys) } satisfies SlotState,
    };
    const apply = () => {
      if (prev?.period !== period) return void this.slots.set(index, { period, keys, set: new Set(keys) });
      for (let i = prev.keys.length; i < keys.length; i++) prev.set.add(keys[i]!);
      prev.keys = keys;
    };
    return { checkpoint, apply };
  }
}
