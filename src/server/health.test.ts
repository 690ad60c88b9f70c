/** `GET /api/health` over real HTTP: public, says only whether the store answers, 503 when it does not. */
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fixtureApp, openFixtureStore } from './fixture.testing.ts';

describe('GET /api/health', () => {
  it('answers 200 without the token while the store answers, 503 once it does not', async () => {
    const fx = await openFixtureStore();
    const app = await fixtureApp(fx.store, {
      token: 'health-token',
      logError: () => {},
      collectorStatus: async () => [
        { source: 's3:a', lag_seconds: 42 },
        { source: 'cw:b', lag_seconds: null },
        { source: 'fh:c', lag_seconds: 7 },
      ],
    });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/health`;
      const ok = await fetch(url);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({
        status: 'ok',
        store: { ok: true, engine: 'duckdb' },
        collectors: { count: 3, max_lag_seconds: 42 },
      });
      // Protected routes still need the token.
      expect((await fetch(url.replace('/health', '/status'))).status).toBe(401);

      await fx.store.close();
      const down = await fetch(url);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'unavailable', store: { ok: false } });
    } finally {
      await app.close();
      await fx.close().catch(() => {});
    }
  });
});
