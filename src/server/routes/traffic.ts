/**
 * `GET /api/traffic`: traffic over time for one dimension, the top N values and "Other" per local
 * time bucket, with totals and rates per second (see API.md). Every parameter is checked here and a
 * bad one is a 400 naming it.
 */
import type { FastifyInstance } from 'fastify';
import {
  MAX_SERIES,
  ReportError,
  runTraffic,
  TRAFFIC_METRICS,
  type TrafficOptions,
  validateTimeZone,
} from '../../report/index.ts';
import type { RouteContext } from '../context.ts';
import { badRequest } from '../http-error.ts';
import { intParam, oneOf, param, type QueryString, timeParam } from '../params.ts';
import { requestStore } from '../request-store.ts';

const BUCKETS = ['auto', '1h', '1d'] as const;
/** Longest firewall or availability zone name accepted. */
const MAX_NAME = 256;

function nameParam(q: QueryString, name: string): string | undefined {
  const s = param(q, name);
  if (s !== undefined && s.length > MAX_NAME)
    throw badRequest(`${name} must be at most ${MAX_NAME} characters`);
  return s;
}

/** The options a request asks for; the dimension and the filter are checked by the report engine. */
export function trafficOptions(q: QueryString, now: Date): TrafficOptions {
  const dim = param(q, 'dim');
  if (dim === undefined)
    throw badRequest('dim is required: a dimension such as dest_ip, app_proto or firewall_name');
  const tz = param(q, 'tz');
  if (tz !== undefined) {
    try {
      validateTimeZone(tz);
    } catch (err) {
      if (err instanceof ReportError) throw badRequest(`tz: ${err.message}`);
      throw err;
    }
  }
  const opts: TrafficOptions = {
    dim,
    metric: oneOf(q, 'metric', TRAFFIC_METRICS, 'bytes'),
    top: intParam(q, 'top', { min: 1, max: MAX_SERIES, fallback: 10 }),
    bucket: oneOf(q, 'bucket', BUCKETS, 'auto'),
    now,
  };
  const optional: Record<string, string | undefined> = {
    from: timeParam(q, 'from', now),
    to: timeParam(q, 'to', now),
    tz,
    filter: param(q, 'q') ?? param(q, 'filter'),
    firewall: nameParam(q, 'firewall'),
    zone: nameParam(q, 'zone'),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(opts, { [k]: v });
  return opts;
}

export function registerTrafficRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/traffic', async (request, reply) => {
    const opts = trafficOptions(request.query as QueryString, ctx.now());
    try {
      return await runTraffic(requestStore(ctx.store, reply), opts);
    } catch (err) {
      // The dimension is the one parameter the engine checks with its own words: name it.
      if (err instanceof ReportError && /dimension|stands for several|is a time|is a list/.test(err.message))
        throw new ReportError(err.code, `dim: ${err.message}`, err.suggestions);
      throw err;
    }
  });
}
