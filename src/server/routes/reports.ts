/**
 * `GET /api/reports` and `GET /api/reports/:name`: the report catalogue, and one level of a report with
 * its drill-down path (`drill=field=value`, repeatable, in click order) and the next dimension (`by`).
 */
import type { FastifyInstance } from 'fastify';
import { listReports, parseDrill, type RunReportOptions, runReport } from '../../report/index.ts';
import type { RouteContext } from '../context.ts';
import { intParam, param, params, type QueryString, timeParam } from '../params.ts';
import { requestStore } from '../request-store.ts';

/** The run options a request asks for (time zone, drills and dimensions are checked by the report engine). */
export function reportOptions(name: string, q: QueryString, now: Date): RunReportOptions {
  const from = timeParam(q, 'from', now);
  const to = timeParam(q, 'to', now);
  const optional: Record<string, string | undefined> = {
    from,
    to,
    tz: param(q, 'tz'),
    filter: param(q, 'filter') ?? param(q, 'q'),
    by: param(q, 'by'),
    measure: param(q, 'measure'),
    bucket: param(q, 'bucket'),
  };
  const opts: RunReportOptions = { name, drill: params(q, 'drill').map(parseDrill), now };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(opts, { [k]: v });
  if (param(q, 'top') !== undefined) opts.top = intParam(q, 'top', { min: 1, max: 10_000, fallback: 10 });
  return opts;
}

export function registerReportRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/reports', async () => ({ reports: listReports() }));

  app.get('/api/reports/:name', async (request, reply) => {
    const { name } = request.params as { name: string };
    const opts = reportOptions(name, request.query as QueryString, ctx.now());
    return runReport(requestStore(ctx.store, reply), opts);
  });
}
