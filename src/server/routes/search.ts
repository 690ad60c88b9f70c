/** `GET /api/search`, `/api/search/count` and `/api/search/histogram`: the query language over events. */
import type { FastifyInstance } from 'fastify';
import { EVENT_FIELDS, queryHints } from '../../query/index.ts';
import { countEvents, histogram, searchEvents } from '../../search/index.ts';
import type { RouteContext } from '../context.ts';
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
}
