/** Worker side of the normalise pool: framed records in, staging bytes (transferred) out. */
import { parentPort } from 'node:worker_threads';
import type { FramedRecord } from './framing/types.ts';
import { stageFramed } from './normalize-batch.ts';

export interface StageJob {
  id: number;
  records: FramedRecord[];
  origin: string;
  tag: number;
}

const port = parentPort;
if (port === null) throw new Error('normalize-worker runs as a worker thread');
port.on('message', (job: StageJob) => {
  try {
    const r = stageFramed(job.records, job.origin, job.tag);
    port.postMessage({ id: job.id, ok: true, batch: r }, [r.bytes.buffer as ArrayBuffer]);
  } catch (err) {
    port.postMessage({ id: job.id, ok: false, error: err instanceof Error ? err.stack : String(err) });
  }
});
