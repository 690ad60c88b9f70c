/**
 * The query fuzzer over real HTTP: random queries and parameters (seeded, a bounded number of
 * seconds) against a server on 127.0.0.1 over a real DuckDB file. Every answer is a 200, or an
 * error in the documented shape that is not a 5xx; the server logs no unexpected error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomQuery, randomToken, seededRandom } from '../query/fuzz.testing.ts';
import { encodeQueryValue, errorShapeProblem, type HttpFixture, startHttpFixture } from './http.testing.ts';

const SEED = Number(process.env.NFWLENS_FUZZ_SEED ?? 20_261_202);
const MAX_MS = 3000;

const ROUTES = [
  (q: string) => `/api/search?q=${q}`,
  (q: string) => `/api/search/count?q=${q}`,
  (q: string) => `/api/search/histogram?q=${q}`,
  (q: string) => `/api/search/values?field=dest_port&q=${q}`,
  (q: string) => `/api/search/values?field=src_ip&prefix=${q}`,
  (q: string) => `/api/search/values?field=${q}`,
  (q: string) => `/api/sessions?filter=${q}`,
  (q: string) => `/api/reports/firewalls?filter=${q}`,
  (q: string) => `/api/reports/top-destinations?filter=${q}`,
  (q: string) => `/api/flows?flow_id=${q}`,
  (q: string) => `/api/events/${q.replaceAll('/', '%2F').replaceAll('?', '%3F')}?x=1`,
  (q: string) => `/api/rejected?reason=${q}`,
  (q: string) => `/api/summary?firewall_name=${q}`,
];

/** Other parameters, each now and then, with random values. */
const EXTRA = [
  'from',
  'to',
  'limit',
  'cursor',
  'bucket',
  'by',
  'measure',
  'drill',
  'tz',
  'top',
  'sort',
  'offset',
];

function randomPath(rand: () => number): string {
  const route = ROUTES[Math.floor(rand() * ROUTES.length)]!;
  let path = route(encodeQueryValue(randomQuery(rand)));
  for (const name of EXTRA) {
    if (rand() > 0.12) continue;
    let value = randomToken(rand);
    if (name === 'cursor' && rand() < 0.5)
      value = Buffer.from(`${randomToken(rand)}:${randomToken(rand)}`).toString('base64url');
    if (name === 'drill' && rand() < 0.6) value = `${randomToken(rand)}=${randomToken(rand)}`;
    path += `&${name}=${encodeQueryValue(value)}`;
  }
  return path;
}

let http: HttpFixture;
beforeAll(async () => {
  http = await startHttpFixture({ queryTimeoutMs: 5000 });
});
afterAll(async () => {
  await http.close();
});

describe('query fuzzer (HTTP)', () => {
  it(`answers random requests with 200 or a documented 4xx, never a 5xx (seed ${SEED})`, async () => {
    const rand = seededRandom(SEED);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const t0 = performance.now();
    while (performance.now() - t0 < MAX_MS) {
      const path = randomPath(rand);
      const { status, body } = await http.get(path);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const problem = status === 200 ? null : status >= 500 ? `status ${status}` : errorShapeProblem(body);
      if (problem)
        failures.push(`${path.slice(0, 160)} -> ${status} ${problem} ${JSON.stringify(body).slice(0, 160)}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(http.internalErrors.map(String).slice(0, 5)).toEqual([]);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(10);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(10);
  });
});
