import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from './fuzz.testing.ts';
import { UNICODE_GROUPS } from './re2-names.ts';
import { checkRegex } from './regex-check.ts';

const ACCEPTED: Array<[string, string, string]> = [
  ['ab+c', '', 'ab+c'],
  ['ab', 'i', '(?i)ab'],
  ['ab', 'si', '(?is)ab'],
  ['(?P<host>[a-z]+)', '', '(?P<host>[a-z]+)'],
  ['(?<host>[a-z]+)(?<b>c)', '', '(?P<host>[a-z]+)(?P<b>c)'],
  ['(?i:ab)c', '', '(?i:ab)c'],
  ['(?:ab|cd)+(?:)', '', '(?:ab|cd)+(?:)'],
  ['(?i)(?:zq1x|zq2x)', '', '(?i)(?:zq1x|zq2x)'],
  ['(?U)a+', '', '(?U)a+'],
  ['(?i-s:a.)b', '', '(?i-s:a.)b'],
  ['[[:alpha:]]+\\pL\\x{41}\\z', '', '[[:alpha:]]+\\pL\\x{41}\\z'],
  ['[[:^digit:]]\\p{^Greek}\\PN', '', '[[:^digit:]]\\p{^Greek}\\PN'],
  ['[(?=]', '', '[(?=]'],
  ['a{2,1000}', '', 'a{2,1000}'],
  ['a{,5}', '', 'a{,5}'],
  ['a*?b+?c??d{2,3}?', '', 'a*?b+?c??d{2,3}?'],
  ['[]a][^]b][a-][\\d-z]', '', '[]a][^]b][a-][\\d-z]'],
  ['\\Q.*\\E', '', '\\Q.*\\E'],
  [
    '\\x41\\x{1F600}\\0\\07\\a\\f\\t\\n\\r\\v\\.\\-\\_\\ ',
    '',
    '\\x41\\x{1F600}\\0\\07\\a\\f\\t\\n\\r\\v\\.\\-\\_\\ ',
  ],
  ['\\A\\bword\\B\\z', '', '\\A\\bword\\B\\z'],
  ['(a|)|()', '', '(a|)|()'],
  ['.{1000}.{1000}', '', '.{1000}.{1000}'],
  ['(.{10}){100}', '', '(.{10}){100}'],
  ['\\pL{15}', '', '\\pL{15}'],
  ['😀{3}[😀-😁]', '', '😀{3}[😀-😁]'],
];

const REJECTED: Array<[string, string, RegExp]> = [
  ['a(?=b)', '', /lookahead and lookbehind.*not supported by RE2/],
  ['a(?!b)', '', /lookahead/],
  ['(?<=a)b', '', /lookbehind/],
  ['(?<!a)b', '', /lookbehind/],
  ['(a)\\1', '', /backreferences/],
  ['(?<n>a)\\k<n>', '', /named backreferences/],
  ['(?P<n>a)(?P=n)', '', /named backreferences/],
  ['(?>a+)', '', /atomic groups/],
  ['a(?#note)', '', /comments/],
  ['a*+', '', /possessive/],
  ['a{2}+', '', /possessive/],
  ['a**', '', /a repetition cannot be repeated/],
  ['\\u0041', '', /\\x\{\.\.\.\}/],
  ['\\cA', '', /control escapes/],
  ['\\Z', '', /RE2 has no \\Z/],
  ['\\x', '', /invalid \\x escape/],
  ['\\xZZ', '', /invalid \\x escape/],
  ['\\x{110000}', '', /beyond U\+10FFFF/],
  ['\\e', '', /unknown escape "\\e"/],
  ['ab\\', '', /trailing backslash/],
  ['\\p{Nope}', '', /unknown Unicode class "Nope"/],
  ['\\pX', '', /unknown Unicode class "X"/],
  ['\\p{Greek', '', /missing "\}"/],
  ['[[:foo:]]', '', /unknown class \[:foo:\]/],
  ['[z-a]', '', /invalid character class range z-a/],
  ['[a-\\d]', '', /a class cannot end a range/],
  ['[abc', '', /unterminated character class \(missing \]\)/],
  ['\\C', '', /any byte/],
  ['a{1001}', '', /1000 repetitions/],
  ['a{5,2}', '', /maximum is below the minimum/],
  ['(.{1000}){3}', '', /nested repetitions multiply to more than 1000/],
  ['((a{10}){10}){11}', '', /nested repetitions/],
  ['.{1000}.{1000}.{1000}', '', /too large \(about 3003 steps, at most 2200\)/],
  ['\\pL{20}', '', /too large/],
  ['(?P<a>x)(?P<a>y)', '', /duplicate capture group name "a"/],
  ['(?P<>x)', '', /invalid name/],
  ['(?i-)a', '', /invalid flags group/],
  ['(?z)a', '', /invalid flags group/],
  ['(a', '', /invalid regular expression: unterminated group/],
  ['a)', '', /unmatched "\)"/],
  ['*a', '', /invalid regular expression: nothing to repeat/],
  ['a|*', '', /nothing to repeat/],
  ['(*)', '', /nothing to repeat/],
  [`${'('.repeat(101)}a${')'.repeat(101)}`, '', /nested more than 100 deep/],
  ['', '', /empty regular expression/],
  ['a', 'g', /unknown regular expression flag "g"/],
];

