import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../store/engines.testing.ts';
import { BAD_LINE, type Fixture, fixtureApp, fixtureLines, openFixtureStore } from './fixture.testing.ts';

interface Answer {
  field: string;
  values: { value: string | number | boolean; count: number }[];
  total_distinct: number;
  total_records: number;
}

interface Rec {
  firewall_name: string;
  event: Record<string, unknown> & { timestamp: string };
}

/** The fixture's records as written, read here in plain JS (not through any store). */
const RECORDS: Rec[] = fixtureLines()
  .filter((l) => l !== BAD_LINE)
  .map((l) => JSON.parse(l) as Rec);

/** Counts of a value over records, largest first, ties by value ascending: what the API should answer. */
function expected(recs: Rec[], value: (r: Rec) => unknown): { value: unknown; count: number }[] {
  const counts = new Map<unknown, number>();
  for (const r of recs) {
    const v = value(r);
    if (v !== undefined && v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts]
    .map(([v, count]) => ({ value: v, count }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        (typeof a.value === 'number'
          ? Number(a.value) - Number(b.value)
          : String(a.value) < String(b.value)
            ? -1
            : 1),
    );
}

const at = (r: Rec) => Date.parse(r.event.timestamp.replace('+0000', 'Z'));

describeEachEngine('GET /api/search/values', (engine) => {
  let fx: Fixture<import('../store/store.ts').Store>;
  let app: FastifyInstance;
  const get = async (qs: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/search/values?${qs}` });
    return { status: res.statusCode, body: res.json() as Answer & { error?: string; message?: string } };
  };

  beforeAll(async () => {
    fx = await openFixtureStore(engine);
    app = await fixtureApp(fx.store);
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  it('ranks every value of a field over the whole result, with distinct and record totals', async () => {
    const want = expected(RECORDS, (r) => r.event.dest_port);
    const { status, body } = await get('field=dest_port&limit=100');
    expect(status).toBe(200);
    expect(body.field).toBe('dest_port');
    expect(body.values).toEqual(want);
    expect(body.total_distinct).toBe(want.length);
    expect(body.total_records).toBe(RECORDS.length);
  });

  it('keeps the top N and still counts every distinct value', async () => {
    const want = expected(RECORDS, (r) => r.event.src_ip);
    const { body } = await get('field=src_ip&limit=3');
    expect(body.values).toEqual(want.slice(0, 3));
    expect(body.total_distinct).toBe(want.length);
    expect(want.length).toBeGreaterThan(3);
  });

  it('counts within the query and the time range', async () => {
    const from = Date.parse('2024-01-01T01:10:00Z');
    const to = Date.parse('2024-01-01T01:20:00Z');
    const within = RECORDS.filter((r) => r.event.proto === 'UDP' && at(r) >= from && at(r) < to);
    expect(within.length).toBe(10);
    const { body } = await get(
      `field=src_ip&limit=100&q=${encodeURIComponent('proto:udp')}&from=2024-01-01T01:10:00Z&to=2024-01-01T01:20:00Z`,
    );
    expect(body.values).toEqual(expected(within, (r) => r.event.src_ip));
    expect(body.total_records).toBe(10);
  });

  it('leaves out records without the field, and resolves an alias', async () => {
    const want = expected(RECORDS, (r) => r.event.app_proto);
    expect(RECORDS.some((r) => r.event.app_proto === undefined)).toBe(true);
    const { body } = await get('field=app_proto');
    expect(body.values).toEqual(want);
    const alias = await get('field=dst&limit=100');
    expect(alias.body.field).toBe('dest_ip');
    expect(alias.body.values).toEqual(expected(RECORDS, (r) => r.event.dest_ip));
  });

  it.each([
    ['an address prefix', 'src_ip', '10.1.0.1', (r: Rec) => r.event.src_ip, 11],
    ['a prefix in another case', 'app_proto', 'DN', (r: Rec) => r.event.app_proto, 1],
    ['a number prefix', 'src_port', '5001', (r: Rec) => r.event.src_port, 10],
    ['a name prefix', 'firewall_name', 'fw-', (r: Rec) => r.firewall_name, 1],
    ['regex characters taken literally', 'firewall_name', 'fw-.', (r: Rec) => r.firewall_name, 0],
  ])('keeps only values starting with %s', async (_name, field, prefix, value, distinct) => {
    const want = expected(RECORDS, value).filter((v) =>
      String(v.value).toLowerCase().startsWith(prefix.toLowerCase()),
    );
    expect(want.length).toBe(distinct);
    const { status, body } = await get(`field=${field}&limit=100&prefix=${encodeURIComponent(prefix)}`);
    expect(status).toBe(200);
    expect(body.values).toEqual(want);
    expect(body.total_distinct).toBe(want.length);
    expect(body.total_records).toBe(RECORDS.length);
  });

  it('ranks 64-bit values (flow ids), given as numbers while exact, the same on every engine', async () => {
    const want = expected(RECORDS, (r) => r.event.flow_id);
    const { body } = await get('field=flow_id&limit=100');
    // one flow of three records, then thirty of one each, ties by value ascending
    expect(body.values).toEqual(want);
  });

  it.each([
    ['t', 200],
    ['x', 200],
  ])('takes a prefix on a boolean field (%s)', async (prefix, status) => {
    // no fixture record has a SYN flag: the answer is empty, and the condition compiles on the engine
    const res = await get(`field=tcp_syn&prefix=${prefix}`);
    expect(res.status).toBe(status);
    expect(res.body.values).toEqual([]);
    expect(res.body.total_records).toBe(RECORDS.length);
  });

  it.each([
    ['no field', 'limit=5', /field is required/],
    ['an unknown field', 'field=nope', /^field: unknown field "nope"/],
    ['a field that is not filterable', 'field=residual', /^field: unknown field "residual"/],
    ['a time', 'field=ts', /^field: "ts" is a time/],
    ['a list', 'field=aws_category', /^field: "aws_category" holds lists/],
    ['an alias of two fields', 'field=port', /^field: "port" stands for several fields/],
    ['a limit of 0', 'field=proto&limit=0', /^limit must be between 1 and 100/],
    ['a limit over 100', 'field=proto&limit=101', /^limit must be between 1 and 100/],
    ['a limit that is not a number', 'field=proto&limit=ten', /^limit must be a whole number/],
    ['a bad time', 'field=proto&from=yesterday', /^from: invalid time/],
    ['a prefix too long', `field=proto&prefix=${'a'.repeat(1001)}`, /^prefix must be at most 1000/],
  ])('answers 400 naming the parameter for %s', async (_name, qs, message) => {
    const { status, body } = await get(qs);
    expect(status).toBe(400);
    expect(body.message).toMatch(message);
  });

  it('answers 400 with the position for a query that does not compile', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/search/values?field=proto&q=dest_port:abc' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'bad_value', position: { offset: 10 } });
  });
});
