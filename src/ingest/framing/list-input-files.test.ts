import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listInputFiles, looksLikeLogFile } from './index.ts';

describe('listInputFiles', () => {
  it('walks an S3-layout tree in path order, skipping hidden and non-log files', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'framing-list-'));
    const base = path.join(
      root,
      'AWSLogs/111111111111/network-firewall/flow/us-east-1/test-firewall/2020/10/01',
    );
    const name = (hh: string, mm: string) =>
      `111111111111_network-firewall_flow_us-east-1_test-firewall_20201001${hh}${mm}_44442222.log.gz`;
    const files = [
      path.join(base, '20', name('20', '05')),
      path.join(base, '19', name('19', '25')),
      path.join(base, '19', name('19', '20')),
    ];
    for (const f of files) {
      mkdirSync(path.dirname(f), { recursive: true });
      writeFileSync(f, '');
    }
    const csv = path.join(root, 'athena/results.csv');
    mkdirSync(path.dirname(csv), { recursive: true });
    writeFileSync(csv, 'a,b\n');
    writeFileSync(`${csv}.metadata`, '');
    writeFileSync(path.join(base, '19', '.DS_Store'), '');
    mkdirSync(path.join(root, '.git'));
    writeFileSync(path.join(root, '.git', 'HEAD.log'), '');
    const explicit = path.join(root, 'notes.csv');
    writeFileSync(explicit, '');

    const out = await listInputFiles([root, explicit, '-']);
    expect(out.files).toEqual([files[2], files[1], files[0], explicit, '-']);
    expect(out.skipped).toEqual([csv, `${csv}.metadata`]);
  });

  it('reports a path that does not exist and lists the others', async () => {
    const missing = path.join(tmpdir(), 'framing-no-such-path');
    const out = await listInputFiles([missing, '-']);
    expect(out.files).toEqual(['-']);
    expect(out.errors).toEqual([{ path: missing, reason: expect.stringMatching(/ENOENT/) }]);
  });

  it.each([
    ['a.log.gz', true],
    ['a.json', true],
    ['a.NDJSON', true],
    ['a.jsonl', true],
    ['000000', true],
    ['c.log.1', true],
    ['c.log.12.gz', true],
    ['results.csv', false],
    ['results.csv.1', false],
    ['results.csv.metadata', false],
    ['readme.txt', false],
  ])('%s looks like a log file: %s', (name, expected) => {
    expect(looksLikeLogFile(name)).toBe(expected);
  });
});
