/**
 * A plan as SQL, through the engine's ReportSql. Rankings group by their keys and keep the top N;
 * timelines pre-aggregate by UTC quarter hour (plain arithmetic) and only then map each quarter to
 * its local hour, day or hour of day, so the time-zone work is done per bucket, not per row.
 */
import { SESSION_COLUMNS } from '../sessions/types.ts';
import type { ReportPlan } from './plan.ts';
import type { ReportSql, TimeDim } from './types.ts';

export interface CompiledReport {
  sql: string;
  params: unknown[];
}

/** Session columns the report leaves out of its last level (kind, TCP flags and bookkeeping). */
const NOT_LISTED = new Set([
  'kind',
  'tcp_flags_to_server',
  'tcp_flags_to_client',
  'ts',
  'last_ts',
  'records',
]);

/** Columns listed at the last level: the session columns in their display order, less the above. */
export const SESSION_LIST_COLUMNS: readonly string[] = SESSION_COLUMNS.filter((c) => !NOT_LISTED.has(c));

export const RECORD_LIST_COLUMNS = [
  'id',
  'ts',
  'log_type',
  'firewall_name',
  'availability_zone',
  'flow_id',
  'src_ip',
  'src_port',
  'dest_ip',
  'dest_port',
  'proto',
  'app_proto',
  'alert_action',
  'alert_signature_id',
  'alert_signature',
  'tls_sni',
  'http_hostname',
  'netflow_pkts',
  'netflow_bytes',
] as const;

function bucketExpr(sql: ReportSql, dim: TimeDim, instant: string, tz: string): string {
  switch (dim) {
    case 'hour':
      return sql.localHourStart(instant, tz);
    case 'day':
      return sql.localDate(instant, tz);
    case 'hour-of-day':
      return sql.localHourOfDay(instant, tz);
  }
}

function listing(plan: ReportPlan, sql: ReportSql): string {
  const q = sql.quoteIdent;
  const where = plan.conditions.where();
  if (plan.source.leaf === 'sessions') {
    const cols = SESSION_LIST_COLUMNS.map(q).join(', ');
    return `SELECT ${cols} FROM ${plan.source.table} ${where} ORDER BY total_bytes DESC, "start" DESC LIMIT ${plan.top}`;
  }
  const cols = RECORD_LIST_COLUMNS.map(q).join(', ');
  return `SELECT ${cols} FROM ${plan.source.table} ${where} ORDER BY ts DESC, id DESC LIMIT ${plan.top}`;
}

function timeline(plan: ReportPlan, sql: ReportSql, dim: TimeDim): string {
  const q = sql.quoteIdent;
  const { source, tz } = plan;
  const where = plan.conditions.where();
  const combined = plan.values.map((v, i) => sql.combine(v.agg, `v${i}`));
  if (combined.every((c) => c !== null)) {
    const inner = plan.values.map((v, i) => `${sql.aggregate(v.agg)} AS v${i}`).join(', ');
    const outer = plan.values.map((v, i) => `${combined[i]} AS ${q(v.name)}`).join(', ');
    return (
      `SELECT ${bucketExpr(sql, dim, 'qh', tz)} AS bucket, ${outer} FROM (` +
      `SELECT ${sql.quarterHour(source.timeExpr)} AS qh, ${inner} FROM ${source.table} ${where} GROUP BY 1` +
      ') t GROUP BY 1 ORDER BY 1'
    );
  }
  // A value that cannot be combined from partial aggregates (distinct counts): bucket every row.
  const aggs = plan.values.map((v) => `${sql.aggregate(v.agg)} AS ${q(v.name)}`).join(', ');
  return `SELECT ${bucketExpr(sql, dim, source.timeExpr, tz)} AS bucket, ${aggs} FROM ${source.table} ${where} GROUP BY 1 ORDER BY 1`;
}

function ranking(plan: ReportPlan, sql: ReportSql): string {
  const q = sql.quoteIdent;
  const keys = plan.group?.type === 'keys' ? plan.group.keys : [];
  const keySql = keys.map((k) => `${k.expr} AS ${q(k.name)}`).join(', ');
  const aggs = plan.values.map((v) => `${sql.aggregate(v.agg)} AS ${q(v.name)}`).join(', ');
  const groupBy = keys.map((_k, i) => i + 1).join(', ');
  const order = [`${q(plan.measure)} DESC`, ...keys.map((k) => `${q(k.name)} ASC NULLS LAST`)].join(', ');
  return `SELECT ${keySql}, ${aggs} FROM ${plan.source.table} ${plan.conditions.where()} GROUP BY ${groupBy} ORDER BY ${order} LIMIT ${plan.top}`;
}

/** The SQL of a planned level and its parameters. */
export function compileReport(plan: ReportPlan, sql: ReportSql): CompiledReport {
  const params = [...plan.conditions.params];
  if (plan.group === null) return { sql: listing(plan, sql), params };
  if (plan.group.type === 'time') return { sql: timeline(plan, sql, plan.group.dim), params };
  return { sql: ranking(plan, sql), params };
}
