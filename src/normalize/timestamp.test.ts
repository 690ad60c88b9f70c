import { describe, expect, it } from 'vitest';
import { formatEveTimestamp, parseEveTimestamp } from './timestamp.ts';

/** Epoch µs of a UTC instant given to the millisecond, plus extra microseconds. */
const utc = (iso: string, extraUs = 0): number => Date.parse(iso) * 1000 + extraUs;

describe('parseEveTimestamp', () => {
  it.each([
    ['2020-10-13T22:10:01.006481+0000', utc('2020-10-13T22:10:01.006Z', 481)],
    ['2020-10-13T22:10:01.006481+00:00', utc('2020-10-13T22:10:01.006Z', 481)],
    ['2020-10-13T22:10:01.006481Z', utc('2020-10-13T22:10:01.006Z', 481)],
    ['2020-10-13T22:10:01.006481', utc('2020-10-13T22:10:01.006Z', 481)],
    ['2020-10-13 22:10:01.006481+0000', utc('2020-10-13T22:10:01.006Z', 481)],
    ['2018-07-05T15:01:09.820360-0400', utc('2018-07-05T19:01:09.820Z', 360)],
    ['2018-07-05T15:01:09.820360-04:00', utc('2018-07-05T19:01:09.820Z', 360)],
    ['2018-07-05T15:01:09.820360+0530', utc('2018-07-05T09:31:09.820Z', 360)],
    ['2022-11-03T00:00:00', utc('2022-11-03T00:00:00.000Z')],
    ['2022-11-03T00:00:00.5Z', utc('2022-11-03T00:00:00.500Z')],
    ['2022-11-03T00:00:00.123Z', utc('2022-11-03T00:00:00.123Z')],
    ['2022-11-03T00:00:00.123456789Z', utc('2022-11-03T00:00:00.123Z', 456)],
    ['2024-02-29T12:00:00Z', utc('2024-02-29T12:00:00.000Z')],
    ['1969-12-31T23:59:59.999999+0000', -1],
    ['1970-01-01T00:00:00.000000+0000', 0],
  ])('%s', (text, expected) => {
    expect(parseEveTimestamp(text)).toBe(expected);
  });

  it.each([
    '',
    'not a timestamp',
    '2020-13-01T00:00:00Z',
    '2020-00-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2020-04-31T00:00:00Z',
    '2020-10-13T24:00:00Z',
    '2020-10-13T22:60:00Z',
    '2020-10-13T22:10:60Z',
    '2020-10-13T22:10:01.Z',
    '2020-10-13T22:10:01.1234567890Z',
    '2020-10-13T22:10:01.006481+000',
    '2020-10-13T22:10:01.006481+2500',
    '2020-10-13T22:10:01.006481 UTC',
    '2020-10-13X22:10:01Z',
    '2020/10/13T22:10:01Z',
    '20201013T221001Z',
    '2020-10-13T22:10',
    '9999-12-31T23:59:59Z',
  ])('rejects %j', (text) => {
    expect(parseEveTimestamp(text)).toBeNull();
  });
});

describe('formatEveTimestamp', () => {
  it.each([
    '2020-10-13T22:10:01.006481+0000',
    '1970-01-01T00:00:00.000000+0000',
    '1969-12-31T23:59:59.999999+0000',
    '2024-02-29T23:59:59.000001+0000',
    '2000-03-01T00:00:00.100000+0000',
    '2255-01-01T00:00:00.000000+0000',
  ])('round-trips %s', (text) => {
    const us = parseEveTimestamp(text);
    expect(us).not.toBeNull();
    expect(formatEveTimestamp(us as number)).toBe(text);
  });

  it('agrees with Date on the millisecond part over many instants', () => {
    for (let ms = -5e11; ms < 5e12; ms += 7_777_777_777) {
      const us = ms * 1000 + 123;
      const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
      expect(formatEveTimestamp(us)).toBe(`${iso.slice(0, 23)}123+0000`);
    }
  });
});
