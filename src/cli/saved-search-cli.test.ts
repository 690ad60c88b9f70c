/** `nfwlens search --save NAME`, `--saved NAME` and `--list-saved` over a real database file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../ingest/cli-process.testing.ts';

const SAMPLE = resolve(
  import.meta.dirname,
  '../../test/fixtures/public-samples/aws-docs/nfw-doc-examples.ndjson',
);
let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-saved-cli-'));
  db = join(dir, 't.duckdb');
  expect((await runCli(['ingest', '--db', db, SAMPLE], dir)).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saved searches from the CLI', () => {
  it('saves a query with its range, runs it by name, lists it', async () => {
    const all = await runCli(['search', '--db', db, '--count', '--format', 'json', 'type:alert'], dir);
    const saved = await runCli(
      [
        'search',
        '--db',
        db,
        '--save',
        'doc alerts',
        '--from',
        '2000-01-01T00:00:00Z',
        '--count',
        '--format',
        'json',
        'type:alert',
      ],
      dir,
    );
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toEqual(JSON.parse(all.stdout));
    const again = await runCli(
      ['search', '--db', db, '--saved', 'doc alerts', '--count', '--format', 'json'],
      dir,
    );
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(all.stdout));
    // --from/--to override the saved range: nothing before 2000
    const before = await runCli(
      [
        'search',
        '--db',
        db,
        '--saved',
        'doc alerts',
        '--to',
        '2000-01-01T00:00:00Z',
        '--count',
        '--format',
        'json',
      ],
      dir,
    );
    expect(JSON.parse(before.stdout)).toEqual({ count: 0 });
    const list = await runCli(['search', '--db', db, '--list-saved', '--format', 'json'], dir);
    expect(JSON.parse(list.stdout)).toEqual([
      { name: 'doc alerts', query: 'type:alert', from: '2000-01-01T00:00:00Z', to: '' },
    ]);
  });

  it('names a saved search that does not exist, and refuses a query beside --saved', async () => {
    const missing = await runCli(['search', '--db', db, '--saved', 'nope'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no saved search named "nope"');
    const both = await runCli(['search', '--db', db, '--saved', 'doc alerts', 'proto:tcp'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give a query or --saved NAME, not both');
  });
});
