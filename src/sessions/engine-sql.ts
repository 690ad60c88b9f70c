/** The sessions SQL of the store's engine. */
import { duckdbSessionsSql } from '../store/duckdb/sessions-sql.ts';
import type { Store } from '../store/store.ts';
import type { SessionsSql } from './types.ts';

export class SessionsEngineError extends Error {}

export function sessionsSqlFor(store: Pick<Store, 'engine'>): SessionsSql {
  if (store.engine === 'duckdb') return duckdbSessionsSql;
  throw new SessionsEngineError(`sessions are not implemented for the ${store.engine} store yet`);
}
