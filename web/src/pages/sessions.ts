/** Sessions: the paired view (client → server, bytes each way, verdict); a row opens the flow. */
import type { SessionSort } from '../../../src/schema/session-columns.ts';
import { ApiError, getJson } from '../api/client.ts';
import type { Session, SessionsAnswer } from '../api/types.ts';
import { andFilters, displayZone, firewallFilter, rangeParams, withParams } from '../app/context.ts';
import { navigate, type PageInstance } from '../app/router.ts';
import { announce } from '../components/announcer.ts';
import { exportMenu } from '../components/export-menu.ts';
import { sessionsTable } from '../components/sessions-table.ts';
import { emptyState, errorState, skeletonRows } from '../components/states.ts';
import { h } from '../dom.ts';
import { fmtInt } from '../format.ts';
import { errorText } from '../i18n/errors.ts';
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

/** Sessions per page of the listing. */
const PAGE = 200;

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
    const params = { filter: andFilters(filter, firewallFilter(u)), ...rangeParams(u), sort, limit: PAGE };
    const shown: Session[] = [];
    // Every page names the listing's total; "load more" reads the next one after the last row shown.
    const render = (ans: SessionsAnswer) => {
      for (const r of ans.rows) shown.push(r);
      // All of them shown: "12 sessions"; a part: "200 of 93,694 sessions".
      const count =
        ans.total > shown.length
          ? tn('sessions.shown', shown.length, fmtInt(shown.length), { total: fmtInt(ans.total) })
          : tn('sessions.count', shown.length, fmtInt(shown.length));
      announce(`${t('sessions.title')}: ${count}`);
      const left = ans.total - shown.length;
      const more =
        ans.next_cursor !== null
          ? h(
              'button',
              {
                type: 'button',
                class: 'btn',
                'data-testid': 'sessions-more',
                onclick: (ev: Event) => {
                  (ev.currentTarget as HTMLButtonElement).disabled = true;
                  getJson<SessionsAnswer>('/api/sessions', { ...params, cursor: ans.next_cursor }, sig)
                    .then(render)
                    .catch((e) => {
                      if (!sig.aborted) body.append(errorState(e));
                    });
                },
              },
              t('sessions.more', { n: fmtInt(Math.min(PAGE, Math.max(left, 0))) }),
            )
          : null;
      body.replaceChildren(
        h(
          'header',
          { class: 'panel-toolbar' },
          h('span', { class: 'muted', 'data-testid': 'sessions-count' }, count),
          h('span', { class: 'spacer' }),
          exportMenu('sessions', {
            filter,
            firewall: u.searchParams.get('fw'),
            ...rangeParams(u),
            sort,
            tz: displayZone(u),
          }),
        ),
        shown.length
          ? h('div', { class: 'table-wrap' }, sessionsTable(shown))
          : emptyState(t('search.noRows')),
        ...(more ? [h('div', { class: 'load-more' }, more)] : []),
      );
      body.dataset.ready = 'true';
    };
    getJson<SessionsAnswer>('/api/sessions', params, sig)
      .then(render)
      .catch((e) => {
        if (sig.aborted) return;
        if (e instanceof ApiError && e.status === 400) {
          err.textContent = errorText(e.body);
          body.replaceChildren();
        } else body.replaceChildren(errorState(e));
      });
  };
  load(url);
  return { update: load, destroy: () => ctrl.abort() };
}
