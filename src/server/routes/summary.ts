/** `GET /api/summary`: the dashboard's headline figures over a range and one firewall. */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../context.ts';
import { param, type QueryString, timeParam } from '../params.ts';
import { computeSummary } from '../summary.ts';

export function registerSummaryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/summary', async (request) => {
    const q = request.query as QueryString;
    const now = ctx.now();
    const from = timeParam(q, 'from', now);
    const to = timeParam(q, 'to', now);
    const firewallName = param(q, 'firewall_name');
    return computeSummary(ctx.store, {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(firewallName !== undefined ? { firewallName } : {}),
      now,
    });
  });
}
