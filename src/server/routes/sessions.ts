/** `GET /api/sessions` and `GET /api/flows`: paired conversations, and one flow's whole story. */
import type { FastifyInstance } from 'fastify';
import {
  type JoinAlert,
  joinedSessions,
  listSessions,
  listSessionsPage,
  SESSION_SORTS,
  SessionCursorError,
} from '../../sessions/index.ts';
import type { RouteContext } from '../context.ts';
import { badRequest } from '../http-error.ts';
import { intParam, oneOf, param, type QueryString, timeParam } from '../params.ts';
import { requestStore } from '../request-store.ts';

/** A query-language string literal. */
function quoted(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

export function registerSessionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/sessions', async (request, reply) => {
    const q = request.query as QueryString;
    const now = ctx.now();
    const from = timeParam(q, 'from', now);
    const to = timeParam(q, 'to', now);
    const filter = param(q, 'filter') ?? param(q, 'q');
    const cursor = param(q, 'cursor');
    try {
      return await listSessionsPage(requestStore(ctx.store, reply), {
        ...(filter ? { filter } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        sort: oneOf(q, 'sort', SESSION_SORTS, 'start'),
        limit: intParam(q, 'limit', { min: 1, max: 10_000, fallback: 100 }),
        now,
        ...(cursor ? { cursor } : {}),
      });
    } catch (err) {
      if (err instanceof SessionCursorError) {
        throw badRequest(err.message, { code: 'param.cursor', params: { param: 'cursor' } });
      }
      throw err;
    }
  });

  app.get('/api/flows', async (request) => {
    const q = request.query as QueryString;
    const flowText = param(q, 'flow_id');
    if (flowText === undefined || !/^\d{1,20}$/.test(flowText)) {
      throw badRequest('flow_id is required and must be a whole number', {
        code: 'param.integer',
        params: { param: 'flow_id', value: flowText ?? '' },
      });
    }
    const flowId = BigInt(flowText);
    const firewall = param(q, 'firewall_name');
    const az = param(q, 'availability_zone');

    const filter = [
      `flow_id:${flowText}`,
      ...(firewall !== undefined ? [`firewall_name:${quoted(firewall)}`] : []),
      ...(az !== undefined ? [`availability_zone:${quoted(az)}`] : []),
    ].join(' and ');
    const sessions = await listSessions(ctx.store, { filter, limit: 1000, now: ctx.now() });

    const records = await ctx.store.flowRecords({
      flowId,
      ...(firewall !== undefined ? { firewallName: firewall } : {}),
      ...(az !== undefined ? { availabilityZone: az } : {}),
      limit: 10_000,
    });
    // Each alert says which of these sessions it joins (by the verdict rule); an alert that only
    // names the flow_id, between other endpoints, joins none and is no part of their verdict.
    const alertRows = records.filter((r) => r.log_type === 'alert');
    const joins = joinedSessions(alertRows as unknown as JoinAlert[], sessions);
    const alerts = alertRows.map((r, i) => ({ ...r, joined_sessions: joins[i] ?? [] }));
    return { sessions, records, alerts };
  });
}
