/**
 * The fields beside the search results: each field opens to its top values over the whole current
 * result (query, range, firewall), with counts, shares of the matching records and links that filter
 * the search in or out on a value. Values load when a field is opened, one request per field; the
 * open fields stay open across searches, so a filter reruns the search and shows the new counts.
 */
import { EVENT_FIELDS, type FieldDef } from '../../../src/query/fields.ts';
import { columnByName } from '../../../src/schema/columns.ts';
import { getJson, isAbort } from '../api/client.ts';
import type { FieldValuesAnswer } from '../api/types.ts';
import { narrowedHref } from '../components/value-actions.ts';
import { h } from '../dom.ts';
import { fmtInt, fmtPct } from '../format.ts';
import { t, tn } from '../i18n/index.ts';
import { queryTerm } from './query-term.ts';

export const SIDEBAR_TOP = 5;

export interface FieldSidebarOptions {
  /** The query as the user wrote it (what filter in / out extend). */
  userQuery: string;
  /** The query the results show (with the firewall picker's filter). */
  apiQuery: string;
  from?: string;
  to?: string;
  signal: AbortSignal;
  /** The open fields, kept by the page from one search to the next. */
  expanded: Set<string>;
}

/** Fields whose values can be ranked: the report dimensions first, then the others, in table order. */
export function sidebarFields(): FieldDef[] {
  const rankable = EVENT_FIELDS.fields.filter((f) => f.kind !== 'timestamp' && f.kind !== 'string[]');
  const common = rankable.filter((f) => columnByName(f.name)?.dimension);
  return [...common, ...rankable.filter((f) => !common.includes(f))];
}

function valueRow(field: string, v: FieldValuesAnswer['values'][number], total: number, q: string) {
  const value = String(v.value);
  const share = total > 0 ? v.count / total : 0;
  const term = queryTerm(field, value);
  const action = (mode: 'in' | 'out', label: string, key: 'fields.filterIn' | 'fields.filterOut') =>
    h(
      'a',
      {
        class: `field-filter ${mode}`,
        href: narrowedHref(q, term, mode),
        'data-action': mode,
        'aria-label': t(key, { value }),
        title: t(key, { value }),
      },
      label,
    );
  return h(
    'li',
    { class: 'field-value', 'data-testid': 'field-value', 'data-value': value, 'data-count': v.count },
    h('span', { class: 'field-value-text', title: value }, value === '' ? '""' : value),
    h('span', { class: 'num field-value-count' }, fmtInt(v.count)),
    h('span', { class: 'num field-value-share' }, fmtPct(share)),
    action('in', '+', 'fields.filterIn'),
    action('out', '−', 'fields.filterOut'),
    h('span', { class: 'field-bar', 'aria-hidden': 'true', style: `width:${(share * 100).toFixed(1)}%` }),
  );
}

function valuesBody(field: string, ans: FieldValuesAnswer, q: string): Node[] {
  const shown = ans.values.length;
  const note = h(
    'p',
    { class: 'field-note', 'data-testid': 'field-note' },
    tn('fields.topOf', ans.total_distinct, fmtInt(ans.total_distinct), { shown: fmtInt(shown) }),
    ' · ',
    tn('fields.exact', ans.total_records, fmtInt(ans.total_records)),
  );
  if (shown === 0) return [note, h('p', { class: 'muted' }, t('fields.noValues'))];
  const out: Node[] = [
    note,
    h(
      'ul',
      { class: 'field-value-list' },
      ...ans.values.map((v) => valueRow(field, v, ans.total_records, q)),
    ),
  ];
  // every value is listed: what is left of the records has no value for the field
  const missing = ans.total_records - ans.values.reduce((n, v) => n + v.count, 0);
  if (shown === ans.total_distinct && missing > 0) {
    out.push(h('p', { class: 'muted field-missing' }, tn('fields.missing', missing, fmtInt(missing))));
  }
  return out;
}

function fieldItem(def: FieldDef, i: number, opts: FieldSidebarOptions): HTMLElement {
  const bodyId = `field-values-${i}`;
  const body = h('div', { class: 'field-values', id: bodyId, hidden: true, 'data-testid': 'field-values' });
  let loaded = false;
  const load = () => {
    loaded = true;
    body.replaceChildren(h('p', { class: 'muted' }, t('fields.loading')));
    const params = { field: def.name, q: opts.apiQuery, from: opts.from, to: opts.to, limit: SIDEBAR_TOP };
    getJson<FieldValuesAnswer>('/api/search/values', params, opts.signal)
      .then((ans) => {
        if (opts.signal.aborted) return;
        body.replaceChildren(...valuesBody(def.name, ans, opts.userQuery));
        body.dataset.ready = 'true';
      })
      .catch((err) => {
        if (isAbort(err) || opts.signal.aborted) return;
        loaded = false;
        body.replaceChildren(
          h('p', { class: 'field-error' }, t('common.error', { message: String(err.message ?? err) })),
        );
        body.dataset.state = 'failed';
      });
  };
  const toggle: HTMLButtonElement = h(
    'button',
    {
      type: 'button',
      class: 'field-toggle',
      'aria-expanded': 'false',
      'aria-controls': bodyId,
      'data-testid': 'field-toggle',
      onclick: () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'),
    },
    def.name,
  );
  const setOpen = (open: boolean) => {
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    body.hidden = !open;
    if (open) opts.expanded.add(def.name);
    else opts.expanded.delete(def.name);
    if (open && !loaded) load();
  };
  if (opts.expanded.has(def.name)) setOpen(true);
  return h('li', { class: 'field-item', 'data-field': def.name }, toggle, body);
}

export function fieldSidebar(opts: FieldSidebarOptions): HTMLElement {
  const items = sidebarFields().map((f, i) => fieldItem(f, i, opts));
  const list = h('ul', { class: 'field-list' }, ...items);
  const filter = h('input', {
    type: 'search',
    class: 'field-filter-box',
    placeholder: t('fields.find'),
    'aria-label': t('fields.find'),
    'data-testid': 'field-find',
    autocomplete: 'off',
    oninput: () => {
      const p = filter.value.trim().toLowerCase();
      for (const li of items) li.hidden = p !== '' && !(li.dataset.field ?? '').includes(p);
    },
  });
  return h(
    'aside',
    { class: 'field-sidebar', 'aria-label': t('fields.title'), 'data-testid': 'field-sidebar' },
    h('h2', { class: 'field-sidebar-title' }, t('fields.title')),
    filter,
    list,
  );
}
