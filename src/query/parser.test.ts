import { describe, expect, it } from 'vitest';
import type { Ast } from './ast.ts';
import { QueryLimitError, QuerySyntaxError } from './errors.ts';
import { parseQuery } from './parser.ts';

/** The AST without positions, as a compact string: and(...), or(...), not(...), field terms, "text". */
function show(ast: Ast): string {
  switch (ast.type) {
    case 'all':
      return 'ALL';
    case 'and':
    case 'or':
      return `${ast.type}(${ast.children.map(show).join(', ')})`;
    case 'not':
      return `not(${show(ast.child)})`;
    case 'text':
      return ast.glob ? `glob${JSON.stringify(ast.text)}` : JSON.stringify(ast.text);
    case 'textRegex':
      return `/${ast.pattern}/${ast.flags}`;
    case 'field': {
      const v = ast.value;
      const val =
        v.kind === 'exists'
          ? '*'
          : v.kind === 'regex'
            ? `/${v.pattern}/${v.flags}`
            : v.kind === 'quoted'
              ? `q${JSON.stringify(v.text)}`
              : `${v.glob ? 'glob' : ''}${JSON.stringify(v.text)}`;
      return `${ast.field}${ast.op}${val}`;
    }
  }
}

describe('parseQuery', () => {
  it.each([
    ['', 'ALL'],
    ['   ', 'ALL'],
    ['ssh', '"ssh"'],
    ['a b', 'and("a", "b")'],
    ['a or b and c', 'or("a", and("b", "c"))'],
    ['a and b or c', 'or(and("a", "b"), "c")'],
    ['not a and b', 'and(not("a"), "b")'],
    ['not (a and b)', 'not(and("a", "b"))'],
    ['(a or b) c', 'and(or("a", "b"), "c")'],
    ['NOT a OR b', 'or(not("a"), "b")'],
    ['not not a', 'not(not("a"))'],
    ['-a b', 'and(not("a"), "b")'],
    ['-proto:tcp', 'not(proto:"tcp")'],
    ['a-b', '"a-b"'],
    ['"and"', '"and"'],
    ['"say \\"hi\\""', '"say \\"hi\\""'],
    ['"back\\\\slash"', '"back\\\\slash"'],
    ['proto:tcp', 'proto:"tcp"'],
    ['signature:"ET POLICY x"', 'signature:q"ET POLICY x"'],
    ['sni:*.example.com', 'sni:glob"*.example.com"'],
    ['sni:a\\*b', 'sni:"a*b"'],
    ['sni:*', 'sni:*'],
    ['dest_port>=443', 'dest_port>="443"'],
    ['bytes<10', 'bytes<"10"'],
    ['ts>-24h', 'ts>"-24h"'],
    ['ts>=2024-01-01T00:00:00Z', 'ts>="2024-01-01T00:00:00Z"'],
    ['src_ip:10.0.0.0/8', 'src_ip:"10.0.0.0/8"'],
    ['dest_ip:2001:db8::/32', 'dest_ip:"2001:db8::/32"'],
    ['(src_ip:10.0.0.1)', 'src_ip:"10.0.0.1"'],
    ['url:/a\\/b/', 'url:/a/b/'],
    ['/a\\/b\\d/i', '/a/b\\d/i'],
    ['/ssh/ or x', 'or(/ssh/, "x")'],
    ['fe80::1', '"fe80::1"'],
    ['2001:db8::1', '"2001:db8::1"'],
    ['http://example.com/x', '"http://example.com/x"'],
    ['alert.signature:x', 'alert.signature:"x"'],
    ['ssh* foo', 'and(glob"ssh*", "foo")'],
  ])('%s', (query, expected) => {
    expect(show(parseQuery(query))).toBe(expected);
  });

  it('records positions of terms and field names', () => {
    const ast = parseQuery('a\n  proto:tcp');
    expect(ast.type).toBe('and');
    const term = ast.type === 'and' ? ast.children[1] : undefined;
    expect(term).toMatchObject({
      type: 'field',
      fieldSpan: { offset: 4, line: 2, column: 3, length: 5 },
      value: { span: { offset: 10, column: 9, length: 3 } },
    });
  });
});

