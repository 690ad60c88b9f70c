/**
 * Turns an input byte stream into decompressed chunks: gzip is detected by its magic bytes
 * (`1f 8b`), members are inflated one after another (concatenated gzip), and a corrupt stream
 * ends with a `GzipFailure` after everything inflated before it (all of every complete member).
 */
import type { Transform } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';

export interface GzipFailure {
  /** What went wrong, and at which compressed byte. */
  badGzip: string;
  /** Compressed byte offset of the fault. */
  offset: number;
  /** The input ended inside a member (a file still being written looks like this). */
  truncated: boolean;
}

export type DecodedChunk = Buffer | GzipFailure;

/** Compressed bytes written to zlib at a time; bounds the output held between two reads. */
const SLICE_BYTES = 32 * 1024;
/**
 * zlib output chunk size. When zlib fails, the output of the failing call (at most this much,
 * the text just before the corruption) is not handed back by Node.
 */
const CHUNK_BYTES = 32 * 1024;

export function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`framing: expected bytes, got ${typeof chunk}`);
}

/** Decompresses `input` when it starts with the gzip magic; passes it through otherwise. */
export async function* decodeInput(input: AsyncIterable<unknown>): AsyncGenerator<DecodedChunk> {
  const it = input[Symbol.asyncIterator]();
  try {
    const head: Buffer[] = [];
    let headBytes = 0;
    while (headBytes < 2) {
      const r = await it.next();
      if (r.done) break;
      const b = toBuffer(r.value);
      head.push(b);
      headBytes += b.length;
    }
    const first = head.length === 1 ? head[0]! : Buffer.concat(head, headBytes);
    if (first[0] === 0x1f && first[1] === 0x8b) {
      yield* gunzip(first, it);
      return;
    }
    if (first.length > 0) yield first;
    for (let r = await it.next(); !r.done; r = await it.next()) yield toBuffer(r.value);
  } finally {
    await it.return?.();
  }
}

/** Compressed input pulled on demand: `take` what is buffered, `more` to read the next chunk. */
class Input {
  private buf: Buffer;
  /** Compressed offset of `buf[0]`. */
  offset = 0;
  done = false;

  constructor(
    first: Buffer,
    private readonly it: AsyncIterator<unknown>,
  ) {
    this.buf = first;
  }

  get length(): number {
    return this.buf.length;
  }

  byte(i: number): number | undefined {
    return this.buf[i];
  }

  /** Reads until at least `n` bytes are buffered or the input ends; false if it ended short. */
  async fill(n: number): Promise<boolean> {
    while (this.buf.length < n && !this.done) await this.more();
    return this.buf.length >= n;
  }

  async more(): Promise<void> {
    const r = await this.it.next();
    if (r.done) this.done = true;
    else this.buf = this.buf.length === 0 ? toBuffer(r.value) : Buffer.concat([this.buf, toBuffer(r.value)]);
  }

  /** Drops `n` buffered bytes (or takes them, with `take`). */
  take(n = this.buf.length): Buffer {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    this.offset += n;
    return out;
  }

  /** Index of the first buffered byte that is not 0 (the length if there is none). */
  firstNonZero(): number {
    let i = 0;
    while (i < this.buf.length && this.buf[i] === 0) i++;
    return i;
  }

  /** Puts bytes taken but not used back in front. */
  unread(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.buf = this.buf.length === 0 ? bytes : Buffer.concat([bytes, this.buf]);
    this.offset -= bytes.length;
  }
}

const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
const FHCRC = 2;

/**
 * Length of the gzip member header at the start of `input` (RFC 1952, 2.3), 0 if the bytes there
 * are not a gzip header, -1 if the input ends inside it.
 */
async function headerLength(input: Input): Promise<number> {
  if (!(await input.fill(10)))
    return input.length >= 2 && input.byte(0) === 0x1f && input.byte(1) === 0x8b ? -1 : 0;
  if (input.byte(0) !== 0x1f || input.byte(1) !== 0x8b || input.byte(2) !== 8) return 0;
  const flags = input.byte(3)!;
  let n = 10;
  if (flags & FEXTRA) {
    if (!(await input.fill(n + 2))) return -1;
    n += 2 + input.byte(n)! + 256 * input.byte(n + 1)!;
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    for (;;) {
      if (!(await input.fill(n + 1))) return -1;
      if (input.byte(n++) === 0) break;
    }
  }
  if (flags & FHCRC) n += 2;
  return (await input.fill(n)) ? n : -1;
}

