/**
 * The dashboard: headline figures and the three mission reports (alerts per hour, top destinations,
 * protocols). Clicking a bar opens the drill-down with that cell as its first step.
 */
import { getJson } from '../api/client.ts';
import { fetchReport, num } from '../api/reports.ts';
import type { ReportAnswer, Summary } from '../api/types.ts';
import { href, rangeParams } from '../app/context.ts';
import { navigate, type PageInstance } from '../app/router.ts';
import { chartKeys } from '../charts/chart-keys.ts';
import {
  destinationsOption,
  hourlyOption,
  protocolsOption,
  sortedByMeasure,
} from '../charts/dashboard-options.ts';
import { type Chart, type ChartOption, createChart } from '../charts/echarts.ts';
import { errorState } from '../components/states.ts';
import { h } from '../dom.ts';
import { fmtBytes, fmtDuration, fmtHour, fmtInt, fmtPct, parseTs } from '../format.ts';
import { type MessageKey, t, tn } from '../i18n/index.ts';

interface Panel {
  el: HTMLElement;
  body: HTMLElement;
  chartEl: HTMLElement;
}

function panel(
  titleKey: MessageKey,
  hintKey: MessageKey,
  height: number,
  testId: string,
  wide = false,
): Panel {
  const chartEl = h('div', { class: 'chart', style: `height:${height}px`, 'data-testid': testId });
  const body = h('div', { class: 'panel-body loading' }, chartEl);
  const el = h(
    'section',
    { class: `panel${wide ? ' wide' : ''}`, 'aria-label': t(titleKey) },
    h('header', null, h('h2', null, t(titleKey)), h('p', { class: 'hint' }, t(hintKey))),
    body,
  );
  return { el, body, chartEl };
}

function kpi(label: string, testId: string): { el: HTMLElement; set(value: string, sub?: string): void } {
  const value = h('div', { class: 'kpi-value num skeleton-text' }, '\u00a0');
  const sub = h('div', { class: 'kpi-sub' }, '\u00a0');
  const el = h(
    'div',
    { class: 'kpi', 'data-testid': testId },
    h('div', { class: 'kpi-label' }, label),
    value,
    sub,
  );
  return {
    el,
    set(v, s) {
      value.classList.remove('skeleton-text');
      value.textContent = v;
      sub.textContent = s ?? '\u00a0';
    },
  };
}

function drillTo(report: string, steps: string[]): void {
  performance.clearMarks('nfw:drill:start');
  performance.mark('nfw:drill:start');
  navigate(href('/drill', { report, drill: steps }));
}

