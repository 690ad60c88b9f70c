/** DuckDB engine: the embedded default store (one database file, zero setup). */
export { DuckDbStore, StoreLockedError } from './duckdb-store.ts';
