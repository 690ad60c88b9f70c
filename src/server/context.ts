/** What the routes share: the store and the optional parts the composition root plugs in. */
import type { Store } from '../store/store.ts';

export interface RouteContext {
  store: Store;
  /** The instant relative times count from (tests pin it; default: the current time). */
  now: () => Date;
  /** Rows for `status.collectors` when collectors run inside the server. */
  collectorStatus?: (store: Store) => Promise<unknown[]>;
  /** Ingest handed over by the CLI while this server holds the database (`POST /api/ingest`). */
  ingest?: IngestHandOver;
  /** Rows an export reads per page (tests make it small to cross pages; default: the listing's own). */
  exportPageSize?: number;
}

/** Options of an ingest handed to the server, as `nfwlens ingest` takes them. */
export interface HandedIngestOptions {
  batchSize?: number;
  final?: boolean;
  finalAfterSeconds?: number;
}

export interface IngestHandOver {
  /**
   * A secret written only into the server's lock file (mode 0600): a caller that presents it can
   * read that file, so it is the user who runs the server (or root), who could read the paths anyway.
   */
  key: string;
  /** Ingests the paths (absolute) into the store, one ingest at a time; resolves to the report the CLI prints. */
  run(paths: string[], opts: HandedIngestOptions, onProgress: (p: unknown) => void): Promise<unknown>;
}
