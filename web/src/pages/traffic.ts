/**
 * Traffic over time, as Akvorado's main view: pick a dimension, a metric (totals or bps / pps), how
 * many top values and a filter; a stacked bar per time bucket, one series per top value and "Other".
 * The table under the chart is its keyboard form. Clicking a series (or its row) opens the sessions
 * (or, for records, the search) with that value added to the filter. Every choice lives in the URL.
 */
import { ApiError } from '../api/client.ts';
import {
  fetchTraffic,
  TRAFFIC_DEFAULTS,
  type TrafficChoice,
  type TrafficResult,
  type TrafficSeries,
  trafficChoice,
} from '../api/traffic.ts';
import { andFilters, href, withParams } from '../app/context.ts';
import { navigate, type PageInstance } from '../app/router.ts';
import { chartKeys } from '../charts/chart-keys.ts';
import { type Chart, createChart } from '../charts/echarts.ts';
import {
  bucketLabel,
  chartValues,
  fmtRate,
  fmtTotal,
  seriesColor,
  seriesName,
  trafficOption,
} from '../charts/traffic-options.ts';
import { announce } from '../components/announcer.ts';
import { emptyState, errorState, skeletonRows } from '../components/states.ts';
import { dataTable } from '../components/table.ts';
import { h } from '../dom.ts';
import { fmtInt, fmtPct } from '../format.ts';
import { type MessageKey, t } from '../i18n/index.ts';

/** Dimensions offered for every metric (sessions name the request's source and destination). */
const COMMON_DIMS = [
  'dest_ip',
  'src_ip',
  'dest_port',
  'app_proto',
  'proto',
  'firewall_name',
  'availability_zone',
  'alert_action',
];
/** Dimensions of event records only. */
const RECORD_DIMS = ['tls_sni', 'server_name', 'http_hostname', 'log_type', 'signature_id'];
const METRICS: { value: string; key: MessageKey }[] = [
  { value: 'bytes', key: 'traffic.metricBytes' },
  { value: 'bps', key: 'traffic.metricBps' },
  { value: 'packets', key: 'traffic.metricPackets' },
  { value: 'pps', key: 'traffic.metricPps' },
  { value: 'sessions', key: 'traffic.metricSessions' },
  { value: 'records', key: 'traffic.metricRecords' },
];
const TOPS = [5, 10, 20, 50];
const BUCKETS: { value: string; key: MessageKey }[] = [
  { value: 'auto', key: 'traffic.bucketAuto' },
  { value: '1h', key: 'traffic.bucketHour' },
  { value: '1d', key: 'traffic.bucketDay' },
];

/** Where a series drills: the sessions with its filter, or the records for the records metric. */
export function drillHref(r: TrafficResult, s: TrafficSeries, q: string): string | null {
  if (s.filter === null) return null;
  const filter = andFilters(q, s.filter);
  return r.source === 'events' ? href('/search', { q: filter }) : href('/sessions', { filter });
}

function select(
  label: string,
  testId: string,
  options: { value: string; label: string }[],
  current: string,
  onChange: (v: string) => void,
): HTMLElement {
  const values = options.some((o) => o.value === current)
    ? options
    : [...options, { value: current, label: current }];
  return h(
    'label',
    { class: 'picker inline' },
    h('span', { class: 'picker-label' }, label),
    h(
      'select',
      { 'data-testid': testId, onchange: (ev: Event) => onChange((ev.target as HTMLSelectElement).value) },
      values.map((o) => h('option', { value: o.value, selected: o.value === current }, o.label)),
    ),
  );
}

function controls(c: TrafficChoice): HTMLElement {
  const go = (p: Record<string, string | number | null>) => navigate(withParams(p));
  const dims = [...COMMON_DIMS, ...(c.metric === 'records' ? RECORD_DIMS : [])];
  const input = h('input', {
    type: 'search',
    class: 'query-text plain',
    value: c.q,
    placeholder: 'app_proto:tls',
    'aria-label': t('traffic.filter'),
    'data-testid': 'traffic-filter',
  });
  return h(
    'form',
    {
      class: 'query-form',
      role: 'search',
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        go({ q: input.value.trim() || null });
      },
    },
    select(
      t('traffic.dim'),
      'traffic-dim',
      dims.map((d) => ({ value: d, label: d })),
      c.dim,
      (v) => go({ dim: v }),
    ),
    select(
      t('traffic.metric'),
      'traffic-metric',
      METRICS.map((m) => ({ value: m.value, label: t(m.key) })),
      c.metric,
      (v) => go({ metric: v === TRAFFIC_DEFAULTS.metric ? null : v }),
    ),
    select(
      t('traffic.top'),
      'traffic-top',
      TOPS.map((n) => ({ value: String(n), label: String(n) })),
      String(c.top),
      (v) => go({ top: v }),
    ),
    select(
      t('traffic.bucket'),
      'traffic-bucket',
      BUCKETS.map((b) => ({ value: b.value, label: t(b.key) })),
      c.bucket,
      (v) => go({ bucket: v === 'auto' ? null : v }),
    ),
    h('div', { class: 'query-field' }, input),
    h('button', { class: 'btn primary', type: 'submit' }, t('traffic.apply')),
  );
}

