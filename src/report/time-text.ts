/** Instants as the API writes them: ISO 8601 UTC with microseconds. */
import { microsToIso } from '../query/time.ts';

export function microsToIsoOrNull(us: number | null): string | null {
  return us === null ? null : microsToIso(us);
}
