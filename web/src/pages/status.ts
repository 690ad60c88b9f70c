/** Status: what is stored, rejected lines by reason with their origin, sessions and collectors. */
import { getJson } from '../api/client.ts';
import type { RejectedRow, Status } from '../api/types.ts';
import type { PageInstance } from '../app/router.ts';
import { loadStatus } from '../app/status-cache.ts';
import { inlineBar } from '../components/badges.ts';
import { emptyState, errorState, skeletonRows } from '../components/states.ts';
import { cellText, dataTable } from '../components/table.ts';
import { h } from '../dom.ts';
import { fmtInt, fmtPct, fmtTime } from '../format.ts';
import { t } from '../i18n/index.ts';

function card(title: string, testId: string, ...content: (HTMLElement | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'data-testid': testId },
    h('header', { class: 'panel-toolbar' }, h('h2', null, title)),
    h('div', { class: 'table-wrap' }, content),
  );
}

function countsTable(counts: Record<string, number>, firstLabel: string, tone = 'neutral'): HTMLElement {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const max = rows.reduce((m, r) => Math.max(m, r[1]), 0);
  return dataTable({
    rows,
    columns: [
      { key: 'k', label: firstLabel, render: (r) => h('span', { class: 'mono' }, r[0]) },
      {
        key: 'v',
        label: t('col.count'),
        align: 'right',
        className: 'bar-cell',
        render: (r) => inlineBar(r[1], max, fmtInt(r[1]), tone),
      },
    ],
  });
}

function render(s: Status, rejected: RejectedRow[]): HTMLElement[] {
  const sess = s.sessions;
  return [
    h(
      'div',
      { class: 'kpis' },
      h(
        'div',
        { class: 'kpi' },
        h('div', { class: 'kpi-label' }, t('status.stored')),
        h('div', { class: 'kpi-value num' }, fmtInt(s.records)),
        h(
          'div',
          { class: 'kpi-sub' },
          s.first_ts ? `${fmtTime(s.first_ts)} – ${fmtTime(s.last_ts)}` : '\u00a0',
        ),
      ),
      h(
        'div',
        { class: 'kpi' },
        h('div', { class: 'kpi-label' }, t('status.rejected')),
        h('div', { class: `kpi-value num${s.rejected ? ' warn' : ''}` }, fmtInt(s.rejected)),
        h('div', { class: 'kpi-sub' }, '\u00a0'),
      ),
      sess
        ? h(
            'div',
            { class: 'kpi' },
            h('div', { class: 'kpi-label' }, t('status.sessions')),
            h('div', { class: 'kpi-value num' }, fmtInt(sess.sessions)),
            h(
              'div',
              { class: 'kpi-sub' },
              `${t('kpi.paired')} ${fmtPct(sess.paired_share)} · ${t('status.waiting')} ${fmtInt(sess.waiting)}`,
            ),
          )
        : null,
    ),
    h(
      'div',
      { class: 'panels' },
      card(t('status.byType'), 'status-types', countsTable(s.records_by_log_type, t('col.type'))),
      card(
        t('status.firewalls'),
        'status-firewalls',
        dataTable({
          rows: s.firewalls,
          columns: [
            { key: 'firewall_name', label: t('ctl.firewall') },
            { key: 'availability_zone', label: t('col.az') },
            { key: 'records', label: t('col.records'), align: 'right', render: (r) => fmtInt(r.records) },
          ],
        }),
      ),
      card(
        t('status.rejected'),
        'status-rejected',
        s.rejected === 0
          ? emptyState(t('status.noRejected'))
          : countsTable(s.rejected_by_reason, t('col.reason'), 'blocked'),
        rejected.length
          ? dataTable({
              className: 'rejected',
              rows: rejected,
              columns: [
                { key: 'reason', label: t('col.reason'), className: 'mono' },
                {
                  key: 'origin',
                  label: t('col.origin'),
                  className: 'mono ellipsis',
                  render: (r) => `${r.origin}:${r.line}`,
                },
                {
                  key: 'message',
                  label: t('col.message'),
                  className: 'ellipsis',
                  render: (r) => h('span', { title: r.raw }, cellText(r.message)),
                },
              ],
            })
          : null,
      ),
      card(
        t('status.collectors'),
        'status-collectors',
        s.collectors?.length
          ? dataTable({
              rows: s.collectors,
              columns: Object.keys(s.collectors[0] ?? {}).map((k) => ({ key: k, label: k })),
            })
          : emptyState(t('status.noCollectors')),
      ),
    ),
  ];
}

export function mount(root: HTMLElement): PageInstance {
  const ctrl = new AbortController();
  const body = h('div', { class: 'status', 'data-testid': 'status' }, skeletonRows(10));
  root.append(h('h1', { class: 'page-title' }, t('status.title')), body);
  Promise.all([
    loadStatus(true),
    getJson<{ rows: RejectedRow[] }>('/api/rejected', { limit: 20 }, ctrl.signal).catch(() => ({ rows: [] })),
  ])
    .then(([s, r]) => {
      body.replaceChildren(...render(s, r.rows));
      body.dataset.ready = 'true';
    })
    .catch((err) => {
      if (!ctrl.signal.aborted) body.replaceChildren(errorState(err));
    });
  return { destroy: () => ctrl.abort() };
}