describe('checkRegex', () => {
  it.each(ACCEPTED)('accepts %s /%s', (pattern, flags, sent) => {
    expect(checkRegex(pattern, flags)).toEqual({ pattern: sent });
  });

  it.each(REJECTED)('rejects %s /%s', (pattern, flags, reason) => {
    const r = checkRegex(pattern, flags);
    expect(r.pattern).toBeUndefined();
    expect(r.error).toMatch(reason);
  });

  it('names where the problem starts', () => {
    expect(checkRegex('abc\\Zd', '').index).toBe(3);
    expect(checkRegex('ab(?P<x>c)(?P<x>d)', '').index).toBe(10);
  });

  it('checks 100,000 nested groups without exhausting the stack', () => {
    const r = checkRegex(`${'('.repeat(100_000)}a`, '');
    expect(r.error).toMatch(/nested more than 100 deep/);
  });
});

describe('checkRegex against RE2 in DuckDB', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
  });
  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
  });

  const compiles = async (pattern: string): Promise<boolean> =>
    conn
      .runAndReadAll('SELECT regexp_matches(?, ?)', ['sample text', pattern])
      .then(() => true)
      .catch(() => false);

  it('every accepted pattern compiles in RE2', async () => {
    for (const [pattern, flags] of ACCEPTED) {
      const sent = checkRegex(pattern, flags).pattern!;
      expect([pattern, await compiles(sent)]).toEqual([pattern, true]);
    }
  });

  it('every Unicode class name it accepts is known to RE2', async () => {
    for (const name of UNICODE_GROUPS) {
      const pattern = name.length === 1 ? `\\p${name}` : `\\p{${name}}`;
      expect(checkRegex(pattern, '').pattern).toBe(pattern);
      expect([name, await compiles(pattern)]).toEqual([name, true]);
    }
  });

  it('random patterns it accepts compile in RE2 (seeded, about a second)', async () => {
    const rand = seededRandom(Number(process.env.NFWLENS_FUZZ_SEED ?? 20_261_202));
    const pieces = [
      ...'ab()[]{},0123*+?|\\^$.:-<>=!PpLdswxzZQEAbB_iUm'.split(''),
      '(?',
      '(?:',
      '(?i)',
      '(?P<',
      '[:',
      ':]',
      '\\p{',
      '}',
      '\\x{',
    ];
    const wrong: string[] = [];
    let accepted = 0;
    const t0 = performance.now();
    for (let i = 0; i < 3000 && performance.now() - t0 < 1200; i++) {
      let p = '';
      for (let n = 1 + Math.floor(rand() * 10); n > 0; n--) p += pieces[Math.floor(rand() * pieces.length)];
      const r = checkRegex(p, '');
      if (r.pattern === undefined) continue;
      accepted++;
      if (!(await compiles(r.pattern))) wrong.push(p);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(accepted).toBeGreaterThan(50);
  });

  it('the syntax errors it reports are errors for RE2 too', async () => {
    for (const [pattern, flags, reason] of REJECTED) {
      // Refused here on purpose although RE2 would run them (size, depth, the engine's leniency).
      if (/too large|nested more than|flag "g"|empty|any byte|duplicate/.test(String(reason))) continue;
      if (flags !== '') continue;
      expect([pattern, await compiles(pattern)]).toEqual([pattern, false]);
    }
  });
});
