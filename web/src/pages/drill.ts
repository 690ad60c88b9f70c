/**
 * A drill-down: a report with the clicked cells as `drill` steps and `by` as the next dimension.
 * Aggregate levels list groups (a row drills further); the last level lists sessions or records.
 */
import { type DrillStep, drillParam, fetchReport, num, parseDrill } from '../api/reports.ts';
import type { EventRow, ReportAnswer, ReportColumn, Session } from '../api/types.ts';
import { displayZone, href, rangeParams, withParams } from '../app/context.ts';
import { navigate, type PageInstance } from '../app/router.ts';
import { announce } from '../components/announcer.ts';
import { inlineBar } from '../components/badges.ts';
import { breadcrumbs, type Crumb } from '../components/breadcrumbs.ts';
import { exportMenu } from '../components/export-menu.ts';
import { DEFAULT_COLUMNS, recordsTable } from '../components/records-table.ts';
import { sessionsTable } from '../components/sessions-table.ts';
import { emptyState, errorState, skeletonRows } from '../components/states.ts';
import { type Column, cellText, dataTable } from '../components/table.ts';
import { h } from '../dom.ts';
import { fmtBytes, fmtHour, fmtInt, isIdentifier } from '../format.ts';
import { reportFieldLabel } from '../i18n/field-names.ts';

/** The most rows the API gives for one level. */
const MAX_TOP = 10_000;

import { t, tn } from '../i18n/index.ts';
import { REPORT_TITLES } from '../i18n/report-titles.ts';

const TITLES = REPORT_TITLES;

function stepLabel(s: DrillStep): string {
  if (s.field === 'bucket') return fmtHour(s.value);
  if (s.field === 'alert_action' && (s.value === 'blocked' || s.value === 'allowed'))
    return t(s.value === 'blocked' ? 'series.blocked' : 'series.allowed');
  return `${reportFieldLabel(s.field)} = ${s.value}`;
}

function crumbs(report: string, steps: DrillStep[]): Crumb[] {
  const list: Crumb[] = [
    { label: t('nav.dashboard'), href: href('/') },
    { label: TITLES[report] ? t(TITLES[report]) : report, href: href('/drill', { report }) },
  ];
  // bucket + action from one click read as one step: "01/02 09:00 · Blocked"
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const next = steps[i + 1];
    if (s.field === 'bucket' && next?.field === 'alert_action') {
      list.push({
        label: `${stepLabel(s)} · ${stepLabel(next)}`,
        href: drillHref(report, steps.slice(0, i + 2)),
      });
      i++;
    } else list.push({ label: stepLabel(s), href: drillHref(report, steps.slice(0, i + 1)) });
  }
  return list;
}

function drillHref(report: string, steps: DrillStep[], by?: string): string {
  return href('/drill', { report, drill: drillParam(steps), by });
}

/** A cell of a level's table: keys (ports, SIDs, addresses) as they are, figures grouped or in bytes. */
function valueCell(col: ReportColumn | undefined, name: string, v: unknown): string {
  if (typeof v !== 'number') return name === 'bucket' ? fmtHour(v) : cellText(v);
  if (col?.role === 'key' || isIdentifier(name)) return String(v);
  return col?.unit === 'bytes' || /bytes/.test(name) ? fmtBytes(v) : fmtInt(v);
}

/**
 * The columns that identify a row: one per dimension of `by` ("dest_port,proto" groups by two), from the
 * answer's column roles (else `by` itself).
 */
function keyColumns(r: ReportAnswer): string[] {
  const keys = (r.column_info ?? []).filter((c) => c.role === 'key').map((c) => c.name);
  return keys.length ? keys : [r.by];
}

function aggregateTable(r: ReportAnswer, report: string, steps: DrillStep[]): HTMLElement {
  const keys = keyColumns(r);
  const isKey = (c: string) => keys.includes(c);
  const measure = r.columns.includes(r.measure) ? r.measure : (r.columns.find((c) => !isKey(c)) ?? r.measure);
  const max = r.rows.reduce((m, row) => Math.max(m, num(row[measure])), 0);
  const info = new Map((r.column_info ?? []).map((c) => [c.name, c]));
  const columns: Column<Record<string, unknown>>[] = r.columns.map((c) => ({
    key: c,
    label: reportFieldLabel(c),
    ...(isKey(c) && c !== 'bucket' ? { title: c } : {}),
    align: isKey(c) ? 'left' : 'right',
    className: isKey(c) ? 'mono' : c === measure ? 'bar-cell' : undefined,
    render: (row) =>
      c === measure
        ? inlineBar(
            num(row[c]),
            max,
            valueCell(info.get(c), c, row[c]),
            c === 'blocked' ? 'blocked' : 'neutral',
          )
        : valueCell(info.get(c), c, row[c]),
  }));
  return dataTable({
    testId: 'drill-table',
    rows: r.rows,
    columns,
    rowLabel: (row) => keys.map((k) => cellText(row[k])).join(' · '),
    onRow: (row) => {
      performance.clearMarks('nfw:drill:start');
      performance.mark('nfw:drill:start');
      // a row of a two-dimension level (port and protocol) adds one step per dimension
      const next = keys.map((k) => ({ field: k, value: cellText(row[k]) }));
      navigate(drillHref(report, [...steps, ...next]));
    },
  });
}

const LEAVES = ['sessions', 'records'] as const;

