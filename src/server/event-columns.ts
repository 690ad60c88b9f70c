/** The event columns the API returns (every column of the table except the internal numeric IPs). */
import { EVENT_COLUMNS } from '../schema/columns.ts';

export const API_EVENT_COLUMNS: readonly string[] = EVENT_COLUMNS.filter((c) => c.ipNumber === undefined).map(
  (c) => c.name,
);

/** `id, origin, origin_line, <event columns>` for a SELECT on `events`. */
export const EVENT_SELECT = ['id', 'origin', 'origin_line', ...API_EVENT_COLUMNS]
  .map((c) => `"${c}"`)
  .join(', ');
