import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceTally } from '../ingest/sources/collector.ts';
import { collectorStatus } from '../ingest/sources/collector-status.ts';
import { describeEachEngine } from '../store/engines.testing.ts';
import type { Store } from '../store/store.ts';
import {
  BAD_LINE,
  type Fixture,
  fixtureApp,
  openFixtureStore,
  PAGED_FLOWS,
  STORY,
} from './fixture.testing.ts';

describeEachEngine('the HTTP API', (engine) => {
  let fx: Fixture<Store>;
  let app: FastifyInstance;

  beforeAll(async () => {
    fx = await openFixtureStore(engine);
    app = await fixtureApp(fx.store);
  });

  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() };
  }

  type Row = Record<string, unknown>;

  describe('status and rejected', () => {
    it('GET /api/status counts what the store holds', async () => {
      const { status, body } = await get('/api/status');
      expect(status).toBe(200);
      const total = PAGED_FLOWS + 3;
      expect(body.records).toBe(total);
      expect(body.records_by_log_type).toMatchObject({ flow: PAGED_FLOWS + 2, alert: 1 });
      expect(body.rejected).toBe(1);
      expect(body.first_ts).toBe('2024-01-01T00:00:01.000000Z');
      expect(body.firewalls).toEqual([
        { firewall_name: 'fw-a', availability_zone: 'us-east-1a', records: total },
      ]);
      expect(body.sessions).toMatchObject({ sessions: PAGED_FLOWS + 1, paired: 1, waiting: PAGED_FLOWS });
    });

    it('GET /api/rejected lists the bad line with its origin and line', async () => {
      const { status, body } = await get('/api/rejected');
      expect(status).toBe(200);
      const rows = body.rows as Row[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ line: PAGED_FLOWS + 4, raw: BAD_LINE });
      expect(String(rows[0]?.origin)).toMatch(/fixture\.log$/);
      expect((await get('/api/rejected?reason=no-such-reason')).body.rows).toEqual([]);
    });
  });

  describe('search', () => {
    it('pages with a cursor: page 2 continues page 1 without overlap, newest first', async () => {
      const q = encodeURIComponent('dest_port:53');
      const p1 = await get(`/api/search?q=${q}&limit=10`);
      expect(p1.status).toBe(200);
      const rows1 = p1.body.rows as Row[];
      expect(rows1).toHaveLength(10);
      expect(typeof p1.body.next_cursor).toBe('string');
      expect(typeof p1.body.took_ms).toBe('number');
      const p2 = await get(`/api/search?q=${q}&limit=10&cursor=${p1.body.next_cursor}`);
      const rows2 = p2.body.rows as Row[];
      expect(rows2).toHaveLength(10);
      const ids1 = new Set(rows1.map((r) => r.id));
      expect(rows2.some((r) => ids1.has(r.id))).toBe(false);
      const all = [...rows1, ...rows2].map((r) => String(r.ts));
      expect(all).toEqual([...all].sort().reverse());
      expect(all[0]).toBe(`2024-01-01T01:${String(PAGED_FLOWS - 1).padStart(2, '0')}:00.000000Z`);
      expect(rows1[0]).toMatchObject({ log_type: 'flow', dest_port: 53, proto: 'UDP', app_proto: 'dns' });
    });

    it('the last page has no next cursor', async () => {
      const { body } = await get(`/api/search?q=dest_port:53&limit=${PAGED_FLOWS}`);
      expect((body.rows as Row[]).length).toBe(PAGED_FLOWS);
      expect(body.next_cursor).toBeNull();
    });

    it('counts matches in a time range', async () => {
      const all = await get('/api/search/count?q=dest_port:53');
      expect(all.body.count).toBe(PAGED_FLOWS);
      const part = await get(
        '/api/search/count?q=dest_port:53&from=2024-01-01T01:10:00Z&to=2024-01-01T01:20:00Z',
      );
      expect(part.body.count).toBe(10);
      expect((await get('/api/search/count?q=alert_action:blocked')).body.count).toBe(1);
    });

    it('gives a histogram with the requested bucket', async () => {
      const { status, body } = await get(
        '/api/search/histogram?q=dest_port:53&from=2024-01-01T01:00:00Z&to=2024-01-01T01:30:00Z&bucket=5m',
      );
      expect(status).toBe(200);
      expect(body.bucket).toBe('5m');
      const rows = body.rows as { t: string; count: number }[];
      expect(rows).toHaveLength(6);
      expect(rows[0]).toEqual({ t: '2024-01-01T01:00:00.000Z', count: 5 });
      expect(rows.reduce((a, r) => a + r.count, 0)).toBe(PAGED_FLOWS);
    });

    it('answers a syntax error with 400 and the position to underline', async () => {
      const q = 'dest_port:53 and (src_ip:10.0.0.1';
      const { status, body } = await get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(status).toBe(400);
      expect(body.error).toBe('query_syntax');
      const pos = body.position as { offset: number; line: number; column: number; length: number };
      expect(pos.line).toBe(1);
      expect(pos.column).toBe(pos.offset + 1);
      expect(pos.offset).toBeGreaterThanOrEqual(q.indexOf('('));
      expect(typeof body.message).toBe('string');
    });

    it('answers an unknown field with 400, its position and suggestions', async () => {
      const q = 'dest_prot:53';
      const { status, body } = await get(`/api/search/count?q=${encodeURIComponent(q)}`);
      expect(status).toBe(400);
      expect(body.error).toBe('unknown_field');
      expect(body.position).toMatchObject({ offset: 0, line: 1, column: 1, length: 'dest_prot'.length });
      expect(body.suggestions).toContain('dest_port');
    });

    it.each([
      ['/api/search?from=yesterday', /from/],
      ['/api/search?limit=0', /limit/],
      ['/api/search?limit=abc', /limit/],
      ['/api/search?cursor=bm9wZQ', /cursor/],
      ['/api/search/histogram?bucket=fortnight', /bucket/],
    ])('answers a bad parameter with 400: %s', async (url, message) => {
      const { status, body } = await get(url);
      expect(status).toBe(400);
      expect(body.error).toBe('bad_request');
      expect(String(body.message)).toMatch(message);
    });
  });

  describe('events and flows', () => {
    it('GET /api/events/:id returns the row and the original record', async () => {
      const search = await get('/api/search?q=alert_action:blocked');
      const id = (search.body.rows as Row[])[0]?.id as number;
      const { status, body } = await get(`/api/events/${id}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id, line: 3 });
      expect((body.row as Row).alert_signature_id).toBe(STORY.sid);
      const original = JSON.parse(String(body.original));
      expect(original.event.alert).toMatchObject({ action: 'blocked', signature_id: STORY.sid });
      expect(original.firewall_name).toBe(STORY.fw);
    });

    it.each([
      ['/api/events/999999', 404, 'not_found'],
      ['/api/events/abc', 400, 'bad_request'],
    ])('%s -> %i', async (url, code, error) => {
      const { status, body } = await get(url);
      expect(status).toBe(code);
      expect(body.error).toBe(error);
    });

    it('GET /api/flows tells one flow: its session, both halves and its alert', async () => {
      const { status, body } = await get(
        `/api/flows?firewall_name=${STORY.fw}&availability_zone=${STORY.az}&flow_id=${STORY.flowId}`,
      );
      expect(status).toBe(200);
      const sessions = body.sessions as Row[];
      expect(sessions).toHaveLength(1);
      expect(sessions[0]).toMatchObject({
        flow_id: STORY.flowId,
        client_ip: '10.0.0.1',
        server_ip: '192.0.2.1',
        bytes_to_server: 1200,
        bytes_to_client: 6400,
        paired: true,
        alert_action: 'blocked',
      });
      const records = body.records as Row[];
      expect(records.map((r) => r.log_type)).toEqual(['alert', 'flow', 'flow']);
      expect((body.alerts as Row[]).map((r) => r.alert_signature_id)).toEqual([STORY.sid]);
      const other = await get(`/api/flows?firewall_name=fw-b&flow_id=${STORY.flowId}`);
      expect(other.body).toEqual({ sessions: [], records: [], alerts: [] });
    });

    it('GET /api/flows needs a flow id', async () => {
      expect((await get('/api/flows?firewall_name=fw-a')).status).toBe(400);
    });
  });

  describe('sessions', () => {
    it('lists sessions filtered and sorted by bytes', async () => {
      const { status, body } = await get('/api/sessions?sort=total_bytes&limit=3');
      expect(status).toBe(200);
      const rows = body.rows as Row[];
      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatchObject({ flow_id: STORY.flowId, total_bytes: 7600 });
      const dns = await get(`/api/sessions?filter=${encodeURIComponent('server_port:53')}&limit=1000`);
      expect((dns.body.rows as Row[]).length).toBe(PAGED_FLOWS);
    });

    it("filters sessions by their joined alerts' signature text", async () => {
      const flows = async (filter: string) =>
        ((await get(`/api/sessions?filter=${encodeURIComponent(filter)}`)).body.rows as Row[]).map(
          (r) => r.flow_id,
        );
      expect(await flows(`signature:"rule ${STORY.sid}"`)).toEqual([STORY.flowId]);
      expect(await flows('signature:"no such rule"')).toEqual([]);
    });

    it('answers a bad session filter with 400 and suggestions', async () => {
      const { status, body } = await get('/api/sessions?filter=server_prot:53');
      expect(status).toBe(400);
      expect(body.error).toBe('unknown_field');
      expect(body.suggestions).toContain('server_port');
    });
  });

  describe('unknown routes', () => {
    it('answers /api/nothing with a JSON 404', async () => {
      const { status, body } = await get('/api/nothing');
      expect(status).toBe(404);
      expect(body.error).toBe('not_found');
    });
  });

  describe('reports', () => {
    it('lists the built-in reports with their drill dimensions', async () => {
      const { status, body } = await get('/api/reports');
      expect(status).toBe(200);
      const reports = body.reports as Row[];
      const names = reports.map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining(['hourly-actions', 'top-destinations', 'protocols']));
      for (const r of reports) expect(Array.isArray(r.drill)).toBe(true);
    });

    it('runs top-destinations from the sessions and drills into the first row', async () => {
      const top = await get('/api/reports/top-destinations?tz=UTC');
      expect(top.status).toBe(200);
      expect(top.body).toMatchObject({ name: 'top-destinations', level: 'aggregate', by: 'dest_ip' });
      const rows = top.body.rows as Row[];
      expect(rows[0]).toMatchObject({ dest_ip: '192.0.2.1', sessions: 1, total_bytes: 7600 });
      expect(rows[1]).toMatchObject({ dest_ip: '198.51.100.7', sessions: PAGED_FLOWS });
      const next = (top.body.next_dims as string[])[0]!;
      const drilled = await get(`/api/reports/top-destinations?tz=UTC&drill=dest_ip=192.0.2.1&by=${next}`);
      expect(drilled.status).toBe(200);
      expect(drilled.body.by).toBe(next);
      expect((drilled.body.rows as Row[]).length).toBe(1);
      const listing = await get('/api/reports/top-destinations?tz=UTC&drill=dest_ip=192.0.2.1&by=sessions');
      expect(listing.body.level).toBe('sessions');
      expect((listing.body.rows as Row[])[0]).toMatchObject({ flow_id: STORY.flowId });
    });

    it('buckets hourly-actions in the requested time zone', async () => {
      const { body } = await get(
        '/api/reports/hourly-actions?tz=Asia/Tokyo&from=2024-01-01T00:00:00Z&to=2024-01-01T02:00:00Z',
      );
      expect(body.rows).toEqual([
        { bucket: '2024-01-01T09:00:00+09:00', allowed: 0, blocked: 1, total: 1 },
        { bucket: '2024-01-01T10:00:00+09:00', allowed: 0, blocked: 0, total: 0 },
      ]);
    });

    it.each([
      ['/api/reports/no-such-report', 404, 'not_found'],
      ['/api/reports/protocols?tz=Mars/Base', 400, 'bad_value'],
      ['/api/reports/protocols?by=nonsense', 400, 'unknown_field'],
      ['/api/reports/protocols?drill=novalue', 400, 'bad_value'],
      ['/api/reports/protocols?top=0', 400, 'bad_request'],
      [`/api/reports/protocols?filter=${encodeURIComponent('server_prot:1')}`, 400, 'unknown_field'],
    ])('%s -> %i %s', async (url, code, error) => {
      const { status, body } = await get(url);
      expect(status).toBe(code);
      expect(body.error).toBe(error);
    });
  });

  describe('collectors in the status', () => {
    it('has no collectors key without collectors, and one row per collector checkpoint with them', async () => {
      const before = await get('/api/status');
      expect(before.body).not.toHaveProperty('collectors');
      const tally = await SourceTally.load(fx.store, 's3-main', 's3');
      await fx.store.commitBatch({
        events: [],
        rejects: [],
        checkpoints: [tally.checkpoint({ records: 12, rejected: 1, bytes: 3000 })],
      });
      const withCollectors = await fixtureApp(fx.store, { collectorStatus: (s) => collectorStatus(s) });
      try {
        const res = await withCollectors.inject({ method: 'GET', url: '/api/status' });
        expect(res.json().collectors).toEqual([
          expect.objectContaining({ source: 's3-main', type: 's3', records: 12, rejected: 1, bytes: 3000 }),
        ]);
      } finally {
        await withCollectors.close();
      }
    });
  });

  describe('unexpected errors', () => {
    it('answers 500 with a generic message and reports the error with its stack', async () => {
      const logged: [string, unknown][] = [];
      const failing = Object.create(fx.store, {
        status: { value: () => Promise.reject(new Error('disk on fire')) },
      }) as typeof fx.store;
      const broken = await fixtureApp(failing, { logError: (what, err) => logged.push([what, err]) });
      try {
        const res = await broken.inject({ method: 'GET', url: '/api/status' });
        expect(res.statusCode).toBe(500);
        expect(res.json()).toEqual({ error: 'internal', code: 'internal', message: 'internal server error' });
        expect(logged).toHaveLength(1);
        const [what, err] = logged[0]!;
        expect(what).toBe('GET /api/status');
        expect((err as Error).message).toBe('disk on fire');
      } finally {
        await broken.close();
      }
    });
  });
});
