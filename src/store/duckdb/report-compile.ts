/**
 * A report query as DuckDB SQL. Rankings group by their keys and keep the top N; timelines
 * pre-aggregate by UTC quarter hour (plain arithmetic) and only then map each quarter to its local
 * hour, day or hour of day, so the time-zone work is done per bucket, not per row.
 */
import type { ParamType } from '../../query/index.ts';
import {
  type ReportQuery,
  type ReportSeries,
  type ReportTimeDim,
  seriesParams,
  TOTAL_ROWS_COLUMN,
} from '../report-query.ts';
import { duckdbDialect } from './dialect.ts';
import { duckdbReportSql as sql } from './report-sql.ts';

export interface CompiledReport {
  sql: string;
  params: unknown[];
}

const q = sql.quoteIdent;

function bucketExpr(dim: ReportTimeDim, instant: string, tz: string): string {
  switch (dim) {
    case 'hour':
      return sql.localHourStart(instant, tz);
    case 'day':
      return sql.localDate(instant, tz);
    case 'hour-of-day':
      return sql.localHourOfDay(instant, tz);
  }
}

function limitOf(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`a report's limit must be a whole number >= 1, got ${n}`);
  return n;
}

/** The WHERE clause: the query's conditions, then its hours of day, its time range and, for timelines, a time. */
function whereClause(query: ReportQuery): { where: string; params: unknown[] } {
  const conds = [...query.where.sql];
  const params = [...query.where.params];
  const bind = (value: number, type: ParamType) => {
    params.push(duckdbDialect.bind(value, type));
    return duckdbDialect.placeholder(params.length, type);
  };
  const { time, range } = query;
  for (const h of query.hoursOfDay) conds.push(`${sql.localHourOfDay(time, query.tz)} = ${bind(h, 'int')}`);
  if (range.loUs !== null) conds.push(`${time} >= ${bind(range.loUs, 'timestamp')}`);
  if (range.hiUs !== null) conds.push(`${time} < ${bind(range.hiUs, 'timestamp')}`);
  if (query.shape.type === 'timeline') conds.push(`${time} IS NOT NULL`);
  return { where: conds.length > 0 ? `WHERE ${conds.map((s) => `(${s})`).join(' AND ')}` : '', params };
}

function timeline(query: ReportQuery, dim: ReportTimeDim, where: string): string {
  const { table, time, tz, values } = query;
  const combined = values.map((v, i) => sql.combine(v.agg, `v${i}`));
  if (combined.every((c) => c !== null)) {
    const inner = values.map((v, i) => `${sql.aggregate(v.agg)} AS v${i}`).join(', ');
    const outer = values.map((v, i) => `${combined[i]} AS ${q(v.name)}`).join(', ');
    return (
      `SELECT ${bucketExpr(dim, 'qh', tz)} AS bucket, ${outer} FROM (` +
      `SELECT ${sql.quarterHour(time)} AS qh, ${inner} FROM ${table} ${where} GROUP BY 1` +
      ') t GROUP BY 1 ORDER BY 1'
    );
  }
  // A value that cannot be combined from partial aggregates (distinct counts): bucket every row.
  const aggs = values.map((v) => `${sql.aggregate(v.agg)} AS ${q(v.name)}`).join(', ');
  return `SELECT ${bucketExpr(dim, time, tz)} AS bucket, ${aggs} FROM ${table} ${where} GROUP BY 1 ORDER BY 1`;
}

/**
 * Whether a row's key is one of the series' top values, binding them (in text order: DuckDB's
 * placeholders are positional); FALSE when there are none.
 */
function inTopSql(series: ReportSeries, params: unknown[]): string {
  const { params: top, withNull } = seriesParams(series);
  const expr = `(${series.key.expr})`;
  const tests: string[] = [];
  if (top.length > 0) {
    const marks = top.map((p) => {
      params.push(duckdbDialect.bind(p.value, p.type));
      return duckdbDialect.placeholder(params.length, p.type);
    });
    tests.push(`${expr} IN (${marks.join(', ')})`);
  }
  if (withNull) tests.push(`${expr} IS NULL`);
  return tests.length > 0 ? tests.map((t) => `(${t})`).join(' OR ') : 'FALSE';
}

/**
 * A timeline split by a key's top values: rows grouped by bucket, the key when it is a top value
 * (`sk`, null otherwise) and whether it is not (`so`). The split is written before the WHERE clause,
 * so its parameters come before the conditions'.
 */
