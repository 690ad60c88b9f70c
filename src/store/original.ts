/** The original record of stored events, rebuilt from their columns and residual. */
import { reconstructRecord } from '../normalize/index.ts';
import type { ReadOptions, Store } from './store.ts';

export interface OriginalRecord {
  id: number;
  origin: string;
  line: number;
  /** The record's JSON text, equal as JSON to what was ingested. */
  json: string;
}

export async function fetchOriginals(
  store: Pick<Store, 'storedRecords'>,
  ids: readonly number[],
  options?: ReadOptions,
): Promise<OriginalRecord[]> {
  if (ids.length === 0) return [];
  const records = await store.storedRecords(ids, options);
  return records.map((r) => ({
    id: r.id,
    origin: r.origin,
    line: r.line,
    json: reconstructRecord(r.columns, r.residual),
  }));
}
