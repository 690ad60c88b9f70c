import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest-files.ts';
import { QueryFieldError, QuerySyntaxError } from '../query/index.ts';
import { describeEachEngine, type OpenedStore } from '../store/engines.testing.ts';
import type { Store } from '../store/store.ts';
import { countEvents, histogram, SearchInputError, searchEvents } from './index.ts';

function rec(i: number, ts: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    firewall_name: i % 2 ? 'fw-a' : 'fw-b',
    availability_zone: 'us-east-1a',
    event_timestamp: '1704067200',
    event: {
      timestamp: ts,
      flow_id: 5000 + i,
      event_type: 'netflow',
      src_ip: `10.0.0.${i}`,
      src_port: 40000 + i,
      dest_ip: i % 3 ? '198.51.100.7' : '2001:db8::7',
      dest_port: i % 4 ? 443 : 22,
      proto: 'TCP',
      app_proto: i % 4 ? 'tls' : 'ssh',
      netflow: { pkts: 3, bytes: 100 * i, start: ts, end: ts, age: 0, min_ttl: 64, max_ttl: 64 },
      ...extra,
    },
  });
}

describeEachEngine('search', (engine) => {
  let dir: string;
  let opened: OpenedStore;
  let store: Store;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nfwlens-search-'));
    const lines: string[] = [];
    // 30 records, one per 10 minutes from 2024-01-01T00:00Z; two share the same timestamp.
    for (let i = 0; i < 30; i++) {
      const t = new Date(Date.UTC(2024, 0, 1) + Math.min(i, 28) * 600_000);
      lines.push(
        rec(i, t.toISOString().replace('Z', '000+0000'), i === 5 ? { custom_field: 'Needle-42' } : {}),
      );
    }
    writeFileSync(join(dir, 'a.log'), `${lines.join('\n')}\n`);
    opened = await engine.open();
    store = opened.store;
    await ingestPaths([dir], { store });
  });
  afterAll(async () => {
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('searchEvents', () => {
    // Limit 3 fills pages inside the first one-hour window; limit 7 makes the search widen its window.
    it.each([
      [3, 10],
      [7, 5],
    ])(
      'returns newest first and pages (limit %i) without overlap or gap, ties included',
      async (limit, expected) => {
        const seen: number[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await searchEvents(store, { query: '', limit, cursor });
          seen.push(...page.rows.map((r) => Number(r.src_port) - 40000));
          cursor = page.next_cursor;
          pages++;
        } while (cursor);
        expect(pages).toBe(expected);
        expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
        // Records 28 and 29 share the newest timestamp: the later-stored one (higher id) comes first.
        expect(seen.slice(0, 3)).toEqual([29, 28, 27]);
      },
    );

    it('a cursor stays stable while newer data arrives', async () => {
      const first = await searchEvents(store, { query: 'dest_port:443', limit: 5 });
      const extra = join(dir, 'b.log');
      writeFileSync(extra, `${rec(99, '2024-01-02T00:00:00.000000+0000')}\n`);
      await ingestPaths([extra], { store });
      const second = await searchEvents(store, {
        query: 'dest_port:443',
        limit: 5,
        cursor: first.next_cursor,
      });
      const again = await searchEvents(store, { query: 'dest_port:443', limit: 11 });
      expect(again.rows[0]!.src_port).toBe(40099);
      expect(second.rows.map((r) => r.id)).toEqual(again.rows.slice(6, 11).map((r) => r.id));
    });

    it('filters by field, CIDR (IPv4 and IPv6), range, residual text and time range', async () => {
      expect(await countEvents(store, { query: 'dest_ip:2001:db8::/32 and dest_port:22' })).toBe(3);
      expect(await countEvents(store, { query: 'src_ip:10.0.0.0/29' })).toBe(8);
      expect(await countEvents(store, { query: 'bytes>=2500 and bytes<3000 and not app_proto:ssh' })).toBe(4);
      expect(await countEvents(store, { query: 'needle-42' })).toBe(1);
      expect(await countEvents(store, { query: '/Needle-\\d+/' })).toBe(1);
      expect(
        await countEvents(store, {
          query: '',
          from: '2024-01-01T01:00:00Z',
          to: '2024-01-01T02:00:00+00:00',
        }),
      ).toBe(6);
    });

    it('histogram fills empty buckets and counts matches per bucket', async () => {
      const h = await histogram(store, {
        query: 'dest_port:443',
        from: '2024-01-01T00:00:00Z',
        to: '2024-01-01T06:00:00Z',
        bucket: '1h',
      });
      expect(h.rows.map((r) => r.count)).toEqual([4, 5, 4, 5, 4, 0]);
      expect(h.rows[0]!.t).toBe('2024-01-01T00:00:00.000Z');
      const auto = await histogram(store, {
        query: '',
        from: '2024-01-01T00:00:00Z',
        to: '2024-01-02T00:00:00Z',
      });
      expect(auto.bucket).toBe('15m');
      expect(auto.rows.reduce((a, r) => a + r.count, 0)).toBe(30); // the record at 2024-01-02T00:00 is outside [from, to)
    });

    it('reports errors: syntax with position, unknown field with suggestions, bad time, bad cursor', async () => {
      await expect(searchEvents(store, { query: 'dest_port:443 and (' })).rejects.toBeInstanceOf(
        QuerySyntaxError,
      );
      const err = await searchEvents(store, { query: 'dst_port:443' }).catch((e) => e);
      expect(err).toBeInstanceOf(QueryFieldError);
      expect(err.message).toContain('dest_port');
      expect(err.column).toBe(1);
      await expect(searchEvents(store, { from: 'yesterday' })).rejects.toBeInstanceOf(SearchInputError);
      await expect(searchEvents(store, { cursor: 'garbage' })).rejects.toBeInstanceOf(SearchInputError);
    });

    it.each([
      '99999999999999999999:1',
      '1:99999999999999999999',
      '-99999999999999999999:1',
      `${'9'.repeat(400)}:1`,
    ])('refuses a cursor holding %s', async (text) => {
      const cursor = Buffer.from(text).toString('base64url');
      const err = await searchEvents(store, { cursor }).catch((e) => e);
      expect(err).toBeInstanceOf(SearchInputError);
      expect(err.message).toMatch(/^invalid cursor/);
    });

    it.each(['999999999d', '367d', '0s', '0m', `${'9'.repeat(30)}s`, '1y', ''])(
      'refuses the histogram bucket "%s"',
      async (bucket) => {
        const err = await histogram(store, { bucket }).catch((e) => e);
        expect(err).toBeInstanceOf(SearchInputError);
        expect(err.message).toMatch(/use 1s to 366d/);
      },
    );

    it('accepts the widest bucket, 366d', async () => {
      const h = await histogram(store, { bucket: '366d' });
      expect(h.rows.reduce((a, r) => a + r.count, 0)).toBe(await countEvents(store, {}));
    });
  });
});
