import { describe, expect, it } from 'vitest';
import { checkRegex } from './regex-check.ts';

describe('checkRegex', () => {
  it.each<[string, string, string]>([
    ['ab+c', '', 'ab+c'],
    ['ab', 'i', '(?i)ab'],
    ['ab', 'si', '(?is)ab'],
    ['(?P<host>[a-z]+)', '', '(?P<host>[a-z]+)'],
    ['(?<host>[a-z]+)', '', '(?P<host>[a-z]+)'],
    ['(?i:ab)c', '', '(?i:ab)c'],
    ['(?U)a+', '', '(?U)a+'],
    ['[[:alpha:]]+\\pL\\x{41}\\z', '', '[[:alpha:]]+\\pL\\x{41}\\z'],
    ['[(?=]', '', '[(?=]'],
    ['a{2,1000}', '', 'a{2,1000}'],
  ])('accepts %s /%s', (pattern, flags, sent) => {
    expect(checkRegex(pattern, flags)).toEqual({ pattern: sent });
  });

  it.each<[string, string, RegExp]>([
    ['a(?=b)', '', /lookahead and lookbehind.*not supported by RE2/],
    ['a(?!b)', '', /lookahead/],
    ['(?<=a)b', '', /lookbehind/],
    ['(?<!a)b', '', /lookbehind/],
    ['(a)\\1', '', /backreferences/],
    ['(?<n>a)\\k<n>', '', /named backreferences/],
    ['(?>a+)', '', /atomic groups/],
    ['a*+', '', /possessive/],
    ['a{2}+', '', /possessive/],
    ['\\u0041', '', /\\x\{\.\.\.\}/],
    ['a{1001}', '', /1000 repetitions/],
    ['(a', '', /invalid regular expression: unterminated group/],
    ['*a', '', /invalid regular expression: nothing to repeat/],
    ['', '', /empty regular expression/],
    ['a', 'g', /unknown regular expression flag "g"/],
  ])('rejects %s /%s', (pattern, flags, reason) => {
    const r = checkRegex(pattern, flags);
    expect(r.pattern).toBeUndefined();
    expect(r.error).toMatch(reason);
  });
});
