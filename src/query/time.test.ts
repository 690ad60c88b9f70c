import { describe, expect, it } from 'vitest';
import { isDateOnly, microsToIso, parseTime, parseTimeMicros } from './time.ts';

const now = new Date('2024-06-01T12:00:00.000Z');
const us = (iso: string) => Date.parse(iso) * 1000;

describe('parseTimeMicros', () => {
  it.each<[string, number | null]>([
    ['now', us('2024-06-01T12:00:00Z')],
    ['NOW', us('2024-06-01T12:00:00Z')],
    ['-24h', us('2024-05-31T12:00:00Z')],
    ['-7d', us('2024-05-25T12:00:00Z')],
    ['-30m', us('2024-06-01T11:30:00Z')],
    ['-15s', us('2024-06-01T11:59:45Z')],
    ['-2w', us('2024-05-18T12:00:00Z')],
    ['0024-01-01', Date.parse('0024-01-01T00:00:00Z') * 1000],
    ['9999-12-31T23:59:59Z', us('9999-12-31T23:59:59Z')],
    ['0000-12-31', null],
    ['-99999999999d', null],
    ['+99999999999999999999w', null],
    [`-${'9'.repeat(400)}s`, null],
    ['2024-01-01T23:59:60Z', us('2024-01-02T00:00:00Z')],
    ['now-1h', us('2024-06-01T11:00:00Z')],
    ['2024-01-01', us('2024-01-01T00:00:00Z')],
    ['2024-01-01T00:00:00Z', us('2024-01-01T00:00:00Z')],
    ['2024-01-01T02:00:00+02:00', us('2024-01-01T00:00:00Z')],
    ['2024-01-01T00:00:00-0530', us('2024-01-01T05:30:00Z')],
    ['2023-01-31T07:48:43.647164+0000', us('2023-01-31T07:48:43Z') + 647164],
    ['2024-01-01T10:00', us('2024-01-01T10:00:00Z')],
    ['2024-01-01 10:00:00Z', us('2024-01-01T10:00:00Z')],
    ['2024-13-01', null],
    ['2024-02-30', null],
    ['2024-01-01T25:00:00Z', null],
    ['yesterday', null],
    ['-24x', null],
    ['', null],
  ])('%s', (text, expected) => {
    expect(parseTimeMicros(text, now)).toBe(expected);
  });

  it('parseTime returns a Date or names the accepted forms', () => {
    expect(parseTime('-1h', now).toISOString()).toBe('2024-06-01T11:00:00.000Z');
    expect(() => parseTime('soon', now)).toThrow(/invalid time "soon".*-24h/);
  });

  it('formats microseconds and recognises bare dates', () => {
    expect(microsToIso(us('2023-01-31T07:48:43Z') + 647164)).toBe('2023-01-31T07:48:43.647164Z');
    expect(isDateOnly('2024-01-01')).toBe(true);
    expect(isDateOnly('2024-01-01T00:00:00Z')).toBe(false);
  });
});