function summaryText(r: TrafficResult): string {
  const bucket = t(r.bucket === '1d' ? 'traffic.bucketDay' : 'traffic.bucketHour');
  const shown = r.series.filter((s) => !s.other).length;
  return t('traffic.summary', {
    shown: fmtInt(shown),
    total: fmtInt(r.total_values),
    dim: r.dim,
    bucket,
    tz: r.tz,
  });
}

function table(r: TrafficResult, open: (i: number) => void): HTMLElement {
  const rows = r.series.map((s, i) => ({ s, i }));
  return dataTable({
    testId: 'traffic-table',
    rows,
    onRow: (row) => open(row.i),
    rowLabel: (row) => t('traffic.open', { value: seriesName(row.s) }),
    columns: [
      {
        key: 'value',
        label: r.dim,
        render: ({ s, i }) => {
          const name = seriesName(s);
          const text = s.other
            ? `${name} (${t('traffic.otherValues', { n: fmtInt(s.values_count) })})`
            : name;
          return h(
            'span',
            { class: 'series-cell', 'data-value': s.other ? '' : String(s.value ?? '') },
            h('span', { class: 'swatch', style: `background:${seriesColor(s, i)}`, 'aria-hidden': 'true' }),
            text,
          );
        },
      },
      {
        key: 'total',
        label: t('traffic.total'),
        align: 'right',
        render: ({ s }) => h('span', { 'data-raw': String(s.total) }, fmtTotal(r, s.total)),
      },
      {
        key: 'share',
        label: t('traffic.share'),
        align: 'right',
        render: ({ s }) => (s.share === null ? '' : fmtPct(s.share)),
      },
      {
        key: 'max',
        label: t('traffic.maxRate'),
        align: 'right',
        render: ({ s }) => h('span', { 'data-raw': String(s.max_rate ?? '') }, fmtRate(r, s.max_rate)),
      },
    ],
  });
}

export function mount(root: HTMLElement, url: URL): PageInstance {
  let ctrl = new AbortController();
  let chart: Chart | null = null;
  const toolbar = h('div', { class: 'toolbar' });
  const err = h('div', { class: 'query-error', role: 'alert', 'data-testid': 'traffic-error' });
  const body = h('section', { class: 'panel wide', 'data-testid': 'traffic' }, skeletonRows(8));
  root.append(h('h1', { class: 'page-title' }, t('traffic.title')), toolbar, err, body);

  const show = async (r: TrafficResult, c: TrafficChoice, sig: AbortSignal) => {
    const open = (i: number) => {
      const s = r.series[i];
      const to = s ? drillHref(r, s, c.q) : null;
      if (to) navigate(to);
    };
    const summary = h('span', { class: 'muted', 'data-testid': 'traffic-summary' }, summaryText(r));
    const note = r.note ? h('p', { class: 'hint' }, r.note) : null;
    if (r.series.length === 0) {
      body.replaceChildren(h('header', { class: 'panel-toolbar' }, summary), emptyState(t('traffic.empty')));
      body.dataset.ready = 'true';
      return;
    }
    const chartEl = h('div', { class: 'chart', style: 'height:360px', 'data-testid': 'chart-traffic' });
    body.replaceChildren(
      h('header', { class: 'panel-toolbar' }, summary),
      ...(note ? [note] : []),
      chartEl,
      h('div', { class: 'table-wrap' }, table(r, open)),
    );
    chart?.dispose();
    chart = createChart(chartEl);
    chart.chart.on('click', (p) => open(p.seriesIndex ?? -1));
    chartKeys(chart, chartEl, {
      label: t('traffic.title'),
      count: r.buckets.length,
      series: r.series.length,
      categories: 'x',
      describe: (i, si) => {
        const s = r.series[si];
        const b = r.buckets[i];
        if (!s || !b) return '';
        const v = chartValues(r, s)[i] ?? 0;
        return `${bucketLabel(r, b.start)} · ${seriesName(s)}: ${r.rate ? fmtRate(r, v) : fmtTotal(r, v)}`;
      },
      pick: (_i, si) => open(si),
    });
    await chart.render(trafficOption(r));
    if (sig.aborted) return;
    announce(`${t('traffic.title')}: ${summaryText(r)}`);
    body.dataset.ready = 'true';
  };

  const load = (u: URL) => {
    ctrl.abort();
    ctrl = new AbortController();
    const sig = ctrl.signal;
    const c = trafficChoice(u);
    toolbar.replaceChildren(controls(c));
    err.textContent = '';
    body.removeAttribute('data-ready');
    body.replaceChildren(skeletonRows(8));
    fetchTraffic(u, c, sig)
      .then((r) => (sig.aborted ? undefined : show(r, c, sig)))
      .catch((e) => {
        if (sig.aborted) return;
        if (e instanceof ApiError && e.status === 400) {
          err.textContent = e.body.message;
          body.replaceChildren();
        } else body.replaceChildren(errorState(e));
        body.dataset.ready = 'true';
      });
  };
  load(url);
  return {
    update: load,
    destroy: () => {
      ctrl.abort();
      chart?.dispose();
    },
  };
}
