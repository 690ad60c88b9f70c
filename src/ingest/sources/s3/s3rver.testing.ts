/**
 * Test support: an S3-compatible server (s3rver) in a child process on a random loopback port,
 * with a temporary data directory, and an S3 client for it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface S3rverHandle {
  endpoint: string;
  client: S3Client;
  createBucket(name: string): Promise<void>;
  put(bucket: string, key: string, body: Buffer | string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * s3rver's listing with a delimiter does not descend more than one folder below the prefix, so
 * `Delimiter: '/'` misses deeper keys' common prefixes. The server process replaces it with a
 * listing built on its full (no delimiter) listing, which follows S3's rules.
 */
const SCRIPT = `
const path = require('node:path');
const S3rver = require(process.argv[1]);
const Fs = require(path.join(path.dirname(process.argv[1]), 'stores', 'filesystem.js'));
const list = Fs.prototype.listObjects;
Fs.prototype.listObjects = async function (bucket, options) {
  if (!options.delimiter) return list.call(this, bucket, options);
  const all = await list.call(this, bucket, { ...options, delimiter: '', maxKeys: Infinity });
  const prefix = options.prefix || '';
  const prefixes = new Set();
  const objects = [];
  for (const o of all.objects) {
    const i = o.key.slice(prefix.length).indexOf(options.delimiter);
    if (i === -1) objects.push(o);
    else prefixes.add(o.key.slice(0, prefix.length + i + options.delimiter.length));
  }
  return { objects, commonPrefixes: [...prefixes].sort(), isTruncated: false };
};
new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[2] })
  .run()
  .then((addr) => process.stdout.write(JSON.stringify({ port: addr.port }) + '\\n'));
`;

export async function startS3rver(): Promise<S3rverHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'nfwlens-s3rver-'));
  const main = createRequire(import.meta.url).resolve('s3rver');
  // Truncated ListObjectsV2 answers need the legacy OpenSSL provider in the server process.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '-e', SCRIPT, main, dir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve((JSON.parse(out.slice(0, nl)) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    client,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async put(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async stop() {
      client.destroy();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
