/** The query-language term that matches one value of a field whole (pure: no DOM). */
import { escapeRe2 } from '../../../src/query/dialect.ts';
import { columnByName } from '../../../src/schema/columns.ts';

/**
 * A query-language term matching the value exactly: `field:"value"`; on a free-text field (where a
 * quoted value is a phrase inside it) an anchored regex, `field:/^value$/`.
 */
export function queryTerm(field: string, value: string): string {
  if (columnByName(field)?.text) return `${field}:/^${escapeRe2(value).replaceAll('/', '\\/')}$/`;
  return `${field}:"${value.replace(/["\\]/g, '\\$&')}"`;
}
