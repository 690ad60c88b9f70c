/** What the routes share: the store and the optional parts the composition root plugs in. */
import type { Store } from '../store/store.ts';

export interface RouteContext {
  store: Store;
  /** The instant relative times count from (tests pin it; default: the current time). */
  now: () => Date;
  /** Rows for `status.collectors` when collectors run inside the server. */
  collectorStatus?: (store: Store) => Promise<unknown[]>;
}
