/**
 * `SeenIds`: the ids a source has already stored within a time window (CloudWatch event ids inside
 * the overlap window), kept small enough to travel in a checkpoint. Each id is kept as a 64-bit
 * digest (the first 8 bytes of its SHA-1: with 100,000 ids held, a new id is taken for a stored one
 * with odds of about 5·10^-15) and the digests are saved as base64 in segments of at most 4,096, each tagged with the latest
 * time of its ids. A segment is dropped whole once that time falls out of the window; full
 * segments are encoded once, so a snapshot costs the open segment only.
 */
import { hash } from 'node:crypto';

/** One saved segment: `ids` is base64 of 8-byte digests, `until` the latest time (ms) among them. */
export interface SeenSegment {
  until: number;
  ids: string;
}

const DIGEST_BYTES = 8;
const SEGMENT_IDS = 4_096;

interface Segment {
  until: number;
  keys: string[];
  /** The saved form, once computed (cleared when the segment grows). */
  encoded: SeenSegment | null;
}

/** The digest of `id` as an 8-character latin1 string (a cheap Set key). */
export function idDigest(id: string): string {
  return hash('sha1', id, 'buffer').toString('latin1', 0, DIGEST_BYTES);
}

/** Digests (as `idDigest` returns them) saved as base64. */
export function encodeDigests(keys: readonly string[]): string {
  return Buffer.from(keys.join(''), 'latin1').toString('base64');
}

/** The digests of `encodeDigests`' output (a trailing partial digest is dropped). */
export function decodeDigests(text: string): string[] {
  const buf = Buffer.from(text, 'base64');
  const keys: string[] = [];
  for (let i = 0; i + DIGEST_BYTES <= buf.length; i += DIGEST_BYTES) {
    keys.push(buf.toString('latin1', i, i + DIGEST_BYTES));
  }
  return keys;
}

function encode(seg: Segment): SeenSegment {
  seg.encoded ??= { until: seg.until, ids: encodeDigests(seg.keys) };
  return seg.encoded;
}

export class SeenIds {
  private readonly keys = new Set<string>();
  private segments: Segment[] = [];

  /**
   * Reads a saved set: segments as `snapshot` wrote them, or the earlier layout (an object of
   * id → time). Anything else reads as empty.
   */
  static from(saved: unknown): SeenIds {
    const set = new SeenIds();
    if (Array.isArray(saved)) {
      for (const s of saved as SeenSegment[]) {
        const buf = Buffer.from(s.ids, 'base64');
        const keys: string[] = [];
        for (let i = 0; i + DIGEST_BYTES <= buf.length; i += DIGEST_BYTES) {
          const k = buf.toString('latin1', i, i + DIGEST_BYTES);
          if (set.keys.has(k)) continue;
          set.keys.add(k);
          keys.push(k);
        }
        set.segments.push({
          until: s.until,
          keys,
          encoded: keys.length * DIGEST_BYTES === buf.length ? s : null,
        });
      }
    } else if (saved && typeof saved === 'object') {
      for (const [id, t] of Object.entries(saved as Record<string, number>)) set.add(id, t);
    }
    return set;
  }

  get size(): number {
    return this.keys.size;
  }

  has(id: string): boolean {
    return this.keys.has(idDigest(id));
  }

  /** Adds `id` seen at `time` (ms); false when it was already there. */
  add(id: string, time: number): boolean {
    const k = idDigest(id);
    if (this.keys.has(k)) return false;
    this.keys.add(k);
    let open = this.segments[this.segments.length - 1];
    if (!open || open.keys.length >= SEGMENT_IDS) {
      open = { until: time, keys: [], encoded: null };
      this.segments.push(open);
    }
    open.keys.push(k);
    open.until = Math.max(open.until, time);
    open.encoded = null;
    return true;
  }

  /** Forgets the segments whose ids are all older than `floor` (ms). */
  prune(floor: number): void {
    const kept: Segment[] = [];
    for (const seg of this.segments) {
      if (seg.until >= floor) kept.push(seg);
      else for (const k of seg.keys) this.keys.delete(k);
    }
    this.segments = kept;
  }

  /** The saved form: a new array, unaffected by later changes to the set. */
  snapshot(): SeenSegment[] {
    return this.segments.map(encode);
  }
}
