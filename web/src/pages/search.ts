/**
 * Search: the query box (completing fields, operators and values), a histogram of matches (drag to
 * zoom the range), the fields with their top values beside the results with chosen columns, the
 * original record in a side panel (`id` in the URL) and live mode (`live=1`).
 */
import { EVENT_FIELDS } from '../../../src/query/fields.ts';
import { queryHints } from '../../../src/query/hints.ts';
import { ApiError, getJson, isAbort } from '../api/client.ts';
import type { CountAnswer, EventRow, HistogramAnswer, SavedSearch, SearchAnswer } from '../api/types.ts';
import {
  andFilters,
  currentUrl,
  displayZone,
  firewallFilter,
  rangeParams,
  withParams,
} from '../app/context.ts';
import { navigate, type PageInstance } from '../app/router.ts';
import { type Chart, createChart } from '../charts/echarts.ts';
import { enableRangeBrush, histogramOption } from '../charts/histogram.ts';
import { announce } from '../components/announcer.ts';
import { exportMenu } from '../components/export-menu.ts';
import { recordView } from '../components/record-view.ts';
import { addRecordRows, DEFAULT_COLUMNS, recordsTableOptions } from '../components/records-table.ts';
import { emptyState, errorState, skeletonRows } from '../components/states.ts';
import { dataTable } from '../components/table.ts';
import { h } from '../dom.ts';
import { fmtInt } from '../format.ts';
import { errorText } from '../i18n/errors.ts';
import { t, tn } from '../i18n/index.ts';
import { columnsPicker, PICKABLE } from '../search/columns-picker.ts';
import { fieldSidebar } from '../search/field-sidebar.ts';
import { localSyntaxError, type QueryInput, queryInput } from '../search/query-input.ts';
import { savedSearchesMenu, savedSearchHref } from '../search/saved-searches.ts';

const PAGE = 100;
const LIVE_MS = 4000;

function apiQuery(url: URL): { q: string; shift: number } {
  const q = url.searchParams.get('q') ?? '';
  const fw = firewallFilter(url);
  if (!fw) return { q, shift: 0 };
  return { q: andFilters(q, fw), shift: q.trim() ? 1 : 0 };
}

function chosenColumns(url: URL): string[] {
  const cols = url.searchParams.get('cols');
  const list = cols ? cols.split(',').filter((c) => PICKABLE.includes(c) || c === 'id') : [];
  return list.length ? list : DEFAULT_COLUMNS;
}

