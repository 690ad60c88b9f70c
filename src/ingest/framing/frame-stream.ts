/** Batching driver: decoded chunks → `Framer` → batches of records with exact resume offsets. */
import { batchLimit, Framer } from './framer.ts';
import { type DecodedChunk, decodeInput } from './gunzip.ts';
import type { FramedBatch, FrameOptions } from './types.ts';

/** Bytes handed to the framer at a time (bounds the work between two batch checks). */
const FEED_BYTES = 64 * 1024;
const DEFAULT_FLUSH_MS = 1_000;

/** Frames raw input bytes (plain or gzip, detected by magic bytes) into batches of records. */
export function frameStream(
  input: NodeJS.ReadableStream | AsyncIterable<Buffer>,
  opts: FrameOptions = {},
): AsyncGenerator<FramedBatch> {
  return frameDecoded(decodeInput(input as AsyncIterable<unknown>), opts, 0);
}

/**
 * Frames already-decoded chunks. `alreadySkipped` is how many leading bytes the source itself
 * skipped (a plain file opened at `startOffset`).
 */
export async function* frameDecoded(
  chunks: AsyncIterable<DecodedChunk>,
  opts: FrameOptions,
  alreadySkipped: number,
): AsyncGenerator<FramedBatch> {
  const framer = new Framer(opts, alreadySkipped);
  const batchSize = batchLimit(opts.batchSize ?? 20_000);
  const flushMs = opts.flushIntervalMs ?? DEFAULT_FLUSH_MS;
  let lastOffset = framer.boundaryOffset;
  let since = Date.now();
  const take = (): FramedBatch => {
    const batch: FramedBatch = {
      records: framer.records.splice(0),
      endOffset: framer.boundaryOffset,
      endLine: framer.boundaryLine,
    };
    if (framer.held) batch.held = true;
    lastOffset = batch.endOffset;
    return batch;
  };
  for await (const chunk of chunks) {
    if (!Buffer.isBuffer(chunk)) {
      if (chunk.truncated && opts.holdPartialTail) {
        // A gzip file still being written: what its complete part holds now, the rest later.
        framer.end();
        framer.held = true;
        yield take();
        return;
      }
      framer.end();
      framer.records.push({ text: chunk.badGzip, line: framer.lines + 1, error: 'bad_gzip' });
      yield take();
      return;
    }
    for (let i = 0; i < chunk.length; ) {
      i += framer.push(i === 0 && chunk.length <= FEED_BYTES ? chunk : chunk.subarray(i, i + FEED_BYTES));
      if (framer.records.length >= batchSize()) {
        yield take();
        since = Date.now();
      }
    }
    if (framer.records.length > 0 && Date.now() - since >= flushMs) {
      yield take();
      since = Date.now();
    }
  }
  framer.end();
  if (framer.records.length > 0 || framer.boundaryOffset !== lastOffset || framer.held) yield take();
}
