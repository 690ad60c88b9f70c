/**
 * English and Japanese: the language comes from the browser (`navigator.languages`) until the user
 * picks one (kept in localStorage). Numbers, bytes and dates are formatted with `Intl` for it.
 */
import { en, type MessageKey } from './messages-en.ts';
import { ja } from './messages-ja.ts';

export type Lang = 'en' | 'ja';
export type { MessageKey };

const STORAGE_KEY = 'nfwlens.lang';
const tables: Record<Lang, Record<MessageKey, string>> = { en, ja };

function detect(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'ja') return saved;
  } catch {
    // storage unavailable: fall through to the browser's language
  }
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const l of langs) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'ja') return 'ja';
    if (base === 'en') return 'en';
  }
  return 'en';
}

let lang: Lang = detect();

export function currentLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not persisted; still applies to this page
  }
  document.documentElement.lang = next;
}

/** The locale for `Intl` (ja-JP, en-US). */
export function locale(): string {
  return lang === 'ja' ? 'ja-JP' : 'en-US';
}

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = tables[lang][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/**
 * A message for a count, in the locale's plural form: `key.one` ("1 row") when the table has it and
 * the count takes that form, else `key` ("{n} rows"). `n` is the count as formatted for the locale.
 */
export function tn(
  key: MessageKey,
  count: number,
  n: string = String(count),
  vars: Record<string, string | number> = {},
): string {
  const form = new Intl.PluralRules(locale()).select(count);
  const table = tables[lang] as Record<string, string | undefined>;
  const variant = `${key}.${form}`;
  const text = table[variant] ?? (en as Record<string, string>)[variant] ?? tables[lang][key] ?? en[key];
  const all: Record<string, string | number> = { ...vars, n };
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in all ? String(all[name]) : m));
}