describe('syntax errors', () => {
  it.each([
    ['(a or b', 'expected ")", found end of query at column 8', 7, 1, 8, [')']],
    ['(proto:tcp or sni:x', 'expected ")", found end of query at column 20', 19, 1, 20, [')']],
    [
      'a or',
      'expected a search term after "or", found end of query at column 5',
      4,
      1,
      5,
      ['term', '(', 'not'],
    ],
    ['a and )', 'expected a search term after "and", found ")" at column 7', 6, 1, 7, ['term', '(', 'not']],
    ['a )', 'unexpected ")" at column 3', 2, 1, 3, undefined],
    ['proto:', 'expected a value after "proto:", found end of query at column 7', 6, 1, 7, ['value']],
    ['proto: tcp', 'expected a value after "proto:", found " " at column 7', 6, 1, 7, ['value']],
    ['"abc', 'expected a closing quote for the string opened at column 1 at column 5', 4, 1, 5, ['"']],
    [
      'x\n/ab',
      'expected a closing "/" for the regular expression opened at column 1 at line 2, column 4',
      5,
      2,
      4,
      ['/'],
    ],
    ['sig:"a\\"', 'expected a closing quote for the string opened at column 5 at column 9', 8, 1, 9, ['"']],
  ])('%j', (query, message, offset, line, column, expected) => {
    let err: unknown;
    try {
      parseQuery(query);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QuerySyntaxError);
    const e = err as QuerySyntaxError;
    expect(e.message).toBe(message);
    expect({ offset: e.offset, line: e.line, column: e.column }).toEqual({ offset, line, column });
    if (expected) expect(e.expected).toEqual(expected);
    else expect(e.expected).toContain('end of query');
  });
});

describe('limits', () => {
  const limitOf = (text: string): QueryLimitError => {
    try {
      parseQuery(text);
    } catch (e) {
      if (e instanceof QueryLimitError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it('refuses a query over 8192 characters, at the first character past the limit', () => {
    const e = limitOf(`${'a '.repeat(4000)}${'b'.repeat(300)}`);
    expect(e.limit).toBe('length');
    expect(e.message).toBe('query too long (8300 characters, at most 8192): narrow it at column 8193');
    expect({ offset: e.offset, length: e.length }).toEqual({ offset: 8192, length: 108 });
    expect(() => parseQuery('x'.repeat(8192))).not.toThrow();
  });

  it('refuses more than 100 terms, at the 101st', () => {
    const e = limitOf(Array.from({ length: 101 }, (_x, i) => `w${i}`).join(' or '));
    expect(e.limit).toBe('terms');
    expect(e.message).toMatch(/^too many terms \(at most 100\)/);
    expect(e.offset).toBe('w0 or '.length * 10 + 'w10 or '.length * 90);
    expect(show(parseQuery(Array.from({ length: 100 }, (_x, i) => `w${i}`).join(' ')))).toMatch(/^and\(/);
  });

  it.each([
    ['10,000 "-" before a word', `${'-'.repeat(5000)}word`, 100],
    ['10,000 unclosed "("', '('.repeat(5000), 100],
    ['nested "not"', `${'not '.repeat(150)}a`, 400],
    ['"(" and "not" mixed', `${'(not '.repeat(1000)}a`, 250],
  ])('refuses %s nested more than 100 deep, without a stack overflow', (_name, text, offset) => {
    const e = limitOf(text);
    expect(e.limit).toBe('depth');
    expect(e.offset).toBe(offset);
    expect(e.message).toMatch(/nested more than 100 deep/);
  });

  it('accepts 100 levels', () => {
    expect(show(parseQuery(`${'('.repeat(100)}a${')'.repeat(100)}`))).toBe('"a"');
    expect(show(parseQuery(`${'-'.repeat(100)}a`))).toMatch(/^not\(not\(/);
  });
});
