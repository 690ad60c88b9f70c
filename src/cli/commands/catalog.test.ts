import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, DESCRIPTIONS, requestedCommand } from './catalog.ts';

describe('the command catalog', () => {
  it.each(COMMANDS.map((c) => [c.names.join(', '), c] as const))(
    '%s: the module registers exactly these commands, with the catalog description',
    async (_names, entry) => {
      const program = new Command();
      (await entry.load())(program);
      expect(program.commands.map((c) => c.name())).toEqual(entry.names);
      for (const c of program.commands) {
        expect(c.description()).toBe(DESCRIPTIONS[c.name() as keyof typeof DESCRIPTIONS]);
      }
    },
  );

  it('lists every described command once', () => {
    expect(COMMANDS.flatMap((c) => c.names).sort()).toEqual(Object.keys(DESCRIPTIONS).sort());
  });

  it.each([
    [['status', '--db', 'x'], 'status'],
    [['rejected', '--format', 'json'], 'status'], // rejected lives in the status module
    [['search', 'status'], 'search'],
    [['--version'], undefined],
    [['help', 'ingest'], 'ingest'],
    [['--help'], undefined],
    [['stauts'], undefined],
    [[], undefined],
  ])('%j loads %s', (args, name) => {
    expect(requestedCommand(args)?.names[0]).toBe(name);
  });
});
