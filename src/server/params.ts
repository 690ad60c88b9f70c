/** Reading query-string parameters: one value per name, checked, with 400 answers naming the parameter. */
import { parseTimeMicros } from '../query/index.ts';
import { badRequest } from './http-error.ts';

export type QueryString = Record<string, string | string[] | undefined>;

/** The parameter's single value (the last one when repeated); undefined when absent or empty. */
export function param(q: QueryString, name: string): string | undefined {
  const v = q[name];
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return s === undefined || s === '' ? undefined : s;
}

/** Every value of a repeatable parameter (`drill=a=1&drill=b=2`). */
export function params(q: QueryString, name: string): string[] {
  const v = q[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((s) => s !== '');
}

export function intParam(
  q: QueryString,
  name: string,
  opts: { min: number; max: number; fallback: number },
): number {
  const s = param(q, name);
  if (s === undefined) return opts.fallback;
  if (!/^\d+$/.test(s)) {
    throw badRequest(`${name} must be a whole number, got "${s}"`, {
      code: 'param.integer',
      params: { param: name, value: s },
    });
  }
  const n = Number(s);
  if (n < opts.min || n > opts.max) {
    throw badRequest(`${name} must be between ${opts.min} and ${opts.max}`, {
      code: 'param.out_of_range',
      params: { param: name, min: opts.min, max: opts.max },
    });
  }
  return n;
}

/** A time parameter (ISO 8601 or relative), checked here so a bad one is a 400 naming it. */
export function timeParam(q: QueryString, name: string, now: Date): string | undefined {
  const s = param(q, name);
  if (s === undefined) return undefined;
  if (parseTimeMicros(s, now) === null) {
    throw badRequest(
      `${name}: invalid time "${s}" (use ISO 8601 such as 2024-01-01T00:00:00Z, or -24h, -7d, now)`,
      { code: 'param.time', params: { param: name, value: s } },
    );
  }
  return s;
}

export function oneOf<T extends string>(q: QueryString, name: string, allowed: readonly T[], fallback: T): T {
  const s = param(q, name);
  if (s === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(s)) {
    throw badRequest(`${name} must be one of ${allowed.join(', ')}`, {
      code: 'param.choice',
      params: { param: name, value: s, allowed: [...allowed] },
    });
  }
  return s as T;
}
