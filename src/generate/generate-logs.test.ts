import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GenerateSummary, generateLogs } from './generate-logs.ts';
import { NFW_S3_KEY_RE } from './s3-layout.ts';

const START = new Date('2026-11-02T00:00:00Z');
const OPTS = { records: 12_000, seed: 5, start: START, hours: 6 };

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

let root: string;
let a: GenerateSummary;
let filesA: string[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nfwlens-generate-'));
  const progress: number[] = [];
  a = await generateLogs({ ...OPTS, outDir: join(root, 'a'), onProgress: (n) => progress.push(n) });
  filesA = await listFiles(a.outDir);
  expect(progress.at(-1)).toBe(OPTS.records);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generateLogs', () => {
  it('writes gzip NDJSON files under NFW S3 keys that match the reference regex', async () => {
    expect(filesA.length).toBe(a.files);
    for (const key of filesA) {
      const m = NFW_S3_KEY_RE.exec(key);
      expect(m, key).not.toBeNull();
      const [, prefix, account, type, region, fw, y, mo, d, h, stamp] = m!;
      expect(prefix).toBeUndefined();
      expect([account, region]).toEqual(['111122223333', 'us-east-1']);
      expect(['alert', 'flow', 'tls']).toContain(type);
      expect(['egress-fw', 'ingress-fw', 'inspection-fw']).toContain(fw);
      expect(stamp!.slice(0, 10)).toBe(`${y}${mo}${d}${h}`);
      expect(Number(stamp!.slice(10)) % 5).toBe(0);
    }
  });

  it('round-trips: the files hold exactly the summarised records, one JSON per line', async () => {
    const byType = { alert: 0, flow: 0, tls: 0 };
    let gzBytes = 0;
    for (const key of filesA) {
      const buf = await readFile(join(a.outDir, key));
      gzBytes += buf.length;
      const text = gunzipSync(buf).toString('utf8');
      expect(text.endsWith('\n')).toBe(true);
      const lines = text.slice(0, -1).split('\n');
      const type = NFW_S3_KEY_RE.exec(key)![3] as keyof typeof byType;
      const hour = key.split('/').slice(6, 10).join('-');
      for (const line of lines) {
        const j = JSON.parse(line);
        expect(j.firewall_name).toBe(key.split('/')[5]);
        const ts = new Date(Number(j.event_timestamp) * 1000).toISOString();
        expect(ts.slice(0, 13).replace('T', '-')).toBe(hour);
      }
      byType[type] += lines.length;
    }
    expect(byType).toEqual(a.byLogType);
    expect(a.records).toBe(OPTS.records);
    expect(byType.alert + byType.flow + byType.tls).toBe(OPTS.records);
    expect(Object.values(byType).every((n) => n > 0)).toBe(true);
    expect(a.bytesGz).toBe(gzBytes);
  });

  it('is byte-for-byte deterministic for a seed, and another seed gives other bytes', async () => {
    const b = await generateLogs({ ...OPTS, outDir: join(root, 'b') });
    const filesB = await listFiles(b.outDir);
    expect(filesB).toEqual(filesA);
    for (const key of filesA) {
      expect((await readFile(join(b.outDir, key))).equals(await readFile(join(a.outDir, key))), key).toBe(
        true,
      );
    }
    const c = await generateLogs({ ...OPTS, seed: 6, outDir: join(root, 'c') });
    const unhashed = (k: string) => k.replace(/_[0-9a-f]{8}\.log\.gz$/, '');
    const filesC = new Map((await listFiles(c.outDir)).map((k) => [unhashed(k), k]));
    let compared = 0;
    for (const key of filesA) {
      const other = filesC.get(unhashed(key));
      if (!other) continue;
      compared++;
      expect(other).not.toBe(key);
      const textA = gunzipSync(await readFile(join(a.outDir, key))).toString();
      const textC = gunzipSync(await readFile(join(c.outDir, other))).toString();
      expect(textC).not.toBe(textA);
    }
    expect(compared).toBeGreaterThan(filesA.length / 2);
  });

  it('keeps the file count sensible and still writes small runs', async () => {
    // 6 hours x 3 firewalls: one or two flow files and one alert file per firewall-hour, TLS on two firewalls.
    expect(a.files).toBeGreaterThanOrEqual(6 * 3 * 2);
    expect(a.files).toBeLessThanOrEqual(6 * 3 * 4);
    const tiny = await generateLogs({
      records: 60,
      seed: 1,
      start: START,
      hours: 1,
      outDir: join(root, 'tiny'),
    });
    expect(tiny.records).toBe(60);
    const types = new Set((await listFiles(tiny.outDir)).map((k) => NFW_S3_KEY_RE.exec(k)![3]));
    expect(types.has('flow')).toBe(true);
    for (const t of ['alert', 'tls'] as const) expect(types.has(t)).toBe(tiny.byLogType[t] > 0);
    expect((await stat(tiny.outDir)).isDirectory()).toBe(true);
  });
});
