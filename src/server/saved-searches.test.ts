/** Saved searches over the API: save, list, read, replace, delete; bad input is a 400 naming it. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, fixtureApp, openFixtureStore } from './fixture.testing.ts';

let fx: Fixture;
let app: FastifyInstance;
beforeAll(async () => {
  fx = await openFixtureStore();
  app = await fixtureApp(fx.store);
});
afterAll(async () => {
  await app?.close();
  await fx?.close();
});

const put = (name: string, body: unknown) =>
  app.inject({
    method: 'PUT',
    url: `/api/saved-searches/${encodeURIComponent(name)}`,
    payload: body as object,
  });
const get = (url: string) => app.inject({ method: 'GET', url });

describe('saved searches', () => {
  it('saves a query with its range, lists it, reads it, replaces it and deletes it', async () => {
    expect((await get('/api/saved-searches')).json()).toEqual({ rows: [] });
    const saved = await put('blocked last day', { query: 'action:blocked', from: '-24h', to: 'now' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      name: 'blocked last day',
      query: 'action:blocked',
      from: '-24h',
      to: 'now',
    });
    await put('udp', { query: 'proto:udp' });
    expect((await get('/api/saved-searches')).json().rows.map((r: { name: string }) => r.name)).toEqual([
      'blocked last day',
      'udp',
    ]);
    const one = await get(`/api/saved-searches/${encodeURIComponent('blocked last day')}`);
    expect(one.json()).toMatchObject({ query: 'action:blocked', from: '-24h' });
    const replaced = await put('udp', { query: 'proto:udp and dest_port:53' });
    expect(replaced.json()).toMatchObject({ query: 'proto:udp and dest_port:53' });
    expect(replaced.json().from).toBeUndefined();
    const del = await app.inject({ method: 'DELETE', url: '/api/saved-searches/udp' });
    expect(del.json()).toEqual({ deleted: 'udp' });
    expect((await app.inject({ method: 'DELETE', url: '/api/saved-searches/udp' })).statusCode).toBe(404);
    expect((await get('/api/saved-searches/udp')).statusCode).toBe(404);
  });

  it.each([
    [{ query: 'proto:tcp and (' }, /expected/],
    [{ query: 'nosuchfield:1' }, /unknown field "nosuchfield"/],
    [{ query: 'proto:tcp', from: 'yesterday-ish' }, /from: invalid time "yesterday-ish"/],
    [{ query: 5 }, /query must be a string/],
    [[1, 2], /must be a JSON object/],
  ])('refuses %j with a 400 naming the fault', async (body, message) => {
    const res = await put('bad', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
    expect((await get('/api/saved-searches/bad')).statusCode).toBe(404);
  });

  it('refuses a name longer than 100 characters', async () => {
    // The router stops a path parameter past 100 characters (414); the store never sees it.
    const res = await put(`${'x'.repeat(50)} ${'y'.repeat(50)}`, { query: '' });
    expect(res.statusCode).toBe(414);
    expect((await get('/api/saved-searches')).json().rows.map((r: { name: string }) => r.name)).not.toContain(
      `${'x'.repeat(50)} ${'y'.repeat(50)}`,
    );
  });
});
