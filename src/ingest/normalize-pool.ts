/**
 * A small pool of worker threads that normalise framed batches into the store's staged form (its
 * `StagingFormat`, passed through), so the main thread only frames input and loads: framing,
 * normalising and loading overlap. With size 0 the work runs inline (same results, one thread).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { StagingFormat } from '../store/store.ts';
import type { FramedRecord } from './framing/types.ts';
import { type StagedBatch, stageFramed } from './normalize-batch.ts';
import type { StageJob } from './normalize-worker.ts';

type Reply = { id: number; ok: true; batch: StagedBatch } | { id: number; ok: false; error: string };

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (b: StagedBatch) => void; reject: (e: Error) => void }>;
}

/**
 * The worker's entry: the compiled `normalize-worker.js` beside this file in a build (`dist/`), else
 * the `.mjs` shim that registers the TypeScript loader first (worker threads do not inherit it).
 */
const WORKER_ENTRY = import.meta.url.endsWith('.js')
  ? new URL('./normalize-worker.js', import.meta.url)
  : new URL('./normalize-worker.mjs', import.meta.url);

/** Young generation of each worker's heap (V8's default is about 48 MB on 64-bit). */
const WORKER_YOUNG_GENERATION_MB = 16;

/** Workers for this machine: one per core beyond the main thread's, at least one, at most two. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

export class NormalizePool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size = defaultPoolSize()) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    // A smaller young generation: each worker's heap stays near 50 MB instead of 90, at the same speed.
    const worker = new Worker(WORKER_ENTRY, {
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (m: Reply) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (slot.pending.size === 0) worker.unref();
      if (m.ok) p.resolve(m.batch);
      else p.reject(new Error(`normalise worker failed: ${m.error}`));
    });
    const fail = (err: Error) => {
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`normalise worker exited with code ${code}`));
    });
    return slot;
  }

  /** Normalises one framed batch into `format`'s staged form (in a worker when the pool has any). */
  stage(records: FramedRecord[], origin: string, format: StagingFormat): Promise<StagedBatch> {
    const params = format.next();
    if (this.slots.length === 0) {
      return Promise.resolve(
        stageFramed(records, origin, format.createStager(params, origin, records.length)).batch,
      );
    }
    if (this.closed) return Promise.reject(new Error('normalise pool is closed'));
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.pending.size < slot.pending.size) slot = s;
    const id = this.nextId++;
    const job: StageJob = { id, records, origin, stager: { module: format.module, params } };
    return new Promise<StagedBatch>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
