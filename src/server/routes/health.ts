/**
 * `GET /api/health`: is the store answering, and how far behind are the collectors. Public (a
 * container's health check carries no token), so it says no more than that: no names, no data.
 * 200 while the store answers; 503 when it does not.
 */
import type { FastifyInstance } from 'fastify';
import { PUBLIC_ROUTE } from '../auth.ts';
import type { RouteContext } from '../context.ts';

interface LagRow {
  lag_seconds?: unknown;
}

export interface HealthBody {
  status: 'ok' | 'unavailable';
  store: { ok: boolean; engine: string };
  collectors: { count: number; max_lag_seconds: number | null };
}

async function collectorLags(ctx: RouteContext): Promise<(number | null)[]> {
  await ctx.store.listCheckpoints('collector'); // proves the store answers
  if (!ctx.collectorStatus) return [];
  const rows = (await ctx.collectorStatus(ctx.store)) as LagRow[];
  return rows.map((r) => (typeof r.lag_seconds === 'number' ? r.lag_seconds : null));
}

export function registerHealthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/health', { config: PUBLIC_ROUTE }, async (_request, reply) => {
    let lags: (number | null)[];
    try {
      lags = await collectorLags(ctx);
    } catch {
      const body: HealthBody = {
        status: 'unavailable',
        store: { ok: false, engine: ctx.store.engine },
        collectors: { count: 0, max_lag_seconds: null },
      };
      return reply.status(503).send(body);
    }
    const known = lags.filter((l): l is number => l !== null);
    const body: HealthBody = {
      status: 'ok',
      store: { ok: true, engine: ctx.store.engine },
      collectors: { count: lags.length, max_lag_seconds: known.length > 0 ? Math.max(...known) : null },
    };
    return body;
  });
}
