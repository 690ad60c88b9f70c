/**
 * The API's error messages in the UI's language: the server sends a stable `code` and the values its
 * message names (`params`); the text comes from the dictionaries here, the server's English
 * `message` standing in for a code they do not know (a newer server).
 */
import type { ApiErrorBody } from '../api/types.ts';
import { errorsEn } from './errors-en.ts';
import { errorsJa } from './errors-ja.ts';
import { currentLang } from './index.ts';

const TABLES: Record<'en' | 'ja', Record<string, string>> = { en: errorsEn, ja: errorsJa };

/** Values the messages name beside `params`: lists written out, with their lead-in. */
function derived(params: Record<string, unknown>, lang: 'en' | 'ja'): Record<string, string> {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join(', ') : '');
  const suggestions = list(params.suggestions);
  const expected = list(params.expected);
  return {
    suggestionsText: suggestions
      ? lang === 'ja'
        ? `。候補: ${suggestions}`
        : `; did you mean ${suggestions}?`
      : '',
    expectedText: expected
      ? lang === 'ja'
        ? `。期待される入力: ${expected}`
        : `; expected ${expected}`
      : '',
  };
}

/** The message of an error body in the current language. */
export function errorText(body: Pick<ApiErrorBody, 'code' | 'params' | 'message'>): string {
  const lang = currentLang();
  const text = body.code ? TABLES[lang][body.code] : undefined;
  if (text === undefined) return body.message;
  const params: Record<string, unknown> = { ...(body.params ?? {}) };
  const vars: Record<string, string> = { detail: body.message, ...derived(params, lang) };
  for (const [k, v] of Object.entries(params))
    vars[k] = Array.isArray(v) ? v.map(String).join(', ') : String(v);
  return text.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}