export function mount(root: HTMLElement, url: URL): PageInstance {
  const ctrl = new AbortController();
  const k = {
    records: kpi(t('kpi.records'), 'kpi-records'),
    sessions: kpi(t('kpi.sessions'), 'kpi-sessions'),
    paired: kpi(t('kpi.paired'), 'kpi-paired'),
    blocked: kpi(t('kpi.blocked'), 'kpi-blocked'),
    out: kpi(t('kpi.bytesOut'), 'kpi-bytes-out'),
    in: kpi(t('kpi.bytesIn'), 'kpi-bytes-in'),
    range: kpi(t('kpi.range'), 'kpi-range'),
  };
  const hourly = panel('report.hourly', 'report.hourlyHint', 280, 'chart-hourly', true);
  const dests = panel('report.destinations', 'report.destinationsHint', 340, 'chart-destinations');
  const protos = panel('report.protocols', 'report.protocolsHint', 340, 'chart-protocols');
  root.append(
    h(
      'div',
      { class: 'dashboard', 'data-testid': 'dashboard' },
      h('h1', { class: 'sr-only' }, t('dashboard.title')),
      h(
        'div',
        { class: 'kpis' },
        Object.values(k).map((x) => x.el),
      ),
      h('div', { class: 'panels' }, hourly.el, dests.el, protos.el),
    ),
  );
  const charts: Chart[] = [];
  const sig = ctrl.signal;

  const showChart = async (
    p: Panel,
    answer: Promise<ReportAnswer>,
    build: (r: ReportAnswer, width: number) => ChartOption,
  ) => {
    try {
      const r = await answer;
      if (sig.aborted) return;
      const chart = createChart(p.chartEl);
      charts.push(chart);
      const option = build(r, p.chartEl.clientWidth);
      p.body.classList.remove('loading');
      await chart.render(option);
      return { r, chart };
    } catch (err) {
      if (!sig.aborted) p.body.replaceChildren(errorState(err));
      return undefined;
    }
  };

  const hourlyP = fetchReport('hourly-actions', url, {}, sig);
  const destsP = fetchReport('top-destinations', url, { top: 10 }, sig).then((r) =>
    sortedByMeasure(r, 'total_bytes'),
  );
  // the chart shows sessions: rank (and keep the top 12) by sessions, not the report's bytes
  const protosP = fetchReport('protocols', url, { top: 12, measure: 'sessions' }, sig).then((r) =>
    sortedByMeasure(r, 'sessions'),
  );
  const started = performance.now();
  const done = Promise.all([
    showChart(hourly, hourlyP, hourlyOption).then((x) => {
      if (!x) return;
      const rows = x.r.rows;
      const action = (series: number) => (series === 1 ? 'blocked' : 'allowed');
      const pick = (i: number, series: number) => {
        const row = rows[i];
        if (row)
          drillTo('hourly-actions', [`bucket=${String(row.bucket)}`, `alert_action=${action(series)}`]);
      };
      x.chart.chart.on('click', (p) => pick(p.dataIndex, p.seriesName === t('series.blocked') ? 1 : 0));
      chartKeys(x.chart, hourly.chartEl, {
        label: t('report.hourly'),
        count: rows.length,
        series: 2,
        categories: 'x',
        describe: (i, series) =>
          `${fmtHour(rows[i]?.bucket)} · ${t(series === 1 ? 'series.blocked' : 'series.allowed')}: ${fmtInt(num(rows[i]?.[action(series)]))}`,
        pick,
      });
    }),
    showChart(dests, destsP, destinationsOption).then((x) => {
      if (!x) return;
      const rows = x.r.rows;
      const pick = (i: number) => {
        const row = rows[i];
        if (row) drillTo('top-destinations', [`dest_ip=${String(row.dest_ip)}`]);
      };
      x.chart.chart.on('click', (p) => pick(p.dataIndex));
      chartKeys(x.chart, dests.chartEl, {
        label: t('report.destinations'),
        count: rows.length,
        series: 1,
        categories: 'y',
        describe: (i) =>
          `${String(rows[i]?.dest_ip)} · ${t('series.sent')} ${fmtBytes(num(rows[i]?.bytes_to_server))}, ${t('series.received')} ${fmtBytes(num(rows[i]?.bytes_to_client))}`,
        pick,
      });
    }),
    showChart(protos, protosP, protocolsOption).then((x) => {
      if (!x) return;
      const rows = x.r.rows;
      const pick = (i: number) => {
        const row = rows[i];
        if (row) drillTo('protocols', [`app_proto=${String(row.app_proto)}`]);
      };
      x.chart.chart.on('click', (p) => pick(p.dataIndex));
      chartKeys(x.chart, protos.chartEl, {
        label: t('report.protocols'),
        count: rows.length,
        series: 1,
        categories: 'y',
        describe: (i) =>
          `${String(rows[i]?.app_proto)} · ${t('series.sessions')}: ${fmtInt(num(rows[i]?.sessions))}`,
        pick,
      });
    }),
  ]);
  void done.then(() => {
    if (sig.aborted) return;
    performance.mark('nfw:dashboard:ready');
    performance.measure('nfw:dashboard', { start: started, end: performance.now() });
    root.querySelector('.dashboard')?.setAttribute('data-ready', 'true');
  });

  void fillKpis(k, url, sig, hourlyP);
  return {
    destroy() {
      ctrl.abort();
      for (const c of charts) c.dispose();
    },
  };
}

type Kpis = Record<
  'records' | 'sessions' | 'paired' | 'blocked' | 'out' | 'in' | 'range',
  ReturnType<typeof kpi>
>;

/** The headline figures, computed whole by the server for the range and firewall of the URL. */
async function fillKpis(
  k: Kpis,
  url: URL,
  signal: AbortSignal,
  hourly: Promise<ReportAnswer>,
): Promise<void> {
  let s: Summary;
  try {
    s = await getJson<Summary>(
      '/api/summary',
      { ...rangeParams(url), firewall_name: url.searchParams.get('fw') ?? undefined },
      signal,
    );
  } catch {
    if (!signal.aborted) for (const x of Object.values(k)) x.set('–');
    return;
  }
  if (signal.aborted) return;
  k.records.set(fmtInt(s.records));
  k.sessions.set(fmtInt(s.sessions));
  k.paired.set(
    s.paired_share === null ? '–' : fmtPct(s.paired_share),
    tn('kpi.pairedOf', s.sessions, fmtInt(s.sessions), { paired: fmtInt(s.sessions_paired) }),
  );
  k.blocked.set(fmtInt(s.blocked_alerts), tn('kpi.blockedOf', s.alerts, fmtInt(s.alerts)));
  k.out.set(fmtBytes(num(s.bytes_to_server)), t('kpi.clientToServer'));
  k.in.set(fmtBytes(num(s.bytes_to_client)), t('kpi.serverToClient'));
  if (!url.searchParams.get('from')) {
    if (s.first_ts && s.last_ts) {
      const span = (Date.parse(s.last_ts) - Date.parse(s.first_ts)) / 1000;
      k.range.set(fmtDuration(span), `${fmtHour(s.first_ts)} – ${fmtHour(s.last_ts)}`);
    } else k.range.set(t('kpi.noData'));
    return;
  }
  // a chosen range as the server resolved it ("-24h" is from that instant until now)
  const r = await hourly.catch(() => null);
  if (signal.aborted) return;
  const from = parseTs(r?.from);
  const to = parseTs(r?.to) ?? new Date();
  if (!from) {
    k.range.set('–');
    return;
  }
  k.range.set(
    fmtDuration((to.getTime() - from.getTime()) / 1000),
    `${fmtHour(from.toISOString())} – ${fmtHour(to.toISOString())}`,
  );
}
