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

/**
 * The sessions filter for an event value (an address or port on either side, a joined alert's
 * signature, id or verdict), null when none fits.
 */
export function sessionsTerm(field: string, value: string): string | null {
  const q = (f: string) => queryTerm(f, value);
  if (field === 'src_ip' || field === 'dest_ip') return `${q('client_ip')} or ${q('server_ip')}`;
  if (field === 'src_port' || field === 'dest_port') return `${q('client_port')} or ${q('server_port')}`;
  if (field === 'alert_signature_id') return q('signature_ids');
  if (['proto', 'app_proto', 'flow_id', 'firewall_name', 'alert_signature', 'alert_action'].includes(field))
    return q(field);
  return null;
}
