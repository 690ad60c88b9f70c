import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'nfwlens-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const s3 = { name: 'logs', type: 's3', bucket: 'my-bucket' };

describe('parseConfig', () => {
  it('takes a ClickHouse store URL', () => {
    expect(parseConfig({ store: 'clickhouse://u:p@db:8123/logs', sources: [s3] }).store).toBe(
      'clickhouse://u:p@db:8123/logs',
    );
  });

  it('takes the cluster of a ClickHouse store', () => {
    expect(
      parseConfig({ store: 'clickhouse://db/logs', cluster: 'logs_cluster', sources: [s3] }).cluster,
    ).toBe('logs_cluster');
  });

  it('fills defaults', () => {
    const cfg = parseConfig({ sources: [s3, { name: 'fh', type: 'firehose', accessKeyEnv: 'FH_KEY' }] });
    expect(cfg.pollIntervalSeconds).toBe(60);
    expect(cfg.sources[0]).toMatchObject({ prefix: '', batchSize: 122_880 }); // one DuckDB row group per commit
    expect(cfg.sources[1]).toMatchObject({ path: '/firehose', port: 8088, maxBodyBytes: 64 * 1024 * 1024 });
  });

  it.each([
    ['an unknown top-level key', { sources: [s3], pollInterval: 5 }, 'pollInterval: unknown key'],
    ['an unknown source key', { sources: [{ ...s3, bukket: 'x' }] }, 'sources[0].bukket: unknown key'],
    ['a missing bucket', { sources: [{ name: 'a', type: 's3' }] }, 'sources[0].bucket:'],
    ['an unknown type', { sources: [{ name: 'a', type: 'kinesis' }] }, 'sources[0].type:'],
    ['a bad endpoint', { sources: [{ ...s3, endpoint: 'not a url' }] }, 'sources[0].endpoint:'],
    ['a duplicate name', { sources: [s3, s3] }, 'sources[1].name: duplicate source name "logs"'],
    ['no access key', { sources: [{ name: 'fh', type: 'firehose' }] }, 'sources[0].accessKey: exactly one'],
    ['a bad log type', { sources: [{ ...s3, logTypes: ['dns'] }] }, 'sources[0].logTypes[0]:'],
    ['no sources', { sources: [] }, 'sources:'],
    ['a bad store URL', { store: 'http://db:8123/x', sources: [s3] }, 'store: invalid store URL'],
    ['db and store', { db: 'a.duckdb', store: 'clickhouse://db/x', sources: [s3] }, 'store: give db'],
    [
      'a cluster without a store',
      { cluster: 'c1', sources: [s3] },
      'cluster: cluster applies to a ClickHouse store',
    ],
    [
      'a bad cluster name',
      { store: 'clickhouse://db/x', cluster: 'a b', sources: [s3] },
      'cluster: letters, digits',
    ],
  ])('rejects %s, naming the key', (_name, doc, expected) => {
    expect(() => parseConfig(doc)).toThrow(ConfigError);
    expect(() => parseConfig(doc)).toThrow(expected);
  });
});

describe('loadConfig', () => {
  it.each([
    [
      'yaml',
      'pollIntervalSeconds: 5\nsources:\n  - name: cw\n    type: cloudwatch\n    logGroupName: /nfw\n',
    ],
    [
      'json',
      JSON.stringify({
        pollIntervalSeconds: 5,
        sources: [{ name: 'cw', type: 'cloudwatch', logGroupName: '/nfw' }],
      }),
    ],
  ])('reads %s', async (ext, text) => {
    const path = join(dir, `c.${ext}`);
    writeFileSync(path, text);
    const cfg = await loadConfig(path);
    expect(cfg.pollIntervalSeconds).toBe(5);
    expect(cfg.sources[0]).toMatchObject({ type: 'cloudwatch', logGroupName: '/nfw', overlapMinutes: 10 });
  });

  it('names the file when it cannot be parsed', async () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'sources: [\n');
    await expect(loadConfig(path)).rejects.toThrow(`${path}: not valid YAML or JSON`);
  });
});
