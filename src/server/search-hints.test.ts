/** `GET /api/search/count` says when a query ran but probably not as meant. */
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

describe('search hints', () => {
  it('"dest port:443" runs as the word dest and port:443, and the answer offers dest_port:443', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/search/count?q=${encodeURIComponent('dest port:443')}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().hints).toEqual([
      {
        message: 'did you mean dest_port:443?',
        query: 'dest_port:443',
        replacement: 'dest_port:443',
        offset: 0,
        length: 13,
      },
    ]);
  });

  it('a plain query gets none', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/search/count?q=dest_port:443' });
    expect(res.json().hints).toEqual([]);
  });
});
