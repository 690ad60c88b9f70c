/**
 * `GET /api/saved-searches`, `GET|PUT|DELETE /api/saved-searches/:name`: named queries with their
 * time range, kept in the database.
 */
import type { FastifyInstance } from 'fastify';
import { deleteSavedSearch, listSavedSearches, savedSearch, saveSearch } from '../../search/saved.ts';
import type { RouteContext } from '../context.ts';
import { badRequest, notFound } from '../http-error.ts';

function optionalText(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string')
    throw badRequest(`${key} must be a string`, { code: 'param.invalid', params: { param: key } });
  return v;
}

export function registerSavedSearchRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/saved-searches', async () => ({ rows: await listSavedSearches(ctx.store) }));

  app.get('/api/saved-searches/:name', async (request) => {
    const { name } = request.params as { name: string };
    const s = await savedSearch(ctx.store, name);
    if (!s) throw notFound(`no saved search named "${name}"`, { code: 'saved.not_found', params: { name } });
    return s;
  });

  app.put('/api/saved-searches/:name', async (request) => {
    const { name } = request.params as { name: string };
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('the body must be a JSON object: {"query": "...", "from": "-24h", "to": "now"}', {
        code: 'request.invalid',
      });
    }
    const b = body as Record<string, unknown>;
    const query = b.query ?? '';
    if (typeof query !== 'string')
      throw badRequest('query must be a string', { code: 'param.invalid', params: { param: 'query' } });
    return saveSearch(
      ctx.store,
      name,
      { query, from: optionalText(b, 'from'), to: optionalText(b, 'to') },
      ctx.now(),
    );
  });

  app.delete('/api/saved-searches/:name', async (request) => {
    const { name } = request.params as { name: string };
    if (!(await deleteSavedSearch(ctx.store, name)))
      throw notFound(`no saved search named "${name}"`, { code: 'saved.not_found', params: { name } });
    return { deleted: name };
  });
}
