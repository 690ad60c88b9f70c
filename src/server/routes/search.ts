/** `GET /api/search`, `/api/search/count` and `/api/search/histogram`: the query language over events. */
import type { FastifyInstance } from 'fastify';
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
    const count = await countEvents(store, range(request.query as QueryString, ctx.now()));
    return { count, took_ms: Math.round(performance.now() - t0) };
  });

  app.get('/api/search/histogram', async (request, reply) => {
    const q = request.query as QueryString;
    const bucket = param(q, 'bucket');
    const store = requestStore(ctx.store, reply);
    return histogram(store, { ...range(q, ctx.now()), ...(bucket ? { bucket } : {}) });
  });
}
