/** What the routes share: the store and the optional parts the composition root plugs in. */
import type { Store } from '../store/store.ts';
import type { ReportBackend } from './routes/reports.ts';

export interface RouteContext {
  store: Store;
  /** The instant relative times count from (tests pin it; default: the current time). */
  now: () => Date;
  /** Rows for `status.collectors` when collectors run inside the server. */
  collectorStatus?: (store: Store) => Promise<unknown[]>;
  /** The report engine; the report routes answer 404 without it. */
  reports?: ReportBackend;
}
