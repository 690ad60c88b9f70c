/**
 * Turns an input byte stream into decompressed chunks: gzip is detected by its magic bytes
 * (`1f 8b`), members are inflated one after another (concatenated gzip), and a corrupt stream
 * ends with a `GzipFailure` after everything inflated before it.
 */
import { createGunzip, type Gunzip } from 'node:zlib';

export interface GzipFailure {
  badGzip: string;
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

/** Resolves when `start`'s callback fires or the stream errors or closes, whichever comes first. */
function settle(gz: Gunzip, start: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      gz.off('error', done);
      gz.off('close', done);
      resolve();
    };
    gz.once('error', done);
    gz.once('close', done);
    start(done);
  });
}

async function* gunzip(first: Buffer, it: AsyncIterator<unknown>): AsyncGenerator<DecodedChunk> {
  const gz = createGunzip({ chunkSize: CHUNK_BYTES });
  let out: Buffer[] = [];
  let failure: Error | null = null;
  gz.on('data', (b: Buffer) => out.push(b));
  gz.on('error', (err: Error) => {
    failure ??= err;
  });
  const describe = (err: Error): GzipFailure => {
    const code = (err as NodeJS.ErrnoException).code;
    return { badGzip: `${err.message}${code ? ` (${code})` : ''} near compressed byte ${gz.bytesWritten}` };
  };
  try {
    let chunk: Buffer | null = first;
    while (chunk) {
      for (let i = 0; i < chunk.length; i += SLICE_BYTES) {
        const slice = chunk.subarray(i, i + SLICE_BYTES);
        await settle(gz, (done) => gz.write(slice, () => done()));
        if (out.length > 0) {
          const ready = out;
          out = [];
          yield* ready;
        }
        if (failure) {
          yield describe(failure);
          return;
        }
      }
      const r = await it.next();
      chunk = r.done ? null : toBuffer(r.value);
    }
    await settle(gz, (done) => {
      gz.once('end', done);
      gz.end();
    });
    yield* out;
    if (failure) yield describe(failure);
  } finally {
    gz.destroy();
  }
}
