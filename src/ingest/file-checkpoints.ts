/**
 * The file checkpoints of a store, looked up for a file found now: by its identity first, else (a
 * database of an earlier version, or a device renumbered) by its path, else by its content (a file
 * replaced by a longer copy of itself, as rsync and `cp` over it do, or a copy under another path:
 * the same first 4 KiB and the same bytes up to what was read); trusted only while the file's
 * content agrees with what was read (see `file-identity.ts`).
 */
import type { Checkpoint, Store } from '../store/store.ts';
import { type FileProbe, fileStateOf, HEAD_BYTES, sameContent } from './file-identity.ts';

/** Where to resume a file, and what the summary should say about it. */
export interface ResumePoint {
  /** The checkpoint to resume from; null: read from the start. */
  checkpoint: Checkpoint | null;
  /** Known, but read again from the start: shorter than what was read, or other content. */
  reread?: 'truncated' | 'replaced';
  /** The same file was read under this other path. */
  sameAs?: string;
}

export class FileCheckpoints {
  private constructor(
    private readonly byKey: Map<string, Checkpoint>,
    private readonly byPath: Map<string, Checkpoint[]>,
    private readonly byHead: Map<string, Checkpoint[]>,
  ) {}

  /** Every file's position in one query rather than one query per file. */
  static async load(store: Store): Promise<FileCheckpoints> {
    const byKey = new Map<string, Checkpoint>();
    const byPath = new Map<string, Checkpoint[]>();
    const byHead = new Map<string, Checkpoint[]>();
    for (const cp of await store.listCheckpoints('file')) {
      byKey.set(cp.sourceKey, cp);
      byPath.set(cp.origin, [...(byPath.get(cp.origin) ?? []), cp]);
      const st = fileStateOf(cp);
      if (st === null || st.headBytes === 0) continue;
      const head = `${st.headBytes}:${st.head}`;
      byHead.set(head, [...(byHead.get(head) ?? []), cp]);
    }
    return new FileCheckpoints(byKey, byPath, byHead);
  }

  /**
   * The checkpoint of another inode whose content `probe` still holds (a replacing or copied file):
   * of those, the one read furthest, so a file replaced twice resumes from the later reading.
   */
  private async byContent(
    probe: FileProbe,
    abs: string,
    except: Checkpoint | null,
  ): Promise<Checkpoint | null> {
    const candidates = new Set([
      ...(this.byPath.get(abs) ?? []),
      ...[HEAD_BYTES, probe.size]
        .filter((n) => n > 0 && n <= HEAD_BYTES)
        .flatMap((n) => this.byHead.get(`${n}:${probe.head(n)}`) ?? []),
    ]);
    let best: Checkpoint | null = null;
    candidates.delete(except as Checkpoint);
    for (const cp of candidates) {
      if (fileStateOf(cp) === null || !(await sameContent(probe, cp)).same) continue;
      const further =
        best === null || cp.offset > best.offset || (cp.offset === best.offset && cp.origin === abs);
      if (further) best = cp;
    }
    return best;
  }

  /** Where to resume `probe` (checkpoint key `key`, found at `abs`). */
  async resume(probe: FileProbe, key: string, abs: string): Promise<ResumePoint> {
    let cp = this.byKey.get(key) ?? null;
    if (cp === null) {
      const atPath = this.byPath.get(abs)?.at(-1);
      const st = fileStateOf(atPath);
      if (atPath && st === null) return legacyResume(probe, atPath);
      if (atPath && st && st.ino === probe.ino && st.dev !== probe.dev) cp = atPath;
    }
    // Of the checkpoints whose content this file still holds, the one read furthest: the identity's
    // may be stale when an inode freed by a replaced file comes back for its next copy.
    const copy = await this.byContent(probe, abs, cp);
    const at = (c: Checkpoint): ResumePoint =>
      c.origin === abs ? { checkpoint: c } : { checkpoint: c, sameAs: c.origin };
    if (cp === null) return copy === null ? { checkpoint: null } : at(copy);
    const check = await sameContent(probe, cp);
    if (copy !== null && (!check.same || copy.offset > cp.offset)) return at(copy);
    if (!check.same) return { checkpoint: null, reread: check.why };
    return at(cp);
  }
}

/** A checkpoint keyed by path, with a fingerprint of the first 4 KiB (databases of earlier versions). */
function legacyResume(probe: FileProbe, cp: Checkpoint): ResumePoint {
  const old = cp.state as { size?: number } | null | undefined;
  const size = old?.size ?? 0;
  const grownOnly = probe.size >= size && (probe.gzip || probe.size >= cp.offset);
  // That fingerprint covered the first 4 KiB of the file as it was then (all of it, if smaller).
  const covered = Math.min(HEAD_BYTES, size || probe.size);
  if (grownOnly && cp.fingerprint === probe.head(covered)) {
    // The same file: resumed from its position, which moves to the identity key.
    return { checkpoint: { ...cp, state: undefined } };
  }
  return { checkpoint: null, reread: probe.size < size ? 'truncated' : 'replaced' };
}
