/**
 * What the query box offers at the cursor: field names while a name is typed, operators once it is
 * whole, values after `field:`; and a value accepted from the list reads back as that very value.
 */
import { describe, expect, it } from 'vitest';
import type { Ast } from '../../src/query/ast.ts';
import { parseQuery } from '../../src/query/parser.ts';
import {
  applySuggestion,
  completionSpot,
  contextQuery,
  fieldSuggestions,
  valueInsert,
} from '../src/search/completion.ts';

const parses = (q: string) => {
  try {
    parseQuery(q);
    return true;
  } catch {
    return false;
  }
};

describe('completionSpot', () => {
  it.each([
    ['dest_p', { kind: 'field', start: 0, end: 6, partial: 'dest_p', negated: false }],
    ['proto:tcp and -dest_p', { kind: 'field', start: 14, end: 21, partial: 'dest_p', negated: true }],
    ['(src', { kind: 'field', start: 1, partial: 'src' }],
    ['dest_port:44', { kind: 'value', start: 0, end: 12, partial: '44', written: 'dest_port' }],
    ['dst:"10.0', { kind: 'value', partial: '10.0', written: 'dst' }],
    ['signature:"a b', { kind: 'value', partial: 'a b', written: 'signature' }],
  ])('finds the term in %j', (text, want) => {
    expect(completionSpot(text, text.length)).toMatchObject(want);
  });

  it('takes the field an alias stands for', () => {
    const spot = completionSpot('dst:1', 5);
    expect(spot?.kind === 'value' && spot.field.name).toBe('dest_ip');
  });

  it.each([
    ['a regex', 'http_url:/log'],
    ['a comparison', 'dest_port>=10'],
    ['an unknown field', 'nope:x'],
    ['an alias of two fields', 'port:44'],
    ['a phrase', '"session in'],
  ])('offers nothing inside %s', (_name, text) => {
    expect(completionSpot(text, text.length)).toBeNull();
  });

  it('spans the whole term under the cursor, not only what lies before it', () => {
    expect(completionSpot('dest_po and x', 4)).toMatchObject({ start: 0, end: 7, partial: 'dest' });
  });
});

describe('fieldSuggestions', () => {
  it('offers field names starting with the text first, then those holding it', () => {
    const labels = fieldSuggestions('port', false).map((s) => s.label);
    expect(labels.slice(0, 8)).toEqual([
      'port:',
      'port>=',
      'port>',
      'port<=',
      'port<',
      'port:*',
      '-port:',
      'src_port',
    ]);
    expect(labels).toContain('dest_port');
    expect(fieldSuggestions('dest_p', false).map((s) => s.insert)).toEqual(['dest_port:']);
  });

  it('offers the operators of a whole numeric field, comparisons included', () => {
    const ops = fieldSuggestions('dest_port', false)
      .filter((s) => s.kind === 'operator')
      .map((s) => s.insert);
    expect(ops).toEqual([
      'dest_port:',
      'dest_port>=',
      'dest_port>',
      'dest_port<=',
      'dest_port<',
      'dest_port:* ',
      '-dest_port:',
    ]);
    const text = fieldSuggestions('proto', false)
      .filter((s) => s.kind === 'operator')
      .map((s) => s.insert);
    expect(text).toEqual(['proto:', 'proto:* ', '-proto:']);
  });

  it('keeps a negation', () => {
    expect(fieldSuggestions('dest_p', true)[0]?.insert).toBe('-dest_port:');
  });

  it('offers nothing for a keyword', () => {
    expect(fieldSuggestions('and', false)).toEqual([]);
  });
});

/** The field and value of a one-term query (under a `not` when negated). */
function readBack(q: string): { field: string; value: string; regex: boolean; negated: boolean } {
  let ast: Ast = parseQuery(q);
  let negated = false;
  if (ast.type === 'not') {
    negated = true;
    ast = ast.child;
  }
  if (ast.type !== 'field') throw new Error(`not one field term: ${q}`);
  const v = ast.value;
  const value = v.kind === 'regex' ? v.pattern : v.kind === 'exists' ? '*' : v.text;
  return { field: ast.field, value, regex: v.kind === 'regex', negated };
}

describe('valueInsert', () => {
  it.each([
    ['dest_port:4', '443', 'dest_port:443 ', '443'],
    ['dst:', '2001:db8::1', 'dst:"2001:db8::1" ', '2001:db8::1'],
    ['-proto:t', 'TCP', '-proto:"TCP" ', 'TCP'],
    ['tls_sni:', 'say "hi" (x)', 'tls_sni:"say \\"hi\\" (x)" ', 'say "hi" (x)'],
  ])('after %j writes %j as %j', (text, value, insert, parsed) => {
    const spot = completionSpot(text, text.length);
    if (spot?.kind !== 'value') throw new Error('no value spot');
    expect(valueInsert(spot, value)).toBe(insert);
    const back = readBack(insert);
    expect(back.value).toBe(parsed);
    expect(back.negated).toBe(text.startsWith('-'));
  });

  it('writes a free-text value as an anchored regex', () => {
    const spot = completionSpot('signature:ET', 12);
    if (spot?.kind !== 'value') throw new Error('no value spot');
    const insert = valueInsert(spot, 'ET SCAN (x) a/b');
    const back = readBack(insert);
    expect(back.regex).toBe(true);
    expect(new RegExp(back.value).test('ET SCAN (x) a/b')).toBe(true);
    expect(new RegExp(back.value).test('ET SCAN (x) a/b and more')).toBe(false);
  });
});

describe('applySuggestion and contextQuery', () => {
  it('replaces the term under the cursor and puts the cursor after it', () => {
    const text = 'proto:tcp and dest_p or x';
    const spot = completionSpot(text, 20);
    if (!spot) throw new Error('no spot');
    expect(applySuggestion(text, spot, 'dest_port:')).toEqual({
      text: 'proto:tcp and dest_port: or x',
      cursor: 24,
    });
  });

  it.each([
    ['proto:tcp and dest_port:4', 'proto:tcp'],
    ['dest_port:4 and proto:tcp', 'proto:tcp'],
    ['(proto:tcp and dest_port:4', ''],
    ['dest_port:4', ''],
  ])('counts values of %j within %j', (text, want) => {
    const spot = completionSpot(text, text.indexOf(':4') + 2);
    if (!spot) throw new Error('no spot');
    expect(contextQuery(text, spot, parses)).toBe(want);
  });
});
