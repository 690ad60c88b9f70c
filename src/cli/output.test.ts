import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatRows, RowWriter, writeLines, writeRowPages } from './output.ts';

/**
 * A stream that takes one chunk at a time, slowly (each write finishes on a later turn), with a
 * small buffer: it answers `false` once the buffer is full, and records how full it ever got.
 */
function slowSink(highWaterMark = 1024) {
  const chunks: string[] = [];
  let refused = 0;
  let mostBuffered = 0;
  const stream = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _enc, done) {
      chunks.push(chunk);
      setTimeout(done, 1);
    },
  });
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string) => {
    const ok = write(chunk);
    mostBuffered = Math.max(mostBuffered, stream.writableLength);
    if (!ok) refused++;
    return ok;
  }) as typeof stream.write;
  return {
    stream,
    text: () => chunks.join(''),
    chunks,
    get refused() {
      return refused;
    },
    get mostBuffered() {
      return mostBuffered;
    },
  };
}

const rows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    id: from + i,
    name: `row "${from + i}", with a comma\nand a newline`,
    big: 2n ** 64n + BigInt(from + i),
    tags: ['a', 'b'],
    none: null,
  }));

describe('RowWriter against a stream that applies backpressure', () => {
  const pages = [rows(3000), rows(0), rows(2500, 3000)];

  it('json: one valid array of every row, written in chunks, waiting whenever the stream is full', async () => {
    const sink = slowSink();
    const n = await writeRowPages(sink.stream, pages, 'json');
    expect(n).toBe(5500);
    expect(sink.refused).toBeGreaterThan(10);
    // Never more than one chunk queued: the writer waited for 'drain' before the next one.
    expect(sink.mostBuffered).toBeLessThanOrEqual(70_000);
    expect(sink.chunks.length).toBeGreaterThan(10);
    const parsed = JSON.parse(sink.text()) as Record<string, unknown>[];
    expect(parsed).toHaveLength(5500);
    expect(parsed[0]).toEqual({
      id: 0,
      name: 'row "0", with a comma\nand a newline',
      big: 18446744073709552000,
      tags: ['a', 'b'],
      none: null,
    });
    expect(parsed.map((r) => r.id)).toEqual(Array.from({ length: 5500 }, (_, i) => i));
    // bigint written as exact integers.
    expect(sink.text()).toContain('"big": 18446744073709551616,');
    expect(sink.text()).toContain('"big": 18446744073709557115,');
  });

  it('json: the same text formatRows prints for the rows at once', async () => {
    const sink = slowSink();
    await writeRowPages(sink.stream, pages, 'json');
    expect(sink.text()).toBe(formatRows(pages.flat(), 'json'));
  });

  it('ndjson: one object per line, every row once, in order', async () => {
    const sink = slowSink();
    await writeRowPages(sink.stream, pages, 'ndjson');
    expect(sink.refused).toBeGreaterThan(5);
    const lines = sink.text().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(5500);
    expect(lines.map((l) => (JSON.parse(l) as { id: number }).id)).toEqual(
      Array.from({ length: 5500 }, (_, i) => i),
    );
    expect(lines[5499]).toBe(
      '{"id":5499,"name":"row \\"5499\\", with a comma\\nand a newline","big":18446744073709557115,"tags":["a","b"],"none":null}',
    );
  });

  it('csv: a header, then one quoted record per row', async () => {
    const sink = slowSink();
    await writeRowPages(sink.stream, pages, 'csv', { columns: ['id', 'name', 'tags'] });
    const text = sink.text();
    expect(text.startsWith('id,name,tags\r\n0,"row ""0"", with a comma\nand a newline",a;b\r\n')).toBe(true);
    expect(text.endsWith('5499,"row ""5499"", with a comma\nand a newline",a;b\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(5500 + 2);
  });

  it.each([
    ['json', '[]\n'],
    ['ndjson', ''],
    ['csv', 'a,b\r\n'],
  ] as const)('no rows in %s', async (format, expected) => {
    const sink = slowSink();
    const writer = new RowWriter(sink.stream, format, { columns: ['a', 'b'] });
    await writer.write([]);
    await writer.end();
    expect(sink.text()).toBe(expected);
  });

  it('an output that fails stops the writer with its error', async () => {
    const stream = new Writable({
      highWaterMark: 16,
      write(_chunk, _enc, done) {
        setTimeout(() => done(new Error('EPIPE: the reader went away')), 1);
      },
    });
    stream.on('error', () => undefined);
    await expect(writeRowPages(stream, [rows(2000)], 'ndjson')).rejects.toThrow(/EPIPE|closed/);
  });

  it('writeLines: every line once, in order, under backpressure', async () => {
    const sink = slowSink();
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"n":${i}}`);
    await writeLines(sink.stream, lines);
    expect(sink.refused).toBeGreaterThan(2);
    expect(sink.text()).toBe(`${lines.join('\n')}\n`);
  });
});
