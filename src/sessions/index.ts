/**
 * Sessions: the two one-way netflow records of each flow paired into one conversation (client,
 * server, bytes each way), with the verdict of the alerts on that flow. Maintained incrementally as
 * data arrives (`refreshSessions` after each ingest), listed with the query language. The rules are
 * in README.md and `rules.ts`; computing and reading them is a store operation (`store/sessions.ts`),
 * each engine's beside its store (`store/duckdb/sessions.ts`, `sessions-sql.ts`).
 */
export { alertJoinsSession, type JoinAlert, type JoinSession, joinedSessions } from './alert-join.ts';
export { SESSION_FIELDS } from './fields.ts';
export {
  DEFAULT_SESSION_LIMIT,
  decodeSessionCursor,
  encodeSessionCursor,
  type ListSessionsOptions,
  listSessionPages,
  listSessions,
  listSessionsPage,
  SESSION_PAGE_SIZE,
  SessionCursorError,
  type SessionPage,
} from './list.ts';
export { PARTITION_FLOW_RECORDS, type RefreshOptions, refreshSessions } from './refresh.ts';
export { ALERT_SLACK_SECONDS, UNKNOWN_APP_PROTO } from './rules.ts';
export { sessionStats } from './stats.ts';
export {
  type RefreshResult,
  SESSION_COLUMNS,
  SESSION_SORTS,
  type Session,
  type SessionKind,
  type SessionSort,
  type SessionStats,
} from './types.ts';
