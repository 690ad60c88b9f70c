/**
 * What a value in a records table offers: filter the search in or out on it (on the search page), search
 * the records with it, list the sessions with it (an address or port on either side of the session, a
 * joined alert's signature, id or verdict).
 */
import { andFilters, currentUrl, href, withParams } from '../app/context.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { queryTerm, sessionsTerm } from '../search/query-term.ts';

export { queryTerm };

/** Event columns whose values offer actions. */
export const ACTIONABLE = new Set([
  'src_ip',
  'dest_ip',
  'src_port',
  'dest_port',
  'proto',
  'app_proto',
  'alert_signature',
  'alert_signature_id',
  'alert_action',
  'tls_sni',
  'http_hostname',
  'firewall_name',
  'flow_id',
]);

/** The search narrowed to records with (`in`) or without (`out`) a term, as a link on the search page. */
export function narrowedHref(q: string, term: string, mode: 'in' | 'out'): string {
  return withParams({ q: andFilters(q, mode === 'in' ? term : `not ${term}`), id: null, cursor: null });
}

/** The value followed by its menu (a disclosure: it opens with a click, Enter or Space; Escape closes it). */
export function withActions(field: string, raw: unknown, content: Node | string): Node | string {
  if (!ACTIONABLE.has(field) || raw === null || raw === undefined || raw === '') return content;
  const value = String(raw);
  const term = queryTerm(field, value);
  const url = currentUrl();
  const onSearch = url.pathname === '/search';
  const q = url.searchParams.get('q') ?? '';
  const sessions = sessionsTerm(field, value);
  const link = (key: Parameters<typeof t>[0], to: string, action: string) =>
    h('li', null, h('a', { href: to, 'data-action': action }, t(key)));
  const summary = h(
    'summary',
    { 'aria-label': t('value.actions', { value }), title: t('value.actions', { value }) },
    '⋯',
  );
  const menu = h(
    'ul',
    { class: 'value-menu' },
    onSearch ? link('value.filterIn', narrowedHref(q, term, 'in'), 'in') : null,
    onSearch ? link('value.filterOut', narrowedHref(q, term, 'out'), 'out') : null,
    link('value.search', href('/search', { q: term }), 'search'),
    sessions ? link('value.sessions', href('/sessions', { filter: sessions }), 'sessions') : null,
  );
  const details = h('details', { class: 'value-actions' }, summary, menu);
  details.addEventListener('toggle', () => {
    if (!details.open) return;
    for (const other of Array.from(document.querySelectorAll('details.value-actions[open]'))) {
      if (other !== details) other.removeAttribute('open');
    }
    const r = summary.getBoundingClientRect();
    menu.style.left = `${Math.max(4, Math.min(r.left, window.innerWidth - 230))}px`;
    menu.style.top = `${r.bottom + 2}px`;
  });
  details.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && details.open) {
      ev.stopPropagation();
      details.open = false;
      summary.focus();
    }
  });
  return h('span', { class: 'value-cell' }, content, details);
}
