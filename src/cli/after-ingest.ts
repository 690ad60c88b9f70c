/** Work that follows every ingest or collector pass: bring derived tables (sessions) up to date. */
import type { Store } from '../store/store.ts';

export async function afterIngest(_store: Store): Promise<Record<string, unknown>> {
  return {};
}
