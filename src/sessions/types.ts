/**
 * Types of the sessions: one row per conversation, built from the two netflow halves of a flow. The
 * store contract (`store/sessions.ts`) defines them; the columns come from `schema/session-columns.ts`.
 */
import { SESSION_LISTED_COLUMN_NAMES } from '../schema/session-columns.ts';
import type { Session } from '../store/sessions.ts';

export { SESSION_SORTS } from '../schema/session-columns.ts';
export type {
  RefreshResult,
  Session,
  SessionKind,
  SessionSort,
  SessionStats,
} from '../store/sessions.ts';

/** The session columns in display order (what `nfwlens sessions` prints in json/ndjson/csv). */
export const SESSION_COLUMNS = SESSION_LISTED_COLUMN_NAMES as readonly (keyof Session)[];
