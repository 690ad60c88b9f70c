/** Opens a file (or standard input for `-`) and frames it. */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { frameDecoded, frameStream } from './frame-stream.ts';
import type { DecodedChunk } from './gunzip.ts';
import type { FramedBatch, FrameOptions } from './types.ts';

const READ_BYTES = 256 * 1024;

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * Frames the file at `path` (`-` is standard input). A plain file resumed at `startOffset` is read
 * from there; a gzip file is inflated from its start and the first bytes skipped.
 */
export async function* openFile(path: string, opts: FrameOptions = {}): AsyncGenerator<FramedBatch> {
  if (path === '-') {
    yield* frameStream(process.stdin, opts);
    return;
  }
  const start = opts.startOffset ?? 0;
  if (start > 0 && !(await startsWithGzipMagic(path))) {
    const stream = createReadStream(path, { start, highWaterMark: READ_BYTES });
    yield* frameDecoded(stream as AsyncIterable<DecodedChunk>, opts, start);
    return;
  }
  yield* frameStream(createReadStream(path, { highWaterMark: READ_BYTES }), opts);
}
