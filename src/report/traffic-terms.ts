/**
 * The query-language filter that selects one series of a traffic chart: the key's field equal to the
 * value (`server_ip:"203.0.113.10"`), absent (`not app_proto:*`), or, for "Other", none of the top
 * values. Clicking a series adds it to the search or sessions view.
 */
import type { FieldSet } from '../query/index.ts';
import { escapeRe2 } from '../query/index.ts';
import type { KeyDim } from './types.ts';

type KeyValue = string | number | bigint | boolean | null;

function quoted(field: string, value: string, text: boolean): string {
  if (text) return `${field}:/^${escapeRe2(value).replaceAll('/', '\\/')}$/`;
  return `${field}:"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** The fields a computed key reads, in the order it takes them (`coalesce(tls_sni, http_hostname)`). */
const COALESCED: Readonly<Record<string, readonly string[]>> = {
  'coalesce(tls_sni, http_hostname)': ['tls_sni', 'http_hostname'],
};

/** The most field terms the "Other" filter may hold (the query language takes 100 in all). */
export const MAX_OTHER_TERMS = 80;

interface Term {
  text: string;
  terms: number;
}

function valueTerm(fields: FieldSet, key: KeyDim, value: KeyValue): Term | null {
  const one = (name: string, v: KeyValue): string | null => {
    const field = fields.byName.get(name);
    if (!field) return null;
    if (v === null) return `not ${field.name}:*`;
    return quoted(field.name, String(v), field.text === true);
  };
  const direct = fields.byName.get(key.expr);
  if (direct) {
    const text = one(direct.name, value);
    return text === null ? null : { text, terms: 1 };
  }
  const parts = COALESCED[key.expr];
  if (!parts) return null;
  // coalesce(a, b) = v: a is v, or a is absent and b is v; absent: all of them absent.
  if (value === null) {
    const absent = parts.map((p) => one(p, null));
    return absent.includes(null) ? null : { text: absent.join(' and '), terms: parts.length };
  }
  const alternatives: string[] = [];
  let terms = 0;
  for (let i = 0; i < parts.length; i++) {
    const chain = [...parts.slice(0, i).map((p) => one(p, null)), one(parts[i]!, value)];
    if (chain.includes(null)) return null;
    alternatives.push(chain.join(' and '));
    terms += chain.length;
  }
  return { text: alternatives.map((t) => `(${t})`).join(' or '), terms };
}

/** The filter of one value of the key, or null when the key is no field the query language knows. */
export function valueFilter(fields: FieldSet, key: KeyDim, value: KeyValue): string | null {
  return valueTerm(fields, key, value)?.text ?? null;
}

/**
 * The filter of "every other value": none of the top values. Null when a value has no filter or
 * the filter would pass MAX_OTHER_TERMS terms.
 */
export function otherFilter(fields: FieldSet, key: KeyDim, top: readonly KeyValue[]): string | null {
  const each = top.map((v) => valueTerm(fields, key, v));
  if (each.some((t) => t === null)) return null;
  const terms = each as Term[];
  if (terms.length === 0) return '';
  if (terms.reduce((n, t) => n + t.terms, 0) > MAX_OTHER_TERMS) return null;
  return `not (${terms.map((t) => `(${t.text})`).join(' or ')})`;
}
