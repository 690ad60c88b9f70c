/**
 * What a file is, rather than where it is: its device and inode, plus fingerprints of its content
 * (the first bytes, and the bytes just before the size it had when last read), as Filebeat's file
 * identity does. A checkpoint of a file is found by its identity, so a renamed file (logrotate's
 * `c.log` -> `c.log.1`), a hard link or a path through a symlinked directory is the same file; and it
 * is trusted only while the content agrees, so a file truncated, rewritten or replaced in place, or a
 * new file on a reused inode, is read again from its start.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Checkpoint } from '../store/store.ts';

/** Bytes of the head fingerprint (fewer while the file is smaller). */
export const HEAD_BYTES = 4096;
/** Bytes of the tail fingerprint, taken just before the size the file had when read. */
export const TAIL_BYTES = 1024;

/** A file's checkpoint state (`Checkpoint.state` of kind `file`). */
export interface FileState {
  dev: string;
  ino: string;
  /** Hash of the first `headBytes` bytes. */
  head: string;
  headBytes: number;
  /** Size (raw bytes) when the last run started reading. */
  size: number;
  /** Hash of the `tailBytes` bytes before `size`. */
  tail: string;
  tailBytes: number;
  /** The run reached the end (a later run reads only what is added). */
  complete: boolean;
  /** An unterminated last line (or a gzip member cut short) was held back, to read once complete. */
  held?: boolean;
}

/** A file as found now: identity, size, modification time and how to read its fingerprints. */
export interface FileProbe {
  dev: string;
  ino: string;
  size: number;
  mtimeMs: number;
  /** Starts with the gzip magic bytes (its checkpoint offsets are in decompressed text). */
  gzip: boolean;
  /** Hash of the first `n` bytes (n <= HEAD_BYTES). */
  head(n: number): string;
  /** Hash of `n` bytes ending at `end`, or null when the file is shorter than `end`. */
  tailAt(end: number, n: number): Promise<string | null>;
  /** The state to save for this file read from now on. */
  state(): Promise<FileState>;
}

const digest = (b: Buffer): string => createHash('sha256').update(b).digest('hex').slice(0, 32);

/** Opens `path` once for its identity and head; throws (ENOENT, EACCES, EISDIR...) if it cannot. */
export async function probeFile(path: string): Promise<FileProbe> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat({ bigint: true });
    if (!st.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTFILE' });
    const headBuf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(headBuf, 0, HEAD_BYTES, 0);
    const head = headBuf.subarray(0, bytesRead);
    const size = Number(st.size);
    const tailAt = async (end: number, n: number): Promise<string | null> => {
      if (end > size) return null;
      const start = Math.max(0, end - n);
      const again = await open(path, 'r');
      try {
        const buf = Buffer.alloc(end - start);
        const { bytesRead: got } = await again.read(buf, 0, buf.length, start);
        return got === buf.length ? digest(buf) : null;
      } finally {
        await again.close();
      }
    };
    return {
      dev: String(st.dev),
      ino: String(st.ino),
      size,
      mtimeMs: Number(st.mtimeMs),
      gzip: head[0] === 0x1f && head[1] === 0x8b,
      head: (n) => digest(head.subarray(0, n)),
      tailAt,
      state: async () => {
        const tailBytes = Math.min(TAIL_BYTES, size);
        return {
          dev: String(st.dev),
          ino: String(st.ino),
          head: digest(head),
          headBytes: head.length,
          size,
          tail: (await tailAt(size, tailBytes)) ?? '',
          tailBytes,
          complete: false,
        };
      },
    };
  } finally {
    await fh.close();
  }
}

/** The checkpoint key of a file by identity (inode 0: a filesystem without inodes, so by path). */
export function identityKey(probe: FileProbe, abs: string): string {
  return probe.ino === '0' ? `file:${abs}` : `file:${probe.dev}:${probe.ino}`;
}

export function fileStateOf(cp: Checkpoint | null | undefined): FileState | null {
  const s = cp?.state as Partial<FileState> | null | undefined;
  return s && typeof s.ino === 'string' && typeof s.head === 'string' ? (s as FileState) : null;
}

/**
 * Whether `probe` is still the file `cp` describes, with everything read so far unchanged: the same
 * head, and the bytes before the size it had then still there (so it was only appended to).
 * `why` says otherwise: `truncated` (shorter than what was read) or `replaced` (other content).
 */
export async function sameContent(
  probe: FileProbe,
  cp: Checkpoint,
): Promise<{ same: true } | { same: false; why: 'truncated' | 'replaced' }> {
  const state = fileStateOf(cp);
  if (state === null) return { same: false, why: 'replaced' };
  // A plain file's offset is a byte of the file; a gzip file's is one of its decompressed text.
  const read = Math.max(state.size, probe.gzip ? 0 : cp.offset);
  if (probe.size < read) return { same: false, why: 'truncated' };
  if (state.headBytes > probe.size || probe.head(state.headBytes) !== state.head) {
    return { same: false, why: 'replaced' };
  }
  if (state.tailBytes > 0 && (await probe.tailAt(state.size, state.tailBytes)) !== state.tail) {
    return { same: false, why: 'replaced' };
  }
  return { same: true };
}
