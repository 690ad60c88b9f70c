/**
 * Planning a run: which report and source, the level (a ranking, a timeline, or the last level's
 * listing), its dimension and values, and the conditions (filter, time range, drills) with parameters.
 */
import { compileFilter, type Dialect, parseTimeMicros } from '../query/index.ts';
import { Conditions } from './conditions.ts';
import { REPORTS, reportByName } from './definitions.ts';
import { groupByName, parseGroupBy } from './dims.ts';
import { applyDrill, type DrillEffect, drillEffect, intersect, type TimeRange } from './drill.ts';
import { ReportError } from './errors.ts';
import { GENERIC_MEASURES, SOURCES, sourceOfMeasure } from './sources.ts';
import { localTimeZone, validateTimeZone } from './time-zone.ts';
import type {
  DrillSpec,
  GroupBy,
  Level,
  ReportDef,
  RunReportOptions,
  SourceDef,
  ValueColumn,
} from './types.ts';

export const DEFAULT_TOP = 10;
export const DEFAULT_LIST_TOP = 100;
export const MAX_TOP = 10_000;
/** The name of the generic form (a measure by a dimension). */
export const GENERIC_NAME = 'custom';

export interface ReportPlan {
  def: ReportDef;
  source: SourceDef;
  level: Level;
  /** Null at the listing level. */
  group: GroupBy | null;
  by: string;
  values: ValueColumn[];
  measure: string;
  tz: string;
  top: number;
  range: TimeRange;
  /** The filter, the report's base condition and the key drills (time conditions are the store's). */
  conditions: Conditions;
  /** Local hours of the day (in `tz`) the rows must fall in: hour-of-day drills. */
  hoursOfDay: number[];
  drill: DrillSpec[];
  nextDims: string[];
}

function genericDef(measure: string | undefined): ReportDef {
  if (!measure) {
    throw new ReportError(
      'bad_request',
      `name a report (${REPORTS.map((r) => r.name).join(', ')}) or a measure (${GENERIC_MEASURES.join(', ')})`,
    );
  }
  const source = sourceOfMeasure(measure);
  if (!source) {
    throw new ReportError(
      'bad_value',
      `unknown measure "${measure}": use one of ${GENERIC_MEASURES.join(', ')}`,
    );
  }
  return {
    name: GENERIC_NAME,
    title: `${measure}`,
    description: 'A measure grouped by a dimension',
    source: source.name,
    by: source.defaultDrill[0] ?? 'hour',
    values: [measure],
    measure,
    drill: source.defaultDrill,
  };
}

function findDef(opts: RunReportOptions): ReportDef {
  // `custom` is the generic form's name in results, so a result's name always runs again.
  if (!opts.name || opts.name === GENERIC_NAME) return genericDef(opts.measure);
  const def = reportByName(opts.name);
  if (!def) {
    throw new ReportError(
      'not_found',
      `unknown report "${opts.name}": use one of ${REPORTS.map((r) => r.name).join(', ')}`,
      undefined,
      { code: 'report.not_found', params: { name: opts.name } },
    );
  }
  return def;
}

export function timeBound(text: string | undefined, now: Date, what: string): number | null {
  if (text === undefined || text.trim() === '') return null;
  const us = parseTimeMicros(text, now);
  if (us === null) {
    throw new ReportError(
      'bad_value',
      `invalid ${what} time "${text}": use ISO 8601 (2024-01-01T00:00:00Z, 2024-01-01) or a relative time (now, -24h, -7d)`,
      undefined,
      { code: 'param.time', params: { param: what, value: text } },
    );
  }
  return us;
}

function valueColumn(source: SourceDef, name: string): ValueColumn {
  const v = Object.hasOwn(source.measures, name) ? source.measures[name] : undefined;
  if (!v) {
    throw new ReportError(
      'bad_value',
      `unknown measure "${name}" for ${source.name}: use one of ${Object.keys(source.measures).join(', ')}`,
    );
  }
  return v;
}

function checkTop(top: number | undefined, level: Level): number {
  if (top === undefined) return level === 'aggregate' ? DEFAULT_TOP : DEFAULT_LIST_TOP;
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
    throw new ReportError('bad_value', `top must be an integer from 1 to ${MAX_TOP}, got ${top}`, undefined, {
      code: 'param.out_of_range',
      params: { param: 'top', min: 1, max: MAX_TOP },
    });
  }
  return top;
}

/** The drill identity of a key (its SQL), or `time`, so `dest_ip` and `server_ip` count as one. */
function identity(e: DrillEffect): string {
  return e.type === 'key' ? e.key.expr : 'time';
}

