/** `GET /api/sessions` pages: each page says the total and where the next starts; nothing is cut off silently. */
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

type Row = Record<string, unknown>;
async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
}

describe('sessions paging', () => {
  it.each([
    ['start', ''],
    ['total_bytes', ''],
    ['start', 'paired:false'],
    ['total_bytes', 'proto:udp'],
  ])(
    'sort %s, filter "%s": pages of 7 walk exactly the one-page listing, and each page names the total',
    async (sort, filter) => {
      const base = `/api/sessions?sort=${sort}&filter=${encodeURIComponent(filter)}`;
      const all = await get(`${base}&limit=10000`);
      const every = all.body.rows as Row[];
      expect(all.body.total).toBe(every.length);
      expect(all.body.next_cursor).toBeNull();
      expect(every.length).toBeGreaterThan(7);
      const walked: Row[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 1000; i++) {
        const page = await get(`${base}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.body.total).toBe(every.length);
        walked.push(...(page.body.rows as Row[]));
        cursor = page.body.next_cursor as string | null;
        if (cursor === null) break;
        expect((page.body.rows as Row[]).length).toBe(7);
      }
      expect(walked).toEqual(every);
    },
  );

  it('a cursor it did not write is a 400', async () => {
    for (const cursor of [
      'abc',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["x",1,2]').toString('base64url'),
    ]) {
      const r = await get(`/api/sessions?cursor=${cursor}`);
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/invalid cursor/);
    }
  });
});
