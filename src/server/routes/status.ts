/** `GET /api/status` and `GET /api/rejected`. */
import type { FastifyInstance } from 'fastify';
import { sessionStats } from '../../sessions/index.ts';
import type { RouteContext } from '../context.ts';
import { intParam, param, type QueryString } from '../params.ts';

export function registerStatusRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/status', async () => {
    const status = await ctx.store.status();
    const s = await sessionStats(ctx.store);
    const collectors = ctx.collectorStatus ? await ctx.collectorStatus(ctx.store) : [];
    return {
      ...status,
      sessions: {
        sessions: s.sessions,
        paired: s.sessions_paired,
        paired_share: s.sessions_paired_share,
        waiting: s.sessions_lone_halves,
        behind_events: s.sessions_behind_events,
      },
      ...(collectors.length > 0 ? { collectors } : {}),
    };
  });

  app.get('/api/rejected', async (request) => {
    const q = request.query as QueryString;
    const limit = intParam(q, 'limit', { min: 1, max: 10_000, fallback: 1000 });
    const offset = intParam(q, 'offset', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
    const reason = param(q, 'reason');
    const rows = await ctx.store.listRejected({ limit, offset, ...(reason ? { reason } : {}) });
    return {
      rows: rows.map((r) => ({
        id: r.id,
        origin: r.origin,
        line: r.line,
        reason: r.reason,
        path: r.path,
        message: r.message,
        raw: r.raw,
        rejected_at: r.rejected_at,
      })),
    };
  });
}