/** At a grouped level: a link to the sessions or records behind the current breadcrumb. */
function leafLink(r: ReportAnswer, report: string, steps: DrillStep[]): HTMLElement | null {
  const leaf = LEAVES.find((l) => r.next_dims.includes(l));
  if (r.level !== 'aggregate' || !leaf) return null;
  return h(
    'a',
    { class: 'btn small', href: drillHref(report, steps, leaf), 'data-testid': 'drill-leaf' },
    t(leaf === 'sessions' ? 'drill.showSessions' : 'drill.showRecords'),
  );
}

function byPicker(r: ReportAnswer): HTMLElement | null {
  const dims = [...new Set([r.by, ...r.next_dims])].filter(Boolean);
  if (r.level !== 'aggregate' || dims.length < 2) return null;
  return h(
    'label',
    { class: 'picker inline' },
    h('span', { class: 'picker-label' }, t('drill.groupBy')),
    h(
      'select',
      {
        'data-testid': 'drill-by',
        value: r.by,
        onchange: (ev: Event) =>
          navigate(withParams({ by: (ev.target as HTMLSelectElement).value, top: null })),
      },
      dims.map((d) => h('option', { value: d, selected: d === r.by, title: d }, reportFieldLabel(d))),
    ),
  );
}

export function mount(root: HTMLElement, url: URL): PageInstance {
  let ctrl = new AbortController();
  const head = h('div', { class: 'page-head' });
  const body = h('section', { class: 'panel wide drill', 'data-testid': 'drill' }, skeletonRows(8));
  root.append(head, body);

  const load = async (u: URL) => {
    ctrl.abort();
    ctrl = new AbortController();
    const sig = ctrl.signal;
    const report = u.searchParams.get('report') ?? 'hourly-actions';
    const steps = parseDrill(u.searchParams.getAll('drill'));
    const trail = crumbs(report, steps);
    head.replaceChildren(
      h(
        'h1',
        { class: 'sr-only' },
        trail
          .slice(1)
          .map((c) => c.label)
          .join(' › '),
      ),
      breadcrumbs(trail),
    );
    body.removeAttribute('data-ready');
    body.replaceChildren(skeletonRows(8));
    try {
      const by = u.searchParams.get('by') ?? undefined;
      const asked = Number(u.searchParams.get('top'));
      const top = Number.isInteger(asked) && asked >= 1 && asked <= MAX_TOP ? asked : 50;
      const r = await fetchReport(report, u, { drill: drillParam(steps), by, top }, sig);
      if (sig.aborted) return;
      const title =
        r.level === 'sessions'
          ? t('drill.level.sessions')
          : r.level === 'records'
            ? t('drill.level.records')
            : r.by
                .split(',')
                .map((d) => reportFieldLabel(d))
                .join(' · ');
      const content =
        r.rows.length === 0
          ? emptyState(t('drill.empty'))
          : r.level === 'sessions'
            ? sessionsTable(r.rows as unknown as Session[])
            : r.level === 'records'
              ? recordsTable(r.rows as unknown as EventRow[], DEFAULT_COLUMNS, (row) =>
                  navigate(href('/record', { id: row.id })),
                )
              : aggregateTable(r, report, steps);
      // A level cut at its limit says so, with a way to the rest (up to the API's 10,000 rows).
      const total = r.total_rows ?? r.rows.length;
      const cut = total > r.rows.length;
      const count = cut
        ? tn('drill.shown', r.rows.length, fmtInt(r.rows.length), { total: fmtInt(total) })
        : tn('drill.rows', r.rows.length, fmtInt(r.rows.length));
      const showAll =
        cut && r.rows.length < MAX_TOP
          ? h(
              'button',
              {
                type: 'button',
                class: 'btn small',
                'data-testid': 'drill-show-all',
                onclick: () => navigate(withParams({ top: String(Math.min(total, MAX_TOP)) })),
              },
              total <= MAX_TOP
                ? t('drill.showAll', { total: fmtInt(total) })
                : t('drill.showFirst', { n: fmtInt(MAX_TOP) }),
            )
          : null;
      announce(`${title}: ${count}`);
      body.replaceChildren(
        h(
          'header',
          { class: 'panel-toolbar' },
          h('h2', null, title),
          h('span', { class: 'muted', 'data-testid': 'drill-count' }, count),
          showAll,
          h('span', { class: 'spacer' }),
          leafLink(r, report, steps),
          byPicker(r),
          exportMenu(
            'report',
            {
              report,
              drill: drillParam(steps),
              by,
              ...rangeParams(u),
              tz: displayZone(u),
              firewall: u.searchParams.get('fw'),
            },
            // The server refuses a level over its limit (a file cannot say it was cut).
            total > MAX_TOP
              ? t('export.tooMany', { total: fmtInt(total), limit: fmtInt(MAX_TOP) })
              : undefined,
          ),
        ),
        h('div', { class: 'table-wrap' }, content),
      );
      body.dataset.level = r.level;
      body.dataset.ready = 'true';
      performance.mark('nfw:drill:ready');
      if (performance.getEntriesByName('nfw:drill:start', 'mark').length > 0) {
        performance.measure('nfw:drill', 'nfw:drill:start', 'nfw:drill:ready');
        performance.clearMarks('nfw:drill:start');
      }
    } catch (err) {
      if (!sig.aborted) body.replaceChildren(errorState(err));
    }
  };
  void load(url);
  return {
    update: (u) => void load(u),
    destroy: () => ctrl.abort(),
  };
}
