import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { frameStream } from './index.ts';
import type { FramedRecord } from './types.ts';

const ndjson = (from: number, count: number) =>
  Array.from(
    { length: count },
    (_, i) => `{"i":${from + i},"pad":"${(from + i).toString(36).repeat(20)}"}\n`,
  ).join('');

async function frame(chunks: Buffer[]): Promise<FramedRecord[]> {
  const records: FramedRecord[] = [];
  for await (const b of frameStream(Readable.from(chunks), { batchSize: 1000 })) records.push(...b.records);
  return records;
}

const slices = (buf: Buffer, size: number) =>
  Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size));

describe('frameStream gzip', () => {
  it('detects gzip by its magic bytes and inflates it', async () => {
    const records = await frame(slices(gzipSync(ndjson(0, 5000)), 1000));
    expect(records.length).toBe(5000);
    expect(records.map((r) => JSON.parse(r.text).i)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(records.at(-1)?.line).toBe(5000);
  });

  it('inflates concatenated gzip members', async () => {
    const gz = Buffer.concat([gzipSync(ndjson(0, 3)), gzipSync(ndjson(3, 2))]);
    const records = await frame([gz]);
    expect(records.map((r) => [r.line, JSON.parse(r.text).i])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 4],
    ]);
  });

  it('yields the records of a truncated member, then a bad_gzip record', async () => {
    const gz = Buffer.concat([gzipSync(ndjson(0, 3)), gzipSync(ndjson(3, 2))]);
    const records = await frame([gz.subarray(0, gz.length - 6)]);
    const last = records.at(-1)!;
    expect(last.error).toBe('bad_gzip');
    expect(last.text).toMatch(/unexpected end of file.*compressed byte \d+/);
    expect(last.line).toBe(records.length);
    expect(records.slice(0, -1).map((r) => JSON.parse(r.text).i)).toEqual([0, 1, 2, 3, 4]);
  });

  it.each([
    [
      'garbage inside the second member',
      (a: Buffer, b: Buffer) =>
        Buffer.concat([a, b.subarray(0, 20), Buffer.from('garbage!'), b.subarray(28)]),
    ],
    ['garbage between members', (a: Buffer, b: Buffer) => Buffer.concat([a, Buffer.from('garbage!'), b])],
  ])('yields the good records then bad_gzip on %s', async (_name, corrupt) => {
    const first = 20_000;
    const input = corrupt(gzipSync(ndjson(0, first)), gzipSync(ndjson(first, 100)));
    const records = await frame(slices(input, 4096));
    const last = records.at(-1)!;
    expect(last.error).toBe('bad_gzip');
    const good = records.slice(0, -1);
    expect(good.every((r) => r.error === undefined)).toBe(true);
    // In order from the start; the last one may be cut where inflating stopped (kept, not dropped).
    // At most one zlib output chunk before the fault is lost.
    const expected = ndjson(0, first).split('\n');
    expect(good.map((r) => r.text).slice(0, -1)).toEqual(expected.slice(0, good.length - 1));
    expect(expected[good.length - 1]!.startsWith(good.at(-1)!.text)).toBe(true);
    expect(good.length).toBeGreaterThan(first - 1000);
    expect(last.line).toBe(good.length + 1);
  });

  it('passes plain input that merely starts with 0x1f through', async () => {
    const records = await frame([Buffer.from('\x1f{"a":1}\n{"b":2}\n')]);
    expect(records.map((r) => r.text)).toEqual(['\x1f{"a":1}', '{"b":2}']);
  });

  it('stops cleanly when the consumer stops early', async () => {
    let pulled = 0;
    async function* source() {
      const gz = gzipSync(ndjson(0, 50_000));
      for (let i = 0; i < gz.length; i += 4096) {
        pulled++;
        yield gz.subarray(i, i + 4096);
      }
    }
    let batches = 0;
    for await (const _ of frameStream(source(), { batchSize: 100 })) {
      if (++batches === 2) break;
    }
    expect(batches).toBe(2);
    expect(pulled).toBeLessThan(10);
  });
});

describe('frameStream gzip: complete members before a fault', () => {
  const members = (sizes: number[]) => {
    let from = 0;
    return sizes.map((n) => {
      const gz = gzipSync(ndjson(from, n));
      from += n;
      return gz;
    });
  };

  it.each([
    ['text', Buffer.from('this is not gzip at all\n')],
    ['zeros then junk', Buffer.concat([Buffer.alloc(10), Buffer.from('junk')])],
    ['a second gzip magic with a bad method', Buffer.from([0x1f, 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 0, 1, 2])],
  ])(
    'keeps every record of the valid members and rejects the junk (%s) with its offset',
    async (_name, junk) => {
      const good = Buffer.concat(members([1000, 1000, 1000, 1000]));
      for (const size of [4096, 1 << 20]) {
        const records = await frame(slices(Buffer.concat([good, junk]), size));
        const last = records.at(-1)!;
        expect(last.error).toBe('bad_gzip');
        expect(last.text).toContain(`compressed byte ${good.length}`);
        expect(records.slice(0, -1).map((r) => JSON.parse(r.text).i)).toEqual(
          Array.from({ length: 4000 }, (_, i) => i),
        );
      }
    },
  );

  it('keeps all the records of a small file with a junk tail', async () => {
    const gz = gzipSync(ndjson(0, 3));
    const records = await frame([Buffer.concat([gz, Buffer.from('JUNK')])]);
    expect(records.map((r) => r.error ?? JSON.parse(r.text).i)).toEqual([0, 1, 2, 'bad_gzip']);
    expect(records.at(-1)!.text).toMatch(new RegExp(`^not gzip data at compressed byte ${gz.length} "JUNK"`));
  });

  it('ignores zero padding after the last member', async () => {
    const records = await frame([Buffer.concat([gzipSync(ndjson(0, 3)), Buffer.alloc(512)])]);
    expect(records.map((r) => r.error ?? JSON.parse(r.text).i)).toEqual([0, 1, 2]);
  });

  it('rejects a member whose CRC does not match', async () => {
    const gz = gzipSync(ndjson(0, 3));
    gz[gz.length - 8]! ^= 0xff;
    const records = await frame([gz]);
    expect(records.at(-1)).toMatchObject({ error: 'bad_gzip', text: expect.stringMatching(/CRC/) });
    expect(records.length).toBe(4);
  });

  it('holds a member cut short when the file may still grow, and rejects nothing', async () => {
    const [a, b] = members([5, 5]);
    const cut = Buffer.concat([a!, b!.subarray(0, b!.length - 10)]);
    const batches = [];
    for await (const batch of frameStream(Readable.from([cut]), { holdPartialTail: true }))
      batches.push(batch);
    const records = batches.flatMap((x) => x.records);
    expect(records.every((r) => r.error === undefined)).toBe(true);
    expect(records.map((r) => JSON.parse(r.text).i)).toEqual(records.map((_, i) => i));
    expect(records.length).toBeGreaterThanOrEqual(5);
    expect(batches.at(-1)!.held).toBe(true);
    expect(batches.at(-1)!.endOffset).toBe(Buffer.byteLength(ndjson(0, records.length)));
  });
});
