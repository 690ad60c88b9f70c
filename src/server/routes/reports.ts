/**
 * `GET /api/reports` and `GET /api/reports/:name`: report definitions, and one report run with its
 * drill-down path (`drill=field=value`, repeatable) and the next dimension (`by`).
 */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../context.ts';
import { badRequest, HttpError } from '../http-error.ts';
import { intParam, param, params, type QueryString, timeParam } from '../params.ts';

/** A report run as the API receives it. */
export interface ReportRequest {
  name: string;
  from?: string;
  to?: string;
  tz?: string;
  filter?: string;
  top: number;
  drill: { field: string; value: string }[];
  by?: string;
  now: Date;
}

/** What the report engine offers the API (wired by the composition root). */
export interface ReportBackend {
  list(): Promise<unknown[]> | unknown[];
  run(store: RouteContext['store'], request: ReportRequest): Promise<unknown>;
}

export function parseDrill(values: readonly string[]): { field: string; value: string }[] {
  return values.map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0) throw badRequest(`drill must be field=value, got "${v}"`);
    return { field: v.slice(0, eq), value: v.slice(eq + 1) };
  });
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function readReportRequest(name: string, q: QueryString, now: Date): ReportRequest {
  const tz = param(q, 'tz');
  if (tz !== undefined && !validTimeZone(tz)) throw badRequest(`tz: unknown time zone "${tz}"`);
  const from = timeParam(q, 'from', now);
  const to = timeParam(q, 'to', now);
  const filter = param(q, 'filter') ?? param(q, 'q');
  const by = param(q, 'by');
  return {
    name,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(tz ? { tz } : {}),
    ...(filter ? { filter } : {}),
    top: intParam(q, 'top', { min: 1, max: 1000, fallback: 10 }),
    drill: parseDrill(params(q, 'drill')),
    ...(by ? { by } : {}),
    now,
  };
}

function backendOf(ctx: RouteContext): ReportBackend {
  if (!ctx.reports) throw new HttpError(404, 'not_found', 'reports are not available in this build');
  return ctx.reports;
}

export function registerReportRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/reports', async () => ({ reports: await backendOf(ctx).list() }));

  app.get('/api/reports/:name', async (request) => {
    const { name } = request.params as { name: string };
    const backend = backendOf(ctx);
    const req = readReportRequest(name, request.query as QueryString, ctx.now());
    return backend.run(ctx.store, req);
  });
}
