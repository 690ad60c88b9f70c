import { describe, expect, it } from 'vitest';
import { ReportError } from './errors.ts';
import {
  isoWithOffset,
  localDate,
  localDayStart,
  localHourFloor,
  nextDate,
  offsetMinutes,
  validateTimeZone,
} from './time-zone.ts';

const at = (iso: string) => Date.parse(iso);

describe('isoWithOffset', () => {
  it.each([
    ['2024-03-10T06:59:59Z', 'America/New_York', '2024-03-10T01:59:59-05:00'],
    ['2024-03-10T07:00:00Z', 'America/New_York', '2024-03-10T03:00:00-04:00'],
    ['2024-11-03T05:30:00Z', 'America/New_York', '2024-11-03T01:30:00-04:00'],
    ['2024-11-03T06:30:00Z', 'America/New_York', '2024-11-03T01:30:00-05:00'],
    ['2024-01-01T00:00:00Z', 'Asia/Tokyo', '2024-01-01T09:00:00+09:00'],
    ['2024-01-01T00:00:00Z', 'Asia/Kolkata', '2024-01-01T05:30:00+05:30'],
    ['2024-01-01T00:00:00Z', 'Asia/Kathmandu', '2024-01-01T05:45:00+05:45'],
    ['2024-01-01T00:00:00Z', 'UTC', '2024-01-01T00:00:00+00:00'],
  ])('%s in %s is %s', (instant, tz, text) => {
    expect(isoWithOffset(at(instant), tz)).toBe(text);
    expect(Date.parse(text)).toBe(at(instant));
  });
});

describe('local hours and days', () => {
  it.each([
    ['2024-03-10T07:59:00Z', 'America/New_York', '2024-03-10T07:00:00Z'],
    ['2024-03-10T05:59:00Z', 'Asia/Kolkata', '2024-03-10T05:30:00Z'],
    ['2024-03-10T05:59:00Z', 'Asia/Kathmandu', '2024-03-10T05:15:00Z'],
  ])('the local hour of %s in %s starts at %s', (instant, tz, start) => {
    expect(localHourFloor(at(instant), tz)).toBe(at(start));
  });

  it.each([
    ['2024-03-10', 'America/New_York', '2024-03-10T05:00:00Z', 23],
    ['2024-11-03', 'America/New_York', '2024-11-03T04:00:00Z', 25],
    ['2024-03-10', 'Asia/Tokyo', '2024-03-09T15:00:00Z', 24],
    // Santiago springs forward at midnight: 2024-09-08 starts at 01:00.
    ['2024-09-08', 'America/Santiago', '2024-09-08T04:00:00Z', 23],
  ])('%s in %s starts at %s and lasts %i hours', (date, tz, start, hours) => {
    const lo = localDayStart(date, tz);
    expect(lo).toBe(at(start));
    expect((localDayStart(nextDate(date), tz) - lo) / 3_600_000).toBe(hours);
    expect(localDate(lo, tz)).toBe(date);
  });

  it('offsets change with DST', () => {
    expect(offsetMinutes(at('2024-07-01T00:00:00Z'), 'America/New_York')).toBe(-240);
    expect(offsetMinutes(at('2024-01-01T00:00:00Z'), 'America/New_York')).toBe(-300);
  });

  it('nextDate crosses months and leap days', () => {
    expect(nextDate('2024-02-28')).toBe('2024-02-29');
    expect(nextDate('2024-12-31')).toBe('2025-01-01');
  });
});

describe('validateTimeZone', () => {
  it.each([
    ['Asia/Tokyo', 'Asia/Tokyo'],
    ['asia/tokyo', 'Asia/Tokyo'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['UTC', 'UTC'],
  ])('accepts %s as %s', (tz, name) => {
    expect(validateTimeZone(tz)).toBe(name);
  });

  it.each(['Mars/Olympus', "UTC'; --", '+09:00', ''])('refuses %j', (tz) => {
    expect(() => validateTimeZone(tz)).toThrow(ReportError);
  });
});