export function mount(root: HTMLElement, url: URL): PageInstance {
  let ctrl = new AbortController();
  let chart: Chart | null = null;
  let live: ReturnType<typeof setInterval> | undefined;
  let drawerCtrl: AbortController | null = null;
  let box: QueryInput;
  const summary = h('div', { class: 'search-summary', 'data-testid': 'search-summary' });
  const tools = h('div', { class: 'search-tools' });
  const histEl = h('div', { class: 'chart', style: 'height:150px', 'data-testid': 'histogram' });
  const histBody = h('div', { class: 'panel-body loading' }, histEl);
  const results = h('section', { class: 'panel wide results', 'data-testid': 'results' });
  const drawer = h('aside', { class: 'drawer', hidden: true, 'aria-label': t('record.title', { id: '' }) });
  const top = h('div', { class: 'search-top' });
  const side = h('div', { class: 'search-side' });
  // the fields opened in the list beside the results stay open from one search to the next
  const expandedFields = new Set<string>();
  root.append(
    h(
      'div',
      { class: 'search-page', 'data-testid': 'search' },
      h('h1', { class: 'sr-only' }, t('search.title')),
      top,
      h('div', { class: 'search-bar' }, summary, tools),
      h(
        'section',
        { class: 'panel wide histogram' },
        h('p', { class: 'hint' }, t('search.zoomHint')),
        histBody,
      ),
      h('div', { class: 'search-main' }, side, results),
    ),
    drawer,
  );

  const openRecord = (r: EventRow) => navigate(withParams({ id: r.id }));
  const syncDrawer = (u: URL) => {
    const id = u.searchParams.get('id');
    drawerCtrl?.abort();
    if (!id) {
      drawer.hidden = true;
      drawer.replaceChildren();
      return;
    }
    drawerCtrl = new AbortController();
    const close = h(
      'button',
      {
        type: 'button',
        class: 'btn small',
        'data-testid': 'record-close',
        onclick: () => navigate(withParams({ id: null })),
      },
      t('record.close'),
    );
    drawer.replaceChildren(recordView(id, u.searchParams.get('q') ?? '', [close], drawerCtrl.signal));
    drawer.hidden = false;
    close.focus();
  };
  const onKey = (ev: KeyboardEvent) => {
    if (ev.key === 'Escape' && !drawer.hidden) navigate(withParams({ id: null }));
  };
  document.addEventListener('keydown', onKey);

  const run = (u: URL) => {
    ctrl.abort();
    ctrl = new AbortController();
    clearInterval(live);
    const sig = ctrl.signal;
    // A shared saved search (`?saved=NAME`) opens as its query and range.
    const savedName = u.searchParams.get('saved');
    if (savedName !== null) {
      getJson<SavedSearch>(`/api/saved-searches/${encodeURIComponent(savedName)}`, {}, sig)
        .then((s) => navigate(savedSearchHref(s), { replace: true }))
        .catch((err) => {
          if (isAbort(err) || sig.aborted) return;
          results.replaceChildren(
            err instanceof ApiError && err.status === 404
              ? emptyState(t('saved.notFound', { name: savedName }))
              : errorState(err),
          );
          results.dataset.state = 'failed';
        });
      return;
    }
    const { q, shift } = apiQuery(u);
    const range = rangeParams(u);
    const from = u.searchParams.get('from') ?? undefined;
    const to = u.searchParams.get('to') ?? undefined;
    box = queryInput(
      u.searchParams.get('q') ?? '',
      (next) => navigate(withParams({ q: next || null, id: null, cursor: null })),
      { context: () => ({ filter: firewallFilter(u), from, to }) },
    );
    top.replaceChildren(box.el);
    const cols = chosenColumns(u);
    const isLive = u.searchParams.get('live') === '1';
    const reset = rangeReset(u);
    tools.replaceChildren(
      ...(reset ? [reset] : []),
      savedSearchesMenu({
        q: u.searchParams.get('q') ?? '',
        from: u.searchParams.get('from'),
        to: u.searchParams.get('to'),
      }),
      columnsPicker(cols, (next) => navigate(withParams({ cols: next.join(',') }), { replace: true })),
      exportMenu('records', {
        q: u.searchParams.get('q') ?? '',
        firewall: u.searchParams.get('fw'),
        ...rangeParams(u),
        tz: displayZone(u),
        columns: cols.join(','),
      }),
      h(
        'label',
        { class: `toggle${isLive ? ' on' : ''}`, title: t('search.liveOn') },
        h('input', {
          type: 'checkbox',
          checked: isLive,
          'data-testid': 'live',
          onchange: (ev: Event) =>
            navigate(withParams({ live: (ev.target as HTMLInputElement).checked ? '1' : null }), {
              replace: true,
            }),
        }),
        h('span', { class: 'dot', 'aria-hidden': 'true' }),
        t('search.live'),
      ),
    );
    summary.replaceChildren(h('span', { class: 'skeleton-text' }, '\u00a0'.repeat(24)));
    results.replaceChildren(skeletonRows(10));
    results.removeAttribute('data-ready');
    results.removeAttribute('data-state');
    histBody.classList.add('loading');
    histEl.removeAttribute('data-ready');
    histEl.removeAttribute('data-state');
    const params = { q, from: range.from, to: range.to };

    // a query that does not run leaves nothing of the previous one beside its error: no count, no
    // histogram, no rows
    let didFail = false;
    const failed = (err?: unknown) => {
      if (sig.aborted || didFail) return;
      didFail = true;
      summary.replaceChildren();
      side.replaceChildren();
      chart?.chart.clear();
      histBody.classList.remove('loading');
      histEl.dataset.state = 'failed';
      const badQuery = err === undefined || (err instanceof ApiError && err.status === 400);
      results.replaceChildren(badQuery ? emptyState(t('search.failed')) : errorState(err));
      results.dataset.state = 'failed';
      announce(badQuery ? t('search.failed') : t('common.error', { message: String(err) }));
    };
    side.replaceChildren(
      fieldSidebar({
        userQuery: u.searchParams.get('q') ?? '',
        apiQuery: q,
        from,
        to,
        signal: sig,
        expanded: expandedFields,
      }),
    );
    const local = localSyntaxError(u.searchParams.get('q') ?? '');
    if (local) {
      box.setError(local);
      failed();
      syncDrawer(u);
      return;
    }

    getJson<CountAnswer>('/api/search/count', params, sig)
      .then((c) => {
        const count = tn('search.matches', c.count, fmtInt(c.count));
        announce(count);
        summary.replaceChildren(
          h('strong', { class: 'num', 'data-testid': 'match-count' }, count),
          h('span', { class: 'muted' }, ` ${t('search.took', { ms: fmtInt(c.took_ms) })}`),
          // A query that ran but maybe not as meant (`dest port:443`): one click runs the fix.
          ...queryHints(u.searchParams.get('q') ?? '', EVENT_FIELDS).map((hint) =>
            h(
              'button',
              {
                type: 'button',
                class: 'linklike query-hint',
                'data-testid': 'query-hint',
                onclick: () => navigate(withParams({ q: hint.query, id: null, cursor: null })),
              },
              t('search.didYouMean', { query: hint.replacement }),
            ),
          ),
        );
      })
      .catch((err) => {
        if (isAbort(err) || sig.aborted) return;
        if (err instanceof ApiError && err.status === 400) {
          const pos = err.body.position;
          box.setError({
            message: errorText(err.body),
            position: pos ? { offset: Math.max(0, pos.offset - shift), length: pos.length } : undefined,
          });
        }
        failed(err);
      });

    getJson<HistogramAnswer>('/api/search/histogram', params, sig)
      .then(async (hist) => {
        if (didFail) return;
        chart ??= createChart(histEl);
        histBody.classList.remove('loading');
        await chart.render(histogramOption(hist));
        if (sig.aborted || !chart) return;
        histEl.dataset.ready = 'true';
        enableRangeBrush(chart, hist, (from, to) => navigate(withParams({ from, to, id: null })));
      })
      .catch((err) => {
        if (isAbort(err) || sig.aborted) return;
        histBody.classList.remove('loading');
        chart?.chart.clear();
        histEl.dataset.state = 'failed';
      });

    const opts = recordsTableOptions([], cols, openRecord);
    let maxId = 0;
    getJson<SearchAnswer>('/api/search', { ...params, limit: PAGE }, sig)
      .then((ans) => {
        if (ans.rows.length === 0) {
          results.replaceChildren(emptyState(t('search.noRows')));
        } else {
          const table = dataTable({ ...opts, rows: ans.rows });
          const wrap = h('div', { class: 'table-wrap' }, table);
          results.replaceChildren(wrap, moreButton(ans.next_cursor, table) ?? '');
        }
        maxId = ans.rows.reduce((m, r) => Math.max(m, r.id), 0);
        results.dataset.ready = 'true';
        if (isLive) live = setInterval(() => void poll(), LIVE_MS);
      })
      .catch((err) => {
        if (isAbort(err) || sig.aborted) return;
        failed(err);
      });

    const moreButton = (cursor: string | null, table: HTMLTableElement): HTMLElement | null => {
      if (!cursor) return null;
      const btn: HTMLButtonElement = h(
        'button',
        {
          type: 'button',
          class: 'btn more',
          onclick: async () => {
            btn.disabled = true;
            const next = await getJson<SearchAnswer>('/api/search', { ...params, limit: PAGE, cursor }, sig);
            addRecordRows(table, opts, next.rows, 'bottom');
            btn.replaceWith(moreButton(next.next_cursor, table) ?? '');
          },
        },
        t('search.more'),
      );
      return btn;
    };

    const poll = async () => {
      const ans = await getJson<SearchAnswer>(
        '/api/search',
        { q, from: params.from, limit: PAGE },
        sig,
      ).catch(() => null);
      const fresh = ans?.rows.filter((r) => r.id > maxId) ?? [];
      if (fresh.length === 0 || sig.aborted) return;
      maxId = fresh.reduce((m, r) => Math.max(m, r.id), maxId);
      let table = results.querySelector('table');
      if (!table) {
        table = dataTable({ ...opts, rows: [] });
        results.replaceChildren(h('div', { class: 'table-wrap' }, table));
      }
      addRecordRows(table, opts, fresh, 'top');
    };
    syncDrawer(u);
  };

  run(url);
  return {
    update(u, prev) {
      const a = new URLSearchParams(u.search);
      const b = new URLSearchParams(prev.search);
      a.delete('id');
      b.delete('id');
      if (a.toString() === b.toString()) syncDrawer(u);
      else run(u);
    },
    destroy() {
      ctrl.abort();
      drawerCtrl?.abort();
      clearInterval(live);
      chart?.dispose();
      document.removeEventListener('keydown', onKey);
    },
  };
}

function rangeReset(u: URL): HTMLElement | null {
  const from = u.searchParams.get('from');
  if (!from || /^(-|now)/.test(from)) return null;
  return h(
    'button',
    {
      type: 'button',
      class: 'btn',
      onclick: () => navigate(withParams({ from: null, to: null }, currentUrl())),
    },
    t('search.resetZoom'),
  );
}
