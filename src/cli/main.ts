/**
 * The command line: the composition root. It is the only place that picks an engine and wires the
 * sources, the store, the query language and the reports together.
 */
import { Command } from 'commander';
import { COMMANDS, type CommandName, DESCRIPTIONS, requestedCommand } from './commands/catalog.ts';

const program = new Command();
program
  .name('nfwlens')
  .description('Collect, search and report on AWS Network Firewall logs')
  .version('0.1.0')
  .showHelpAfterError();

// Load only the command asked for; with none (or an unknown one), list every command by name.
const asked = requestedCommand(process.argv.slice(2));
if (asked) {
  (await asked.load())(program);
} else {
  for (const entry of COMMANDS) {
    for (const name of entry.names) program.command(name).description(DESCRIPTIONS[name as CommandName]);
  }
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const e = err as Error;
  process.stderr.write(`nfwlens: ${e.message}\n`);
  if (process.env.NFWLENS_DEBUG) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 2;
}
