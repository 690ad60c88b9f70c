/** Result types of the normaliser: a record is either accepted as a row or rejected with a reason. */
import type { EventRow } from '../schema/columns.ts';

/** Stable reason codes for rejected input. */
export type RejectReason =
  | 'invalid_json' // not parseable as JSON
  | 'not_object' // JSON, but not an object
  | 'no_event' // no `event` object, and not a plain EVE record (event_type + timestamp)
  | 'bad_timestamp' // event.timestamp missing or unparseable
  | 'too_deep' // objects and arrays nested deeper than MAX_NESTING_DEPTH
  | 'bad_gzip' // a gzip stream that could not be inflated (framing level)
  | 'line_too_long' // a single record over the framing limit
  | 'bad_base64' // a Firehose record whose data is not valid base64
  | 'bad_subscription'; // a CloudWatch Logs subscription payload or log event of the wrong shape

export interface Accepted {
  ok: true;
  row: EventRow;
  /** JSON text of what the columns do not reproduce; null when the columns rebuild the record alone. */
  residual: string | null;
}

export interface Rejected {
  ok: false;
  reason: RejectReason;
  /** JSON path at fault, when there is one (e.g. `event.timestamp`). */
  path?: string;
  message: string;
}

export type NormalizeResult = Accepted | Rejected;
