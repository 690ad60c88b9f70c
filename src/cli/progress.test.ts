import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.ts';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 200, write: (s: string) => out.push(s) } };
}

describe('createProgress', () => {
  it('writes a plain line every interval when the stream is not a terminal, with the rate', () => {
    let t = 1_000_000;
    const { out, stream } = sink(false);
    const p = createProgress(stream, { intervalSeconds: 5, now: () => t });
    t += 1000;
    p.update(0.1, '1/10 files, 1,000 records', 1000); // 1 s in: too soon
    expect(out).toEqual([]);
    t += 4000;
    p.update(0.5, '5/10 files, 50,000 records', 50_000); // 5 s in: 10,000/s
    t += 2000;
    p.update(0.6, '6/10 files, 60,000 records', 60_000); // 2 s after the last line: too soon
    t += 3000;
    p.update(1, '10/10 files, 100,000 records', 100_000); // 10 s in: 10,000/s
    p.done();
    expect(out).toEqual([
      'nfwlens: 50% 5/10 files, 50,000 records, 10,000/s\n',
      'nfwlens: 100% 10/10 files, 100,000 records, 10,000/s\n',
    ]);
  });

  it('redraws one line in place on a terminal and clears it when done', () => {
    let t = 0;
    const { out, stream } = sink(true);
    const p = createProgress(stream, { now: () => t });
    t = 500;
    p.update(0.5, 'half', 10);
    p.done();
    expect(out[0]).toMatch(/^\r\[#{12}\.{12}\] {2}50% half, 20\/s\u001b\[K$/);
    expect(out[1]).toBe('\r\u001b[K');
  });
});