function seriesTimeline(
  query: ReportQuery,
  dim: ReportTimeDim,
  series: ReportSeries,
  where: string,
  whereParams: unknown[],
): CompiledReport {
  const { table, time, tz, values } = query;
  const params: unknown[] = [];
  const expr = `(${series.key.expr})`;
  const split = () =>
    `CASE WHEN ${inTopSql(series, params)} THEN ${expr} END AS sk, ` +
    `CASE WHEN ${inTopSql(series, params)} THEN FALSE ELSE TRUE END AS so`;
  const name = q(series.key.name);
  const combined = values.map((v, i) => sql.combine(v.agg, `v${i}`));
  if (combined.every((c) => c !== null)) {
    const inner = values.map((v, i) => `${sql.aggregate(v.agg)} AS v${i}`).join(', ');
    const outer = values.map((v, i) => `${combined[i]} AS ${q(v.name)}`).join(', ');
    const text =
      `SELECT ${bucketExpr(dim, 'qh', tz)} AS bucket, sk AS ${name}, so AS other, ${outer} FROM (` +
      `SELECT ${sql.quarterHour(time)} AS qh, ${split()}, ${inner} FROM ${table} ${where} GROUP BY 1, 2, 3` +
      ') t GROUP BY 1, 2, 3 ORDER BY 1, 3, 2';
    return { sql: text, params: [...params, ...whereParams] };
  }
  // A value that cannot be combined from partial aggregates (distinct counts): bucket every row.
  const aggs = values.map((v) => `${sql.aggregate(v.agg)} AS ${q(v.name)}`).join(', ');
  const text =
    `SELECT bucket, sk AS ${name}, so AS other, ${values.map((v) => q(v.name)).join(', ')} FROM (` +
    `SELECT ${bucketExpr(dim, time, tz)} AS bucket, ${split()}, ${aggs} FROM ${table} ${where} GROUP BY 1, 2, 3` +
    ') t ORDER BY 1, 3, 2';
  return { sql: text, params: [...params, ...whereParams] };
}

/** The SQL of a report query and its parameters. */
export function compileReportQuery(query: ReportQuery): CompiledReport {
  const { where, params } = whereClause(query);
  const { shape, table } = query;
  switch (shape.type) {
    case 'list': {
      const cols = shape.columns.map(q).join(', ');
      const order = shape.orderBy.map((o) => `${o.expr}${o.desc ? ' DESC' : ''}`).join(', ');
      return {
        sql: `SELECT ${cols} FROM ${table} ${where} ORDER BY ${order} LIMIT ${limitOf(shape.limit)}`,
        params,
      };
    }
    case 'timeline':
      if (shape.series) return seriesTimeline(query, shape.dim, shape.series, where, params);
      return { sql: timeline(query, shape.dim, where), params };
    case 'rank': {
      const keySql = shape.keys.map((k) => `${k.expr} AS ${q(k.name)}`).join(', ');
      const aggs = query.values.map((v) => `${sql.aggregate(v.agg)} AS ${q(v.name)}`).join(', ');
      const groupBy = shape.keys.map((_k, i) => i + 1).join(', ');
      const order = [`${q(shape.rankBy)} DESC`, ...shape.keys.map((k) => `${q(k.name)} ASC NULLS LAST`)].join(
        ', ',
      );
      // The ranking's size over the same groups, before the limit (a window runs after GROUP BY).
      const total = shape.withTotal ? `, count(*) OVER () AS ${q(TOTAL_ROWS_COLUMN)}` : '';
      return {
        sql: `SELECT ${keySql}, ${aggs}${total} FROM ${table} ${where} GROUP BY ${groupBy} ORDER BY ${order} LIMIT ${limitOf(shape.limit)}`,
        params,
      };
    }
  }
}

/** The SQL counting the rows a ranking or listing holds without its limit; null for a timeline. */
export function compileReportCount(query: ReportQuery): CompiledReport | null {
  const { where, params } = whereClause(query);
  const { shape, table } = query;
  if (shape.type === 'timeline') return null;
  if (shape.type === 'list') return { sql: `SELECT count(*) AS n FROM ${table} ${where}`, params };
  const groupBy = shape.keys.map((k) => k.expr).join(', ');
  return {
    sql: `SELECT count(*) AS n FROM (SELECT 1 AS one FROM ${table} ${where} GROUP BY ${groupBy}) AS g`,
    params,
  };
}
