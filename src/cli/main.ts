/**
 * The command line: the composition root. It is the only place that picks an engine and wires the
 * sources, the store, the query language and the reports together.
 */
import { Command } from 'commander';
import { registerCollect } from './commands/collect.ts';
import { registerDemo } from './commands/demo.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerReport } from './commands/report.ts';
import { registerSearch } from './commands/search.ts';
import { registerServe } from './commands/serve.ts';
import { registerSessions } from './commands/sessions.ts';
import { registerStatus } from './commands/status.ts';

const program = new Command();
program
  .name('nfwlens')
  .description('Collect, search and report on AWS Network Firewall logs')
  .version('0.1.0')
  .showHelpAfterError();

registerIngest(program);
registerCollect(program);
registerSearch(program);
registerStatus(program);
registerSessions(program);
registerReport(program);
registerGenerate(program);
registerDemo(program);
registerServe(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const e = err as Error;
  process.stderr.write(`nfwlens: ${e.message}\n`);
  if (process.env.NFWLENS_DEBUG) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 2;
}
