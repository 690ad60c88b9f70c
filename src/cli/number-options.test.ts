import { Command, type Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCollect } from './commands/collect.ts';
import { registerDemo } from './commands/demo.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerReport } from './commands/report.ts';
import { registerSearch } from './commands/search.ts';
import { registerServe } from './commands/serve.ts';
import { registerSessions } from './commands/sessions.ts';
import { registerStatus } from './commands/status.ts';
import { nonNegativeInt, positiveInt, wholeNumber } from './number-options.ts';

describe('numeric flag parsers', () => {
  it.each(['1', '7', '100000', '9007199254740991'])('positiveInt accepts %s', (v) => {
    expect(positiveInt(v)).toBe(Number(v));
  });

  it.each([
    'abc',
    '0',
    '-5',
    '1.5',
    '',
    ' 3',
    '3 ',
    '+3',
    '1e3',
    '0x10',
    '5abc',
    '9007199254740992',
    'Infinity',
  ])('positiveInt rejects %j with exit code 2', (v) => {
    expect(() => positiveInt(v)).toThrow(
      expect.objectContaining({ exitCode: 2, message: 'expected a whole number >= 1' }),
    );
  });

  it('nonNegativeInt takes 0; a bounded parser names its range', () => {
    expect(nonNegativeInt('0')).toBe(0);
    expect(() => nonNegativeInt('-1')).toThrow('>= 0');
    expect(() => wholeNumber(1, 10)('11')).toThrow('expected a whole number from 1 to 10');
  });
});

/** Every command as `nfwlens` registers it. */
function program(): Command {
  const p = new Command();
  for (const register of [
    registerIngest,
    registerCollect,
    registerSearch,
    registerStatus,
    registerSessions,
    registerReport,
    registerGenerate,
    registerDemo,
    registerServe,
  ])
    register(p);
  return p;
}

describe('every numeric flag of every command', () => {
  const numeric = program().commands.flatMap((cmd) =>
    cmd.options
      .filter((o: Option) => /<(n|number|count|port|seconds|bytes)>/.test(o.flags))
      .map((o: Option) => [`${cmd.name()} ${o.long}`, o] as const),
  );

  it('exists (the list below is what the command line offers)', () => {
    expect(numeric.map(([name]) => name).sort()).toEqual([
      'demo --port',
      'demo --records',
      'generate --hours',
      'generate --records',
      'generate --seed',
      'ingest --batch-size',
      'ingest --final-after',
      'rejected --limit',
      'report --top',
      'search --limit',
      'serve --port',
      'serve --query-timeout',
      'sessions --limit',
    ]);
  });

  it.each(numeric.map(([name, o]) => [name, o]))('%s takes a number and refuses anything else', (name, o) => {
    expect(o.parseArg).toBeTypeOf('function');
    const parse = (v: string) => (o.parseArg as (v: string, previous: unknown) => unknown)(v, undefined);
    expect(parse('10')).toBe(10);
    // A time limit in seconds may have a fraction (--query-timeout 1.5); every count is whole.
    const fractions = name === 'serve --query-timeout';
    for (const bad of ['abc', '-5', '', '5abc', '1e3', ...(fractions ? [] : ['1.5'])]) {
      expect(() => parse(bad), bad).toThrow();
    }
  });
});
