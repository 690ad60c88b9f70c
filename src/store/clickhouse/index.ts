/** ClickHouse engine: a server or a cluster over HTTP, for users who outgrow one machine. */
export { ClickHouseStore, ClickHouseStoreError, parseClickHouseUrl } from './clickhouse-store.ts';
