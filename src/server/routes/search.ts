/**
 * `GET /api/search`, `/api/search/count`, `/api/search/histogram` and `/api/search/values`: the query
 * language over events.
 */
import type { FastifyInstance } from 'fastify';
import { EVENT_FIELDS, queryHints } from '../../query/index.ts';
import { fieldValues, MAX_VALUES_LIMIT } from '../../search/field-values.ts';
import { countEvents, histogram, searchEvents } from '../../search/index.ts';
import type { RouteContext } from '../context.ts';
import { badRequest } from '../http-error.ts';
import { intParam, param, type QueryString, timeParam } from '../params.ts';
import { requestStore } from '../request-store.ts';

function range(q: QueryString, now: Date) {
  const from = timeParam(q, 'from', now);
  const to = timeParam(q, 'to', now);
  return {
    query: param(q, 'q') ?? '',
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    now,
  };
}

export function registerSearchRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/search', async (request, reply) => {
    const q = request.query as QueryString;
    const limit = intParam(q, 'limit', { min: 1, max: 10_000, fallback: 100 });
    const store = requestStore(ctx.store, reply);
    return searchEvents(store, { ...range(q, ctx.now()), limit, cursor: param(q, 'cursor') ?? null });
  });

  app.get('/api/search/count', async (request, reply) => {
    const t0 = performance.now();
    const store = requestStore(ctx.store, reply);
    const r = range(request.query as QueryString, ctx.now());
    const count = await countEvents(store, r);
    // A query that ran but maybe not as meant (`dest port:443`) says so beside its count.
    return { count, took_ms: Math.round(performance.now() - t0), hints: queryHints(r.query, EVENT_FIELDS) };
  });

  app.get('/api/search/histogram', async (request, reply) => {
    const q = request.query as QueryString;
    const bucket = param(q, 'bucket');
    const store = requestStore(ctx.store, reply);
    return histogram(store, { ...range(q, ctx.now()), ...(bucket ? { bucket } : {}) });
  });

  // The top values of one field over the result: the search page's field list and the query box's completion.
  app.get('/api/search/values', async (request, reply) => {
    const q = request.query as QueryString;
    const field = param(q, 'field');
    if (field === undefined) throw badRequest('field is required: the name of a filterable field');
    const limit = intParam(q, 'limit', { min: 1, max: MAX_VALUES_LIMIT, fallback: 10 });
    const prefix = param(q, 'prefix');
    const store = requestStore(ctx.store, reply);
    return fieldValues(store, { ...range(q, ctx.now()), field, limit, ...(prefix ? { prefix } : {}) });
  });
}
