/** Running a report on a store: plan, read the rows, then shape them (timelines filled and formatted). */
import { type ReportQuery, takeTotalRows } from '../store/report-query.ts';
import type { Store } from '../store/store.ts';
import { type ChosenRange, chooseHourRange } from './auto-range.ts';
import { REPORTS } from './definitions.ts';
import { fillTimeline } from './fill.ts';
import { RECORD_LIST_COLUMNS, SESSION_LIST_COLUMNS } from './list-columns.ts';
import { planReport, type ReportPlan } from './plan.ts';
import { reportQuery } from './query.ts';
import { microsToIsoOrNull } from './time-text.ts';
import type { ReportColumn, ReportInfo, ReportResult, RunReportOptions } from './types.ts';

/** The built-in reports, one entry each. */
export function listReports(): ReportInfo[] {
  return REPORTS.map((r) => ({
    name: r.name,
    title: r.title,
    description: r.description,
    measure: r.measure,
    by: r.by,
    drill: [...r.drill],
  }));
}

function columnsOf(plan: ReportPlan): ReportColumn[] {
  if (plan.group === null) {
    const names = plan.source.leaf === 'sessions' ? SESSION_LIST_COLUMNS : RECORD_LIST_COLUMNS;
    return names.map((name) => {
      const bytes = /bytes/.test(name);
      return bytes ? { name, role: 'value', unit: 'bytes' } : { name, role: 'key' };
    });
  }
  const keys: ReportColumn[] =
    plan.group.type === 'time'
      ? [{ name: 'bucket', role: 'key' }]
      : plan.group.keys.map((k) => ({ name: k.name, role: 'key' }));
  const values: ReportColumn[] = plan.values.map((v) =>
    v.unit ? { name: v.name, role: 'value', unit: v.unit } : { name: v.name, role: 'value' },
  );
  return [...keys, ...values];
}

/** Plan and run one level of a report. Throws ReportError / QueryError on bad input. */
export async function runReport(store: Store, opts: RunReportOptions): Promise<ReportResult> {
  const plan = planReport(opts, store.dialect);
  const planned = reportQuery(plan);
  // A ranking counts its key tuples in the same read (one grouping, not two).
  const query: ReportQuery =
    planned.shape.type === 'rank' ? { ...planned, shape: { ...planned.shape, withTotal: true } } : planned;
  let rows = await store.runReport(query);
  const ranked = query.shape.type === 'rank' ? takeTotalRows(rows) : null;
  // Only a level cut at its limit is counted again: a shorter one is whole.
  const cut = query.shape.type !== 'timeline' && rows.length >= plan.top;
  const total =
    query.shape.type === 'timeline' ? null : cut ? (ranked ?? (await store.countReport(query))) : rows.length;
  const given = plan.range.lo !== null || plan.range.hi !== null;
  let chosen: ChosenRange = { range: plan.range, basis: given ? 'given' : 'all', note: null, rows };
  // An hourly timeline without a range covers the data's extent, or its last days when that is too long.
  if (plan.group?.type === 'time' && plan.group.dim === 'hour' && !given)
    chosen = chooseHourRange(rows, plan.tz);
  rows = chosen.rows;
  if (plan.group?.type === 'time')
    rows = fillTimeline(rows, plan.group.dim, chosen.range, plan.tz, plan.values);
  const dim = plan.group?.type === 'time' ? plan.group.dim : null;
  const columnInfo = columnsOf(plan);
  return {
    name: plan.def.name,
    title: plan.def.title,
    tz: plan.tz,
    by: plan.by,
    measure: plan.measure,
    columns: columnInfo.map((c) => c.name),
    column_info: columnInfo,
    rows,
    next_dims: plan.nextDims,
    level: plan.level,
    drill: plan.drill.map((d) => ({ field: d.field, value: d.value })),
    from: microsToIsoOrNull(chosen.range.lo),
    to: microsToIsoOrNull(chosen.range.hi),
    range_basis: chosen.basis,
    bucket: dim === 'hour' ? '1h' : dim === 'day' ? '1d' : null,
    note: chosen.note,
    total_rows: total,
  };
}
