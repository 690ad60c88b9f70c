/** Sessions: the paired view (client → server, bytes each way, verdict); a row opens the flow. */
import type { SessionSort } from '../../../src/schema/session-columns.ts';
import { ApiError, getJson } from '../api/client.ts';
import type { SessionsAnswer } from '../api/types.ts';
import { andFilters, firewallFilter, rangeParams, withParams } from '../app/context.ts';
import { navigate, type PageInstance } from '../app/router.ts';
import { announce } from '../components/announcer.ts';
import { sessionsTable } from '../components/sessions-table.ts';
import { emptyState, errorState, skeletonRows } from '../components/states.ts';
import { h } from '../dom.ts';
import { fmtInt } from '../format.ts';
import { type MessageKey, t, tn } from '../i18n/index.ts';

/** The listing's orders (each of the session column table's has a label here), in menu order. */
const SORT_LABELS: Record<SessionSort, MessageKey> = {
  total_bytes: 'sessions.sortBytes',
  start: 'sessions.sortStart',
};
const SORTS = Object.keys(SORT_LABELS) as SessionSort[];
/** This page lists the largest first unless told otherwise. */
const DEFAULT_SORT: SessionSort = 'total_bytes';

function sortOf(u: URL): SessionSort {
  const asked = u.searchParams.get('sort');
  return SORTS.find((s) => s === asked) ?? DEFAULT_SORT;
}

export function mount(root: HTMLElement, url: URL): PageInstance {
  let ctrl = new AbortController();
  const toolbar = h('div', { class: 'toolbar' });
  const body = h('section', { class: 'panel wide', 'data-testid': 'sessions' }, skeletonRows(12));
  root.append(h('h1', { class: 'page-title' }, t('sessions.title')), toolbar, body);

  const load = (u: URL) => {
    ctrl.abort();
    ctrl = new AbortController();
    const sig = ctrl.signal;
    const filter = u.searchParams.get('filter') ?? '';
    const sort = sortOf(u);
    const input = h('input', {
      type: 'search',
      class: 'query-text plain',
      value: filter,
      placeholder: 'server_port:443 app_proto:tls',
      'aria-label': t('sessions.filter'),
      'data-testid': 'sessions-filter',
    });
    const err = h('div', { class: 'query-error', role: 'alert' });
    toolbar.replaceChildren(
      h(
        'form',
        {
          class: 'query-form',
          role: 'search',
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            navigate(withParams({ filter: input.value.trim() || null }));
          },
        },
        h('div', { class: 'query-field' }, input),
        h('button', { class: 'btn primary', type: 'submit' }, t('search.run')),
        h(
          'label',
          { class: 'picker inline' },
          h('span', { class: 'picker-label' }, t('sessions.sort')),
          h(
            'select',
            {
              onchange: (ev: Event) => navigate(withParams({ sort: (ev.target as HTMLSelectElement).value })),
            },
            SORTS.map((s) => h('option', { value: s, selected: sort === s }, t(SORT_LABELS[s]))),
          ),
        ),
      ),
      err,
    );
    body.removeAttribute('data-ready');
    body.replaceChildren(skeletonRows(12));
    getJson<SessionsAnswer>(
      '/api/sessions',
      { filter: andFilters(filter, firewallFilter(u)), ...rangeParams(u), sort, limit: 200 },
      sig,
    )
      .then((ans) => {
        const count = tn('drill.rows', ans.rows.length, fmtInt(ans.rows.length));
        announce(`${t('sessions.title')}: ${count}`);
        body.replaceChildren(
          h(
            'header',
            { class: 'panel-toolbar' },
            h('span', { class: 'muted', 'data-testid': 'sessions-count' }, count),
          ),
          ans.rows.length
            ? h('div', { class: 'table-wrap' }, sessionsTable(ans.rows))
            : emptyState(t('search.noRows')),
        );
        body.dataset.ready = 'true';
      })
      .catch((e) => {
        if (sig.aborted) return;
        if (e instanceof ApiError && e.status === 400) {
          err.textContent = e.body.message;
          body.replaceChildren();
        } else body.replaceChildren(errorState(e));
      });
  };
  load(url);
  return { update: load, destroy: () => ctrl.abort() };
}
