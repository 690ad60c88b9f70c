import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { frameStream } from './index.ts';
import type { FramedBatch, FramedRecord, FrameOptions } from './types.ts';

const samples = path.resolve(import.meta.dirname, '../../../test/fixtures/public-samples');

async function frame(input: string | Buffer | Buffer[], opts?: FrameOptions) {
  const chunks = Array.isArray(input) ? input : [Buffer.from(input)];
  const batches: FramedBatch[] = [];
  for await (const b of frameStream(Readable.from(chunks), opts)) batches.push(b);
  const records: FramedRecord[] = batches.flatMap((b) => b.records);
  return { batches, records, pairs: records.map((r) => [r.line, r.text]) };
}

/** Splits a buffer into pieces of `size` bytes, to cut lines and characters at every place. */
const pieces = (buf: Buffer, size: number): Buffer[] => {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
};

describe('frameStream layouts', () => {
  it.each([
    [
      'LF',
      '{"a":1}\n{"b":2}\n',
      [
        [1, '{"a":1}'],
        [2, '{"b":2}'],
      ],
    ],
    [
      'CRLF',
      '{"a":1}\r\n{"b":2}\r\n',
      [
        [1, '{"a":1}'],
        [2, '{"b":2}'],
      ],
    ],
    [
      'BOM',
      '\ufeff{"a":1}\n{"b":2}',
      [
        [1, '{"a":1}'],
        [2, '{"b":2}'],
      ],
    ],
    [
      'blank lines counted',
      '\n{"a":1}\n\n  \n{"b":2}\n\n',
      [
        [2, '{"a":1}'],
        [5, '{"b":2}'],
      ],
    ],
    [
      'last line without newline',
      '{"a":1}\n{"b":2}',
      [
        [1, '{"a":1}'],
        [2, '{"b":2}'],
      ],
    ],
    [
      'concatenated on one line',
      '{"a":1}{"b":{"c":2}} {"d":"}{"}\n',
      [
        [1, '{"a":1}'],
        [1, '{"b":{"c":2}}'],
        [1, '{"d":"}{"}'],
      ],
    ],
    [
      'concatenated across lines',
      '{"a":1}{"b":\n2}{"c":\n3}\n',
      [
        [1, '{"a":1}'],
        [1, '{"b":\n2}'],
        [2, '{"c":\n3}'],
      ],
    ],
    [
      'braces and escapes in strings',
      '{"a":"{\\"}"}\n{"b":"\\\\"}\n',
      [
        [1, '{"a":"{\\"}"}'],
        [2, '{"b":"\\\\"}'],
      ],
    ],
    [
      'CloudWatch export lines',
      '2020-10-01T17:25:04.123Z {"firewall_name":"fw"}\n2020-10-01T17:25:05Z {"a":1}{"b":2}\n',
      [
        [1, '{"firewall_name":"fw"}'],
        [2, '{"a":1}'],
        [2, '{"b":2}'],
      ],
    ],
    [
      'other lines kept as they are',
      'hello world\n{"a":1}\n[1,2]\n',
      [
        [1, 'hello world'],
        [2, '{"a":1}'],
        [3, '[1,2]'],
      ],
    ],
  ])('%s', async (_name, text, expected) => {
    expect((await frame(text)).pairs).toEqual(expected);
  });

  it('frames the pretty-printed records of a blog post, mixed with NDJSON', async () => {
    const pretty = [
      '{',
      '"firewall_name": "NetworkFirewall",',
      '"availability_zone": "us-west-2a",',
      '"event": {',
      '"src_ip": "192.168.0.78",',
      '"alert": {',
      '"signature_id": 3,',
      '"action": "allowed"',
      '},',
      '"tags": [',
      '{"k": "v"}',
      ']',
      '}',
      '}',
    ];
    const indented = JSON.stringify({ firewall_name: 'fw', event: { a: [1, { b: 2 }] } }, null, 2);
    const text = `${pretty.join('\n')}\n{"n":1}\n${indented}\n${pretty.join('\r\n')}\n`;
    const { records } = await frame(text);
    expect(records.map((r) => r.line)).toEqual([1, 15, 16, 16 + indented.split('\n').length]);
    expect(records.map((r) => JSON.parse(r.text))).toEqual([
      JSON.parse(pretty.join('\n')),
      { n: 1 },
      JSON.parse(indented),
      JSON.parse(pretty.join('\n')),
    ]);
  });

  it('does not let a broken line swallow the lines after it', async () => {
    const text = [
      '{"a":1,"b":',
      '{"c":1}',
      '{"d":"xx',
      '{"e":1}',
      '{"f":1',
      '',
      '{"g":1}',
      '{',
      '{"h":1}',
    ].join('\n');
    expect((await frame(text)).pairs).toEqual([
      [1, '{"a":1,"b":'],
      [2, '{"c":1}'],
      [3, '{"d":"xx'],
      [4, '{"e":1}'],
      [5, '{"f":1'],
      [7, '{"g":1}'],
      [8, '{'],
      [9, '{"h":1}'],
    ]);
  });

  it('yields the same records whatever the chunk boundaries', async () => {
    const text = Buffer.from(
      '\ufeff{"é":"ü€"}\r\n{\n"a": [1,\n{"b":"}"}]\n}{"c":2}\n\n2020-10-01T00:00:00Z {"x":"😀"}\nxx',
    );
    const whole = await frame(text);
    for (const size of [1, 2, 3, 7]) {
      const cut = await frame(pieces(text, size));
      expect(cut.pairs).toEqual(whole.pairs);
      expect(cut.batches.at(-1)?.endOffset).toBe(text.length);
    }
    expect(whole.records.map((r) => r.line)).toEqual([1, 2, 5, 7, 8]);
  });

  it('frames the public samples line by line', async () => {
    const file = path.join(samples, 'aws-docs/nfw-doc-examples.ndjson');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const { records } = await frame(readFileSync(file));
    expect(records.map((r) => r.text)).toEqual(lines);
    expect(records.every((r) => r.error === undefined)).toBe(true);
  });

  it('marks records over maxRecordBytes as line_too_long and goes on', async () => {
    const big = `{"a":"${'x'.repeat(500)}"}`;
    const { records } = await frame(`${big}\n{"b":1}\n{"c":"${'y'.repeat(300)}\n`, { maxRecordBytes: 200 });
    expect(records.map((r) => [r.line, r.error])).toEqual([
      [1, 'line_too_long'],
      [2, undefined],
      [3, 'line_too_long'],
    ]);
  });

  it('frames a long line of concatenated objects without newlines, in batches', async () => {
    const one = (i: number) => `{"i":${i},"pad":"${'p'.repeat(100)}"}`;
    const text = Buffer.from(Array.from({ length: 30_000 }, (_, i) => one(i)).join(''));
    const { batches, records } = await frame(pieces(text, 65_536), { batchSize: 5_000 });
    expect(records.length).toBe(30_000);
    expect(records.every((r, i) => r.line === 1 && JSON.parse(r.text).i === i)).toBe(true);
    expect(batches.length).toBeGreaterThan(3);
  });

  it('reads standard-input-like streams of strings', async () => {
    const stdin = Readable.from(['{"a":1}\n{"b"', ':2}\n']);
    const texts: string[] = [];
    for await (const b of frameStream(stdin)) texts.push(...b.records.map((r) => r.text));
    expect(texts).toEqual(['{"a":1}', '{"b":2}']);
  });
});
