/** `GET /api/events/:id`: one stored event, its columns and its original record's JSON text. */
import type { FastifyInstance } from 'fastify';
import { fetchOriginals } from '../../store/original.ts';
import type { RouteContext } from '../context.ts';
import { badRequest, notFound } from '../http-error.ts';

export function registerEventRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/events/:id', async (request) => {
    const text = (request.params as { id: string }).id;
    if (!/^\d{1,15}$/.test(text))
      throw badRequest(`event id must be a whole number, got "${text}"`, {
        code: 'param.integer',
        params: { param: 'id', value: text },
      });
    const id = Number(text);
    const row = await ctx.store.event(id);
    if (!row) throw notFound(`no event with id ${id}`, { code: 'event.not_found', params: { id } });
    const [original] = await fetchOriginals(ctx.store, [id]);
    const { origin, origin_line, ...columns } = row;
    return { id, origin, line: origin_line, row: columns, original: original?.json ?? null };
  });
}
