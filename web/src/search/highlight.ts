/**
 * What a query matched in a record: the query's terms (parsed with the shared query parser) become
 * matchers, applied to the values of the pretty-printed original JSON. Field terms only mark values
 * under that field's JSON key; bare words and regexes mark any value.
 */
import type { Ast, GlobPart, Value } from '../../../src/query/ast.ts';
import { EVENT_ALIASES } from '../../../src/query/fields.ts';
import { parseQuery } from '../../../src/query/parser.ts';
import { columnByName } from '../../../src/schema/columns.ts';

export interface Matcher {
  /** JSON keys the term applies to; undefined = any value. */
  keys?: ReadonlySet<string>;
  re: RegExp;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function globSource(parts: readonly GlobPart[]): string {
  return parts.map((p) => (p.kind === 'lit' ? escapeRe(p.text) : p.kind === 'star' ? '.*?' : '.')).join('');
}

function toRegExp(source: string, flags: string): RegExp | null {
  try {
    return new RegExp(source, `${flags.replace(/[^ims]/g, '')}g`);
  } catch {
    return null;
  }
}

/** The JSON keys a query field name can stand for (last segment of each column's path). */
export function fieldKeys(field: string): Set<string> {
  const name = field.toLowerCase();
  const alias = EVENT_ALIASES[name];
  const targets = alias === undefined ? [name] : typeof alias === 'string' ? [alias] : [...alias];
  const keys = new Set<string>();
  for (const t of targets) {
    const col = columnByName(t);
    const last = col?.path?.[col.path.length - 1];
    keys.add(last ?? t.split('.').pop() ?? t);
    if (t === 'tls_sni') keys.add('sni');
    if (t === 'http_hostname') keys.add('hostname');
  }
  return keys;
}

function valueMatcher(v: Value, whole: boolean): RegExp | null {
  const wrap = (s: string) => (whole ? `^(?:${s})$` : s);
  switch (v.kind) {
    case 'word':
      return toRegExp(wrap(v.glob ? globSource(v.glob) : escapeRe(v.text)), 'i');
    case 'quoted':
      return toRegExp(wrap(escapeRe(v.text)), 'i');
    case 'regex':
      return toRegExp(v.pattern, v.flags);
    case 'exists':
      return /^.+$/g;
  }
}

function collect(ast: Ast, out: Matcher[], negated: boolean): void {
  switch (ast.type) {
    case 'and':
    case 'or':
      for (const c of ast.children) collect(c, out, negated);
      return;
    case 'not':
      collect(ast.child, out, !negated);
      return;
    case 'field': {
      if (negated || ast.op !== ':') return;
      // IPs and CIDRs are compared as numbers: mark the whole value when it is an address text
      const re = valueMatcher(
        ast.value,
        ast.value.kind !== 'regex' && !(ast.value.kind === 'word' && ast.value.glob),
      );
      if (re) out.push({ keys: fieldKeys(ast.field), re });
      return;
    }
    case 'text': {
      if (negated) return;
      const re = toRegExp(ast.glob ? globSource(ast.glob) : escapeRe(ast.text), 'i');
      if (re) out.push({ re });
      return;
    }
    case 'textRegex': {
      if (negated) return;
      const re = toRegExp(ast.pattern, ast.flags);
      if (re) out.push({ re });
      return;
    }
    case 'all':
      return;
  }
}

/** Matchers for a query; none when the query is empty or does not parse. */
export function queryMatchers(q: string): Matcher[] {
  if (!q.trim()) return [];
  try {
    const out: Matcher[] = [];
    collect(parseQuery(q), out, false);
    return out;
  } catch {
    return [];
  }
}

/** Ranges [start, end) of `value` that the matchers (for `key`) mark, merged. */
export function matchRanges(
  value: string,
  key: string | null,
  matchers: readonly Matcher[],
): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of matchers) {
    if (m.keys && (key === null || !m.keys.has(key))) continue;
    m.re.lastIndex = 0;
    for (let hit = m.re.exec(value); hit; hit = m.re.exec(value)) {
      if (hit[0].length === 0) {
        m.re.lastIndex++;
        continue;
      }
      ranges.push([hit.index, hit.index + hit[0].length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
