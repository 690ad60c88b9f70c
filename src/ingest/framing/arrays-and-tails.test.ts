import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { frameStream } from './index.ts';
import type { FramedBatch, FrameOptions } from './types.ts';

async function frame(text: string, opts?: FrameOptions): Promise<FramedBatch[]> {
  const batches: FramedBatch[] = [];
  for await (const b of frameStream(Readable.from([Buffer.from(text)]), opts)) batches.push(b);
  return batches;
}
const pairs = (batches: FramedBatch[]) => batches.flatMap((b) => b.records.map((r) => [r.line, r.text]));

describe('a file holding one JSON array of records', () => {
  it('reads pretty-printed elements with the line each starts on, and nothing else', async () => {
    const text = '[\n  {\n    "a": 1\n  },\n  {\n    "b": [1, 2]\n  }\n]\n';
    expect(pairs(await frame(text))).toEqual([
      [2, '{\n    "a": 1\n  }'],
      [5, '{\n    "b": [1, 2]\n  }'],
    ]);
  });

  it('reads one element a line, with or without the closing newline', async () => {
    for (const end of [']\n', ']', '  ]  ']) {
      const text = `[\n{"a":1},\n{"b":2},\n{"c":3}\n${end}`;
      expect(pairs(await frame(text))).toEqual([
        [2, '{"a":1}'],
        [3, '{"b":2}'],
        [4, '{"c":3}'],
      ]);
    }
  });

  it('reads an array on one line, and one that starts on the first element’s line', async () => {
    expect(pairs(await frame('[{"a":1}, {"b":2},{"c":{"d":[3]}}]\n'))).toEqual([
      [1, '{"a":1}'],
      [1, '{"b":2}'],
      [1, '{"c":{"d":[3]}}'],
    ]);
    expect(pairs(await frame('[ {"a":1},\n  {"b":2} ]'))).toEqual([
      [1, '{"a":1}'],
      [2, '{"b":2}'],
    ]);
  });

  it('yields each element that is not an object as it is, with its line', async () => {
    const text = '[\n  {"a":1},\n  5,\n  "text, with a comma",\n  [1, [2]],\n  null,\n  {"b":2}\n]\n';
    expect(pairs(await frame(text))).toEqual([
      [2, '{"a":1}'],
      [3, '5'],
      [4, '"text, with a comma"'],
      [5, '[1, [2]]'],
      [6, 'null'],
      [7, '{"b":2}'],
    ]);
  });

  it('resumes inside an array from any batch end with the remaining records only', async () => {
    const text = `[\n${Array.from({ length: 10 }, (_, i) => `  {"i":${i}}`).join(',\n')}\n]\n`;
    const all = pairs(await frame(text));
    expect(all.length).toBe(10);
    const batches = await frame(text, { batchSize: 3 });
    let done = 0;
    for (const b of batches) {
      done += b.records.length;
      const rest = await frame(text, { startOffset: b.endOffset, startLine: b.endLine });
      expect(pairs(rest)).toEqual(all.slice(done));
    }
  });

  it('still yields a line that merely starts with [ as one record', async () => {
    expect(pairs(await frame('[1,2,3]\n[2024-01-01] some text\n'))).toEqual([
      [1, '[1,2,3]'],
      [2, '[2024-01-01] some text'],
    ]);
  });
});

describe('holding the tail of a file being written', () => {
  it.each([
    ['half a line', '{"a":1}\n{"b":', [[1, '{"a":1}']], 8],
    [
      'a whole object without its newline',
      '{"a":1}\n{"b":2}',
      [
        [1, '{"a":1}'],
        [2, '{"b":2}'],
      ],
      15,
    ],
    ['an open pretty-printed object', '{"a":1}\n{\n  "b": 2', [[1, '{"a":1}']], 8],
    ['a pretty-printed object closed on the last line', '{\n  "b": 2\n}', [[1, '{\n  "b": 2\n}']], 12],
    [
      'a one-line object left open by a line that ended',
      '{"a":1}\n{"b":\n',
      [
        [1, '{"a":1}'],
        [2, '{"b":'],
      ],
      14,
    ],
    ['a pretty-printed object open after its lines', '{\n  "b": 2,\n', [], 0],
    ['a CloudWatch export line cut short', '2024-01-01T00:00:00.000Z {"a":', [], 0],
    ['a line that is not JSON', 'hello', [], 0],
  ])('%s: frames what is whole and says whether it held the rest', async (_name, text, want, offset) => {
    const batches = await frame(text, { holdPartialTail: true });
    expect(pairs(batches)).toEqual(want);
    expect(batches.at(-1)?.endOffset ?? 0).toBe(offset);
    expect(batches.at(-1)?.held ?? false).toBe(offset < Buffer.byteLength(text));
  });

  it('frames the held tail as a record once the input is final', async () => {
    expect(pairs(await frame('{"a":1}\n{"b":'))).toEqual([
      [1, '{"a":1}'],
      [2, '{"b":'],
    ]);
  });
});
