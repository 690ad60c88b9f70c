/**
 * Worker side of the normalise pool: framed records in, the store's staged rows (their buffers
 * transferred) out. The stager comes from the module the store's staging format names.
 */
import { parentPort } from 'node:worker_threads';
import type { StagerFactory } from '../store/store.ts';
import type { FramedRecord } from './framing/types.ts';
import { stageFramed } from './normalize-batch.ts';

export interface StageJob {
  id: number;
  records: FramedRecord[];
  origin: string;
  /** The staging format's module (exporting `createStager`) and the parameters of this batch's stager. */
  stager: { module: string; params: unknown };
}

const port = parentPort;
if (port === null) throw new Error('normalize-worker runs as a worker thread');

/** Stager factories by module, each imported once. */
const factories = new Map<string, Promise<StagerFactory>>();
function factoryOf(module: string): Promise<StagerFactory> {
  let f = factories.get(module);
  if (!f) {
    f = import(module).then((m: { createStager?: StagerFactory }) => {
      if (typeof m.createStager !== 'function') throw new Error(`${module} exports no createStager`);
      return m.createStager;
    });
    factories.set(module, f);
  }
  return f;
}

/** Jobs run one at a time, in the order they came. */
let tail: Promise<void> = Promise.resolve();
port.on('message', (job: StageJob) => {
  tail = tail.then(async () => {
    try {
      const create = await factoryOf(job.stager.module);
      const stager = create(job.stager.params, job.origin, job.records.length);
      const { batch, transfer } = stageFramed(job.records, job.origin, stager);
      port.postMessage({ id: job.id, ok: true, batch }, transfer);
    } catch (err) {
      port.postMessage({ id: job.id, ok: false, error: err instanceof Error ? err.stack : String(err) });
    }
  });
});
