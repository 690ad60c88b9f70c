/**
 * The request ids a Firehose source has stored in the last 24 hours (Firehose retries a request,
 * with the same id, for at most 7,200 s), so that a retry adds nothing. They are kept as 64-bit
 * digests, grouped by the 5 minutes of commit time in which they were stored. The current 5
 * minutes travel in the source's own checkpoint (`collector:<name>`, written by every commit
 * anyway); the first commit of the next 5 minutes seals them into slot `k` of a ring of 289
 * checkpoints `firehose:<name>:ids:<k>`, overwriting what that slot held 24 h 5 min earlier. So
 * ids are pruned in the same commit as the records, a source never holds more than 289 such
 * checkpoints, and a commit writes one of them at most every 5 minutes.
 *
 * The same ring keeps the CloudWatch event ids of subscription records (`EVENT_ID_WINDOW`: 2 h 1 min,
 * Firehose's longest retry duration, in periods of 1 minute, ring `firehose:<name>:events:<k>`), so
 * that an event delivered again under another request id adds nothing either.
 */
import type { Checkpoint, Store } from '../../../store/store.ts';
import { decodeDigests, encodeDigests, idDigest } from '../seen-ids.ts';

export const SLOT_MS = 5 * 60_000;
export const KEEP_MS = 24 * 3_600_000;

/** How long ids are kept, in periods of how long, in the ring of which checkpoints. */
export interface IdWindow {
  /** Checkpoint key of slot `k` is `firehose:<name>:<ring>:<k>`. */
  ring: string;
  slotMs: number;
  keepMs: number;
}

export const REQUEST_ID_WINDOW: IdWindow = { ring: 'ids', slotMs: SLOT_MS, keepMs: KEEP_MS };
export const EVENT_ID_WINDOW: IdWindow = { ring: 'events', slotMs: 60_000, keepMs: 2 * 3_600_000 };

/** Saved ids of one 5-minute period. */
export interface SlotState {
  /** Start (ms) of the 5 minutes whose commits stored these ids. */
  period: number;
  /** Base64 digests (see `encodeDigests`). */
  ids: string;
}

interface Slot {
  period: number;
  keys: string[];
  set: Set<string>;
}

const slotOf = (s: Partial<SlotState> | null | undefined): Slot | null => {
  if (typeof s?.period !== 'number' || typeof s.ids !== 'string') return null;
  const keys = decodeDigests(s.ids);
  return { period: s.period, keys, set: new Set(keys) };
};

export class RequestIds {
  /** Sealed periods by ring index. */
  private readonly slots = new Map<number, Slot>();
  private current: Slot | null = null;
  private readonly slotCount: number;

  private constructor(
    private readonly name: string,
    private readonly window: IdWindow,
  ) {
    this.slotCount = window.keepMs / window.slotMs + 1;
  }

  private slotKey(index: number): string {
    return `firehose:${this.name}:${this.window.ring}:${index}`;
  }

  /** Loads the sealed slots, and the current period from the source's checkpoint walk `saved`. */
  static async load(
    store: Store,
    name: string,
    saved: unknown,
    window: IdWindow = REQUEST_ID_WINDOW,
  ): Promise<RequestIds> {
    const ids = new RequestIds(name, window);
    const prefix = ids.slotKey(0).slice(0, -1);
    for (const cp of await store.listCheckpoints('firehose')) {
      if (!cp.sourceKey.startsWith(prefix)) continue;
      const slot = slotOf(cp.state as Partial<SlotState> | null);
      if (slot) ids.slots.set(Number(cp.sourceKey.slice(prefix.length)), slot);
    }
    ids.current = slotOf(saved as Partial<SlotState> | undefined);
    return ids;
  }

  /** Whether `requestId` was stored within the 24 h before `now`. */
  has(requestId: string, now: number): boolean {
    const k = idDigest(requestId);
    if (this.current?.set.has(k)) return true;
    const { keepMs, slotMs } = this.window;
    for (const slot of this.slots.values()) {
      if (slot.period > now - keepMs - slotMs && slot.set.has(k)) return true;
    }
    return false;
  }

  /**
   * What recording `requestIds` as stored at `now` writes, to commit with their records: the
   * current period (`walk`, for the source's checkpoint), the sealed slot when a period ended
   * (`checkpoints`), and `apply`, to call once that commit has succeeded.
   */
  record(
    requestIds: readonly string[],
    now: number,
  ): { walk: SlotState; checkpoints: Checkpoint[]; apply: () => void } {
    const slotMs = this.window.slotMs;
    const period = Math.floor(now / slotMs) * slotMs;
    const cur = this.current;
    const same = cur?.period === period;
    const keys = [...(same ? cur.keys : []), ...requestIds.map(idDigest)];
    const sealed = cur && !same ? cur : null;
    const index = sealed ? (sealed.period / slotMs) % this.slotCount : -1;
    const checkpoints: Checkpoint[] = sealed
      ? [
          {
            sourceKey: this.slotKey(index),
            kind: 'firehose',
            origin: `firehose:${this.name}`,
            offset: 0,
            line: 0,
            state: { period: sealed.period, ids: encodeDigests(sealed.keys) } satisfies SlotState,
          },
        ]
      : [];
    const apply = () => {
      if (sealed) this.slots.set(index, sealed);
      if (same) {
        for (let i = cur.keys.length; i < keys.length; i++) cur.set.add(keys[i]!);
        cur.keys = keys;
      } else this.current = { period, keys, set: new Set(keys) };
    };
    return { walk: { period, ids: encodeDigests(keys) }, checkpoints, apply };
  }
}
