/**
 * A plan as the store's `ReportQuery`: the last level lists sessions by bytes (largest first, then
 * the latest) or records newest first; a ranking keeps the top N by its measure; a timeline buckets
 * the rows by local time. The store writes the SQL.
 */
import type { ReportQuery, ReportShape } from '../store/report-query.ts';
import { RECORD_LIST_COLUMNS, SESSION_LIST_COLUMNS } from './list-columns.ts';
import type { ReportPlan } from './plan.ts';

function shapeOf(plan: ReportPlan): ReportShape {
  if (plan.group === null) {
    return plan.source.leaf === 'sessions'
      ? {
          type: 'list',
          columns: SESSION_LIST_COLUMNS,
          orderBy: [
            { expr: 'total_bytes', desc: true },
            { expr: plan.source.timeExpr, desc: true },
          ],
          limit: plan.top,
        }
      : {
          type: 'list',
          columns: RECORD_LIST_COLUMNS,
          orderBy: [
            { expr: plan.source.timeExpr, desc: true },
            { expr: 'id', desc: true },
          ],
          limit: plan.top,
        };
  }
  if (plan.group.type === 'time') return { type: 'timeline', dim: plan.group.dim };
  return { type: 'rank', keys: plan.group.keys, rankBy: plan.measure, limit: plan.top };
}

/** The store's query of a planned level. */
export function reportQuery(plan: ReportPlan): ReportQuery {
  return {
    table: plan.source.table,
    time: plan.source.timeExpr,
    shape: shapeOf(plan),
    values: plan.group === null ? [] : plan.values.map((v) => ({ name: v.name, agg: v.agg })),
    where: {
      sql: [...plan.conditions.sql],
      params: [...plan.conditions.params],
      columns: plan.conditions.columns,
    },
    hoursOfDay: [...plan.hoursOfDay],
    range: { loUs: plan.range.lo, hiUs: plan.range.hi },
    tz: plan.tz,
  };
}
