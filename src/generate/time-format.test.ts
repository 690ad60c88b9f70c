import { describe, expect, it } from 'vitest';
import { epochSeconds, eveTime, fileStamp, hourPath, tlsTime } from './time-format.ts';

describe('time formats', () => {
  it.each([
    [1602627001006481, '2020-10-13T22:10:01.006481+0000', '2020-10-13T22:10:01.006481Z'],
    [1601587504070479, '2020-10-01T21:25:04.070479+0000', '2020-10-01T21:25:04.070479Z'],
    [1793577600000000, '2026-11-02T00:00:00.000000+0000', '2026-11-02T00:00:00.000000Z'],
    [1793577659999999, '2026-11-02T00:00:59.999999+0000', '2026-11-02T00:00:59.999999Z'],
  ])('formats %i µs as EVE and TLS-log time', (us, eve, tls) => {
    expect(eveTime(us)).toBe(eve);
    expect(tlsTime(us)).toBe(tls);
    expect(Date.parse(tls)).toBe(Math.floor(us / 1000));
  });

  it('gives epoch seconds, S3 file stamps and hour folders', () => {
    expect(epochSeconds(1602627001999999)).toBe(1602627001);
    expect(fileStamp(Date.parse('2020-10-01T19:20:00Z'))).toBe('202010011920');
    expect(hourPath(Date.parse('2020-10-01T19:20:00Z'))).toBe('2020/10/01/19');
  });
});