/** The identity of a dimension name, comparable with `identity` of a drill. */
function dimIdentity(source: SourceDef, name: string): string {
  const g = parseGroupBy(source, name);
  return g.type === 'time' ? 'time' : g.keys.map((k) => k.expr).join(',');
}

/** The time dimension `bucket` asks for (`1h` hour, `1d` day), or undefined without one. */
function bucketDim(opts: RunReportOptions): string | undefined {
  if (opts.bucket === undefined || opts.bucket.trim() === '') return undefined;
  const buckets: Record<string, string> = { '1h': 'hour', '1d': 'day' };
  const dim = Object.hasOwn(buckets, opts.bucket.trim()) ? buckets[opts.bucket.trim()] : undefined;
  if (dim === undefined) throw new ReportError('bad_value', `bucket must be 1h or 1d, not "${opts.bucket}"`);
  const by = opts.by?.trim();
  if (by && by !== dim) {
    throw new ReportError(
      'bad_value',
      `bucket ${opts.bucket} is a timeline by ${dim}: it cannot go with by ${by}`,
    );
  }
  return dim;
}

/** Resolve the options of a run into a plan. Throws ReportError / QueryError for bad input. */
export function planReport(opts: RunReportOptions, dialect: Dialect): ReportPlan {
  const def = findDef(opts);
  const source = SOURCES[def.source];
  const now = opts.now ?? new Date();
  const tz = validateTimeZone(opts.tz ?? localTimeZone());
  const userDrills = [...(opts.drill ?? [])];
  const userEffects = userDrills.map((d) => drillEffect(source, d, tz));
  const used = new Set(userEffects.map(identity));
  const drills = [...userDrills];
  const effects = [...userEffects];
  if (userDrills.length > 0) {
    for (const d of def.drillDefaults ?? []) {
      const e = drillEffect(source, d, tz);
      if (used.has(identity(e))) continue;
      drills.push(d);
      effects.push(e);
    }
  }

  // The level and its dimension.
  const drilled = userDrills.length > 0;
  const drillDims = def.drill.filter((name) => !used.has(dimIdentity(source, name)));
  let byText = bucketDim(opts) ?? (opts.by?.trim() || (drilled ? drillDims[0] : def.by));
  let group: GroupBy | null = null;
  let level: Level = 'aggregate';
  if (byText === undefined || byText === source.leaf) {
    level = source.leaf;
    byText = source.leaf;
  } else if (byText === 'sessions' || byText === 'records') {
    throw new ReportError('bad_value', `${def.name} lists ${source.leaf}, not ${byText}`);
  } else {
    group = parseGroupBy(source, byText);
    byText = groupByName(group);
  }

  const measureName = opts.measure ?? (drilled ? (def.drillMeasure ?? def.measure) : def.measure);
  const valueNames = [...(drilled ? (def.drillValues ?? def.values) : def.values)];
  if (!valueNames.includes(measureName)) valueNames.push(measureName);
  const values = valueNames.map((n) => valueColumn(source, n));

  // Conditions: the filter first (its placeholders are numbered from 1), then the rest.
  const conditions = new Conditions(dialect);
  if (opts.filter && opts.filter.trim() !== '') {
    const q = compileFilter(opts.filter, source.fields, dialect, { now });
    conditions.addCompiled(q.sql, q.params, q.columns);
  }
  if (def.where) conditions.addSql(def.where);
  let range: TimeRange = { lo: timeBound(opts.from, now, 'from'), hi: timeBound(opts.to, now, 'to') };
  if (range.lo !== null && range.hi !== null && range.lo > range.hi) {
    throw new ReportError(
      'bad_value',
      `the range ends before it starts (from ${opts.from} to ${opts.to})`,
      undefined,
      { code: 'range.invalid', params: { from: opts.from ?? '', to: opts.to ?? '' } },
    );
  }
  const hoursOfDay: number[] = [];
  for (const e of effects) {
    if (e.type === 'range') range = intersect(range, e.range);
    else if (e.type === 'hour-of-day') hoursOfDay.push(e.hour);
    else applyDrill(e, conditions);
  }

  const current = new Set(group?.type === 'keys' ? group.keys.map((k) => k.expr) : []);
  const nextDims =
    level === 'aggregate'
      ? [...drillDims.filter((n) => !current.has(dimIdentity(source, n))), source.leaf]
      : [];
  return {
    def,
    source,
    level,
    group,
    by: byText,
    values,
    measure: measureName,
    tz,
    top: checkTop(opts.top, level),
    range,
    conditions,
    hoursOfDay,
    drill: drills,
    nextDims,
  };
}
