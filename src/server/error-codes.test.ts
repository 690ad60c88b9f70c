/** Error bodies carry a stable message code and the values their message names, beside the English text. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGE_CODES } from '../schema/error-codes.ts';
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

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
};

describe('error message codes', () => {
  it('an unbalanced parenthesis is a 400 query.syntax with its line and column', async () => {
    const { status, body } = await get(
      `/api/search/count?q=${encodeURIComponent('dest_port:443 and (proto:TCP')}`,
    );
    expect(status).toBe(400);
    expect(body.code).toBe('query.syntax');
    // The end of the 28-character query: column 29, offset 28.
    expect(body.params).toMatchObject({ line: 1, column: 29, offset: 28 });
    expect(body.position).toMatchObject({ line: 1, column: 29, offset: 28 });
    expect(body.message).toMatch(/column 29/);
  });

  it('an unknown field names the field and where it is', async () => {
    const { status, body } = await get(`/api/search?q=${encodeURIComponent('proto:TCP dest_prot:443')}`);
    expect(status).toBe(400);
    expect(body.code).toBe('query.unknown_field');
    expect(body.params).toMatchObject({ field: 'dest_prot', line: 1, column: 11 });
    expect((body.params as { suggestions: string[] }).suggestions).toContain('dest_port');
  });

  it.each([
    ['/api/search?limit=abc', 'param.integer', { param: 'limit', value: 'abc' }],
    ['/api/search?limit=0', 'param.out_of_range', { param: 'limit', min: 1, max: 10_000 }],
    ['/api/search?from=yesterday', 'param.time', { param: 'from', value: 'yesterday' }],
    ['/api/sessions?sort=size', 'param.choice', { param: 'sort', value: 'size' }],
    ['/api/search?cursor=xyz', 'param.cursor', { param: 'cursor' }],
    ['/api/reports/protocols?from=2024-01-02&to=2024-01-01', 'range.invalid', { from: '2024-01-02' }],
    ['/api/reports/protocols?tz=Mars/Base', 'report.time_zone', { tz: 'Mars/Base' }],
    ['/api/reports/nope', 'report.not_found', { name: 'nope' }],
    ['/api/events/999999', 'event.not_found', { id: 999_999 }],
  ])('%s answers %s', async (url, code, params) => {
    const { status, body } = await get(url);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(body.code).toBe(code);
    expect(body.params).toMatchObject(params);
    expect(ERROR_MESSAGE_CODES).toContain(body.code);
    expect(typeof body.message).toBe('string');
  });
});
