/**
 * Sessions: the two one-way netflow records of each flow paired into one conversation (client,
 * server, bytes each way), with the verdict of the alerts on that flow. Maintained incrementally as
 * data arrives (`refreshSessions` after each ingest), listed with the query language. The rules are
 * in README.md and `rules.ts`; the engine SQL lives beside each store (`store/duckdb/sessions-sql.ts`).
 */
export { alertJoinsSession, type JoinAlert, type JoinSession, joinedSessions } from './alert-join.ts';
export { SessionsEngineError, sessionsSqlFor } from './engine-sql.ts';
export { SESSION_FIELDS } from './fields.ts';
export {
  DEFAULT_SESSION_LIMIT,
  type ListSessionsOptions,
  listSessionPages,
  listSessions,
  SESSION_PAGE_SIZE,
} from './list.ts';
export { type RefreshOptions, refreshSessions } from './refresh.ts';
export { ALERT_SLACK_SECONDS, UNKNOWN_APP_PROTO } from './rules.ts';
export { sessionStats } from './stats.ts';
export {
  type RefreshResult,
  SESSION_COLUMNS,
  type Session,
  type SessionKind,
  type SessionSort,
  type SessionStats,
  type SessionsSql,
} from './types.ts';
