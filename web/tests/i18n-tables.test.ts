/**
 * The UI's words are complete in both languages: every column's display names, a message for every
 * error code the server can send, a title for every built-in report.
 */
import { describe, expect, it } from 'vitest';
import { REPORTS } from '../../src/report/definitions.ts';
import { SOURCES } from '../../src/report/sources.ts';
import { EVENT_COLUMNS, META_COLUMNS } from '../../src/schema/columns.ts';
import { ERROR_MESSAGE_CODES } from '../../src/schema/error-codes.ts';
import { SESSION_COLUMN_TABLE } from '../../src/schema/session-columns.ts';
import { errorsEn } from '../src/i18n/errors-en.ts';
import { errorsJa } from '../src/i18n/errors-ja.ts';
import { en } from '../src/i18n/messages-en.ts';
import { ja } from '../src/i18n/messages-ja.ts';
import { REPORT_COLUMN_LABELS, REPORT_TITLES } from '../src/i18n/report-titles.ts';

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

describe('display names', () => {
  const columns = [
    ...[...EVENT_COLUMNS, ...META_COLUMNS].map((c) => ['event', c.name, c.label] as const),
    ...SESSION_COLUMN_TABLE.map((c) => ['session', c.name, c.label] as const),
  ];
  it.each(columns)('%s column %s has an English and a Japanese name', (_table, name, label) => {
    expect(label.en.trim()).not.toBe('');
    expect(label.ja.trim()).not.toBe('');
    expect(label.en).not.toBe(name);
  });

  it('Japanese names are written in Japanese, bar acronyms (TCP SYN, JA3, TLS SNI, HTTP URL)', () => {
    const latin = columns.filter(([, , l]) => !JAPANESE.test(l.ja)).map(([, n, l]) => `${n}: ${l.ja}`);
    for (const text of latin) expect(text).toMatch(/: [A-Z0-9 /]+$/);
    expect(latin.length).toBeLessThan(15);
  });
});

describe('error messages', () => {
  it.each([...ERROR_MESSAGE_CODES])('%s has an English and a Japanese message', (code) => {
    expect(errorsEn[code]?.trim()).toBeTruthy();
    expect(errorsJa[code]?.trim()).toBeTruthy();
    expect(errorsJa[code]).toMatch(JAPANESE);
  });

  it('the dictionaries hold no code the server does not have', () => {
    const known = new Set<string>(ERROR_MESSAGE_CODES);
    expect(Object.keys(errorsEn).filter((c) => !known.has(c))).toEqual([]);
    expect(Object.keys(errorsJa).filter((c) => !known.has(c))).toEqual([]);
  });
});

describe('report columns', () => {
  const names = [
    ...new Set(
      Object.values(SOURCES).flatMap((s) => [
        ...Object.keys(s.measures),
        ...Object.keys(s.dims),
        ...s.defaultDrill,
      ]),
    ),
  ];
  const known = new Map<string, { en: string; ja: string }>([
    ...[...EVENT_COLUMNS, ...SESSION_COLUMN_TABLE].map((c) => [c.name, c.label] as const),
    ...Object.entries(REPORT_COLUMN_LABELS),
  ]);
  it.each(names)('%s has a display name in both languages', (name) => {
    const label = known.get(name);
    expect(label?.en).toBeTruthy();
    expect(label?.ja).toBeTruthy();
  });
});

describe('report titles', () => {
  it.each(REPORTS.map((r) => r.name))('%s has a title in both languages', (name) => {
    const key = REPORT_TITLES[name];
    expect(key).toBeDefined();
    expect(en[key!]).toBeTruthy();
    expect(ja[key!]).toMatch(JAPANESE);
  });
});
