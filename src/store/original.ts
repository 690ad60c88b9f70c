/** The original record of stored events, rebuilt from their columns and residual. */
import { reconstructRecord } from '../normalize/index.ts';
import { EVENT_COLUMNS } from '../schema/columns.ts';
import type { Store } from './store.ts';

/** Timestamps as epoch microseconds, the form the normaliser's rows use. */
const SELECT_COLUMNS = EVENT_COLUMNS.map((c) =>
  c.kind === 'timestamp' ? `epoch_us("${c.name}") AS "${c.name}"` : `"${c.name}"`,
).join(', ');

export interface OriginalRecord {
  id: number;
  origin: string;
  line: number;
  /** The record's JSON text, equal as JSON to what was ingested. */
  json: string;
}

export async function fetchOriginals(store: Store, ids: readonly number[]): Promise<OriginalRecord[]> {
  if (ids.length === 0) return [];
  const rows = await store.query(
    `SELECT id, origin, origin_line, residual, ${SELECT_COLUMNS} FROM events WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`,
    ids.map((i) => BigInt(i)),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    origin: String(r.origin),
    line: Number(r.origin_line),
    json: reconstructRecord(r, (r.residual as string | null) ?? null),
  }));
}
