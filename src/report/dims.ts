/** Dimension names: report names (`dest_ip` on sessions), fields and their aliases, time dimensions. */
import { closestNames } from '../query/suggest.ts';
import { ReportError } from './errors.ts';
import { type GroupBy, type KeyDim, type SourceDef, TIME_DIMS, type TimeDim } from './types.ts';

/** Names a drill may use for a time bucket; the value's form tells hour, day or hour of day. */
export const BUCKET_NAMES = new Set<string>(['bucket', ...TIME_DIMS]);

export function isTimeDim(name: string): name is TimeDim {
  return (TIME_DIMS as readonly string[]).includes(name);
}

function knownNames(source: SourceDef): string[] {
  return [...Object.keys(source.dims), ...source.fields.byName.keys(), ...TIME_DIMS];
}

/** The key a dimension name stands for, or a ReportError with the closest names. */
export function resolveKey(source: SourceDef, rawName: string): KeyDim {
  const name = rawName.trim().toLowerCase();
  const dim = Object.hasOwn(source.dims, name) ? source.dims[name] : undefined;
  if (dim) return dim;
  const alias = Object.hasOwn(source.fields.aliases, name) ? source.fields.aliases[name] : undefined;
  const fieldName = typeof alias === 'string' ? alias : name;
  if (Array.isArray(alias)) {
    throw new ReportError('bad_value', `"${name}" stands for several fields (${alias.join(', ')}): pick one`);
  }
  const field = source.fields.byName.get(fieldName);
  if (!field) {
    const suggestions = closestNames(name, knownNames(source));
    const hint =
      suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
    throw new ReportError(
      'unknown_field',
      `unknown dimension "${rawName}" for ${source.name}${hint}`,
      suggestions,
      { code: 'report.unknown_dimension', params: { field: rawName, suggestions } },
    );
  }
  if (field.viaIds) {
    throw new ReportError(
      'bad_value',
      `"${field.name}" is a field of the joined alerts, not of the sessions: report on alerts to group by it`,
    );
  }
  if (field.kind === 'timestamp') {
    throw new ReportError('bad_value', `"${field.name}" is a time: group by ${TIME_DIMS.join(', ')} instead`);
  }
  if (field.kind === 'string[]') {
    throw new ReportError('bad_value', `"${field.name}" is a list and cannot be a report dimension`);
  }
  return { name: field.name, expr: field.sqlExpr, kind: field.kind };
}

/** `hour`, `day`, `hour-of-day`, or one or more keys separated by commas. */
export function parseGroupBy(source: SourceDef, by: string): GroupBy {
  const name = by.trim().toLowerCase();
  if (isTimeDim(name)) return { type: 'time', dim: name };
  const parts = name
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw new ReportError('bad_value', 'empty dimension');
  if (parts.some(isTimeDim)) {
    throw new ReportError('bad_value', `a time dimension cannot be combined with other keys: "${by}"`);
  }
  const keys = parts.map((p) => resolveKey(source, p));
  const exprs = new Set(keys.map((k) => k.expr));
  if (exprs.size !== keys.length) throw new ReportError('bad_value', `a key is repeated in "${by}"`);
  return { type: 'keys', keys };
}

export function groupByName(group: GroupBy): string {
  return group.type === 'time' ? group.dim : group.keys.map((k) => k.name).join(',');
}