/** Resolves when `start`'s callback fires or the stream errors or closes, whichever comes first. */
function settle(z: Transform, start: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      z.off('error', done);
      z.off('close', done);
      resolve();
    };
    z.once('error', done);
    z.once('close', done);
    start(done);
  });
}

const preview = (bytes: Buffer): string => JSON.stringify(bytes.subarray(0, 32).toString('latin1'));

/**
 * Inflates gzip members one after another. Each member's header is read here and its deflate data
 * inflated raw, so the offset where a member ends is known exactly: bytes after the last complete
 * member that are not another member (junk) end the stream with a `GzipFailure` naming their offset,
 * after every byte the complete members hold. Trailing zero bytes (block padding) are ignored.
 */
async function* gunzip(first: Buffer, it: AsyncIterator<unknown>): AsyncGenerator<DecodedChunk> {
  const input = new Input(first, it);
  for (;;) {
    if (input.length === 0 && !(await input.fill(1))) return;
    const start = input.offset;
    const header = await headerLength(input);
    if (header === 0) {
      // Zero padding after the last member (tape and block devices write it) is no data.
      while (input.length > 0 && input.byte(0) === 0) {
        input.take(input.firstNonZero());
        if (input.length === 0) await input.fill(1);
      }
      if (input.length === 0) return;
      const junk = input.take(Math.min(input.length, 32));
      yield failure(`not gzip data at compressed byte ${start} ${preview(junk)}`, start, false);
      return;
    }
    if (header < 0) {
      yield failure(`unexpected end of file in the gzip header at compressed byte ${start}`, start, true);
      return;
    }
    input.take(header);
    const member = yield* inflateMember(input, start);
    if (member !== null) {
      yield member;
      return;
    }
  }
}

function failure(what: string, offset: number, truncated: boolean): GzipFailure {
  return { badGzip: what, offset, truncated };
}

/** Inflates one member's deflate data and checks its trailer; null when it was whole. */
async function* inflateMember(input: Input, start: number): AsyncGenerator<Buffer, GzipFailure | null> {
  const z = createInflateRaw({ chunkSize: CHUNK_BYTES });
  let out: Buffer[] = [];
  let error: Error | null = null;
  let crc = 0;
  let size = 0;
  z.on('data', (b: Buffer) => out.push(b));
  z.on('error', (err: Error) => {
    error ??= err;
  });
  const flush = function* () {
    const ready = out;
    out = [];
    for (const b of ready) {
      crc = crc32(b, crc);
      size += b.length;
      yield b;
    }
  };
  const describe = (err: Error): GzipFailure => {
    const code = (err as NodeJS.ErrnoException).code;
    const at = input.offset;
    return failure(
      `${err.message}${code ? ` (${code})` : ''} near compressed byte ${at} (member from byte ${start})`,
      at,
      code === 'Z_BUF_ERROR' || /unexpected end/.test(err.message),
    );
  };
  try {
    let ended = false;
    while (!ended) {
      if (input.length === 0) await input.fill(1);
      if (input.length === 0) {
        // The input ends inside the deflate data (or exactly at its end).
        await settle(z, (done) => {
          z.once('end', done);
          z.end();
        });
        yield* flush();
        if (error) return describe(error);
        break;
      }
      const slice = input.take(Math.min(input.length, SLICE_BYTES));
      const before = z.bytesWritten;
      await settle(z, (done) => z.write(slice, () => done()));
      yield* flush();
      if (error) return describe(error);
      const used = z.bytesWritten - before;
      if (used < slice.length) {
        // The deflate data ended inside this slice: the rest is the trailer and what follows.
        input.unread(slice.subarray(used));
        ended = true;
      }
    }
    const at = input.offset;
    if (!(await input.fill(8))) {
      return failure(`unexpected end of file in the gzip trailer at compressed byte ${at}`, at, true);
    }
    const trailer = input.take(8);
    if (trailer.readUInt32LE(0) !== crc >>> 0 || trailer.readUInt32LE(4) !== size % 2 ** 32) {
      return failure(`gzip member from compressed byte ${start} fails its CRC or length check`, at, false);
    }
    return null;
  } finally {
    z.destroy();
  }
}
