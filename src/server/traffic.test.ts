/** `GET /api/traffic`: a bad parameter is a 400 naming it; a good request answers top series and Other. */
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

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

describe('GET /api/traffic', () => {
  it.each<[string, string, RegExp]>([
    ['no dim', '/api/traffic', /^dim is required/],
    ['unknown dim', '/api/traffic?dim=nope', /^dim: unknown dimension "nope"/],
    ['a time as dim', '/api/traffic?dim=start', /^dim: "start" is a time/],
    ['dim=__proto__', '/api/traffic?dim=__proto__', /^dim: unknown dimension/],
    ['bad metric', '/api/traffic?dim=dest_ip&metric=bits', /^metric must be one of bytes, bps, packets, pps/],
    ['top=0', '/api/traffic?dim=dest_ip&top=0', /^top must be between 1 and 50/],
    ['top=51', '/api/traffic?dim=dest_ip&top=51', /^top must be between 1 and 50/],
    ['top=ten', '/api/traffic?dim=dest_ip&top=ten', /^top must be a whole number/],
    ['bucket=5m', '/api/traffic?dim=dest_ip&bucket=5m', /^bucket must be one of auto, 1h, 1d/],
    ['from=yesterday', '/api/traffic?dim=dest_ip&from=yesterday', /^from: invalid time "yesterday"/],
    ['to=13:00', '/api/traffic?dim=dest_ip&to=13:00', /^to: invalid time/],
    ['tz=Mars/Base', '/api/traffic?dim=dest_ip&tz=Mars/Base', /^tz: unknown time zone "Mars\/Base"/],
    [
      'firewall too long',
      `/api/traffic?dim=dest_ip&firewall=${'x'.repeat(300)}`,
      /^firewall must be at most/,
    ],
    ['zone too long', `/api/traffic?dim=dest_ip&zone=${'x'.repeat(300)}`, /^zone must be at most/],
  ])('%s: 400 naming the parameter', async (_what, url, message) => {
    const r = await get(url);
    expect(r.status).toBe(400);
    expect(String(r.body.message)).toMatch(message);
  });

  it('a bad filter is a 400 with its position', async () => {
    const r = await get('/api/traffic?dim=dest_ip&q=(server_ip:1');
    expect(r.status).toBe(400);
    expect(r.body).toHaveProperty('position');
  });

  it('the top value and Other, firewall narrowing, values bound (a quote in a name is data)', async () => {
    const one = await get(
      '/api/traffic?dim=firewall_name&metric=sessions&top=1&tz=UTC&from=2024-01-01&to=2024-01-02',
    );
    expect(one.status).toBe(200);
    const series = one.body.series as { value: unknown; other: boolean; total: number; filter: string }[];
    const all = series.reduce((n, s) => n + s.total, 0);
    expect(all).toBe(one.body.total);
    expect(series.at(-1)?.other).toBe(one.body.total_values !== 1);
    const fw = await get(
      `/api/traffic?dim=firewall_name&metric=sessions&tz=UTC&from=2024-01-01&to=2024-01-02&firewall=${encodeURIComponent(String(series[0]!.value))}`,
    );
    expect(fw.body.total).toBe(series[0]!.total);
    const none = await get(
      "/api/traffic?dim=dest_ip&firewall=x'%20OR%201=1%20--&from=2024-01-01&to=2024-01-02",
    );
    expect(none.status).toBe(200);
    expect(none.body.total).toBe(0);
  });
});
