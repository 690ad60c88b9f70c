/** `nfwlens serve --query-timeout`: parsed, checked, and in force on the served store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQueryTimeout, serveStore } from '../cli/commands/serve.ts';
import { DuckDbStore } from '../store/duckdb/index.ts';
import { DEFAULT_QUERY_TIMEOUT_MS } from './start-server.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-timeout-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('--query-timeout', () => {
  it.each([
    ['10', 10],
    ['0', 0],
    ['2.5', 2.5],
    ['3600', 3600],
  ])('accepts %s', (text, seconds) => {
    expect(parseQueryTimeout(text)).toBe(seconds);
  });

  it.each(['abc', '-1', '1e3', '3601', '', ' 5', '0x10'])('refuses "%s" naming the option', (text) => {
    expect(() => parseQueryTimeout(text)).toThrow(/--query-timeout must be 0\.\.3600 seconds/);
  });

  it.each<[string, number | undefined, number | null]>([
    ['the default', undefined, DEFAULT_QUERY_TIMEOUT_MS],
    ['1.5 s', 1.5, 1500],
    ['0 (no limit)', 0, null],
  ])('serves with %s in force on the store', async (_name, queryTimeout, expected) => {
    const db = join(dir, `t${Math.random().toString(36).slice(2)}.duckdb`);
    const store = await DuckDbStore.open({ path: db });
    const server = await serveStore(store, db, {
      host: '127.0.0.1',
      port: 0,
      ...(queryTimeout !== undefined ? { queryTimeout } : {}),
    });
    try {
      expect((await store.limits()).queryTimeoutMs).toBe(expected);
      expect(DEFAULT_QUERY_TIMEOUT_MS).toBe(10_000);
    } finally {
      await server.close();
    }
  });
});
