import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { frameStream, openFile } from './index.ts';
import type { FramedBatch, FrameOptions } from './types.ts';

async function collect(gen: AsyncGenerator<FramedBatch>): Promise<FramedBatch[]> {
  const batches: FramedBatch[] = [];
  for await (const b of gen) batches.push(b);
  return batches;
}
const frame = (text: string | Buffer, opts?: FrameOptions) =>
  collect(frameStream(Readable.from([Buffer.from(text)]), opts));
const pairs = (batches: FramedBatch[]) => batches.flatMap((b) => b.records.map((r) => [r.line, r.text]));

/** Multi-byte UTF-8, CRLF, blank lines, pretty-printed and concatenated records. */
const mixed = [
  '{"city":"Zürich","note":"€ 😀"}',
  '',
  '{"a":"日本語"}{"b":"ü"}',
  '{',
  '  "c": "é"',
  '}',
  '2020-10-01T17:25:04.123Z {"d":"ø"}\r',
  '{"e":"end"}',
  '',
].join('\n');

describe('resume offsets', () => {
  it('gives byte offsets, not character offsets, and line numbers at batch ends', async () => {
    const batches = await frame(mixed, { batchSize: 1 });
    const buf = Buffer.from(mixed);
    for (const b of batches) {
      // Every boundary is a place where the input can be cut: the text before it has that many lines.
      const before = buf.subarray(0, b.endOffset).toString('utf8');
      expect(before.split('\n').length - 1).toBe(b.endLine);
    }
    expect(batches.at(-1)?.endOffset).toBe(buf.length);
  });

  it.each([1, 2, 3])(
    'resuming from each endOffset (batchSize %i) gives exactly the remaining records',
    async (size) => {
      const all = pairs(await frame(mixed));
      const batches = await frame(mixed, { batchSize: size });
      let done = 0;
      for (const b of batches) {
        done += b.records.length;
        const rest = await frame(mixed, { startOffset: b.endOffset, startLine: b.endLine });
        expect(pairs(rest)).toEqual(all.slice(done));
      }
    },
  );

  it('resumes inside a long line of concatenated objects', async () => {
    const one = (i: number) => `{"i":${i},"s":"ü${'p'.repeat(100)}"}`;
    const text = Array.from({ length: 20_000 }, (_, i) => one(i)).join('') + '\n{"last":1}\n';
    const batches = await frame(text, { batchSize: 3_000 });
    const all = pairs(batches);
    expect(all.length).toBe(20_001);
    const mid = batches[2]!;
    expect(mid.endLine).toBe(0);
    expect(mid.endOffset).toBeLessThan(Buffer.byteLength(text));
    const done = batches.slice(0, 3).reduce((n, b) => n + b.records.length, 0);
    const rest = await frame(text, { startOffset: mid.endOffset, startLine: mid.endLine });
    expect(pairs(rest)).toEqual(all.slice(done));
  });

  it('holds an unterminated tail when asked, and picks it up once complete', async () => {
    const growing = '{"a":1}\n{"b":"ü"}\n{"c":';
    const held = await frame(growing, { holdPartialTail: true });
    expect(pairs(held)).toEqual([
      [1, '{"a":1}'],
      [2, '{"b":"ü"}'],
    ]);
    const last = held.at(-1)!;
    expect(last.endOffset).toBe(Buffer.byteLength('{"a":1}\n{"b":"ü"}\n'));
    const grown = `${growing}3}\n{"d":4}\n`;
    expect(pairs(await frame(grown, { startOffset: last.endOffset, startLine: last.endLine }))).toEqual([
      [3, '{"c":3}'],
      [4, '{"d":4}'],
    ]);
    expect(pairs(await frame(growing))).toContainEqual([3, '{"c":']);
  });

  it('holds an open pretty-printed object at the end when asked', async () => {
    const held = await frame('{"a":1}\n{\n"b": 2,\n', { holdPartialTail: true });
    expect(pairs(held)).toEqual([[1, '{"a":1}']]);
    expect(held.at(-1)?.endOffset).toBe(8);
  });

  it('resumes plain and gzip files through openFile', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'framing-'));
    const text = Array.from({ length: 50 }, (_, i) => `{"i":${i},"s":"ß${i}"}`).join('\n') + '\n';
    const plain = path.join(dir, 'a.log');
    const gz = path.join(dir, 'a.log.gz');
    writeFileSync(plain, text);
    writeFileSync(gz, gzipSync(text));
    for (const file of [plain, gz]) {
      const batches = await collect(openFile(file, { batchSize: 20 }));
      expect(batches.map((b) => b.records.length)).toEqual([20, 20, 10]);
      const cut = batches[0]!;
      const rest = await collect(openFile(file, { startOffset: cut.endOffset, startLine: cut.endLine }));
      expect(pairs(rest)).toEqual(pairs(batches).slice(20));
    }
  });
});
