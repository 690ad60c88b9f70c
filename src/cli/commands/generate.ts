/** `nfwlens generate --out DIR [--records N] [--seed S] [--start ISO] [--hours H]` */
import type { Command } from 'commander';
import { formatOption } from '../context.ts';
import { nonNegativeInt, positiveInt } from '../number-options.ts';
import { formatObject, type OutputFormat } from '../output.ts';
import { createProgress } from '../progress.ts';
import { DESCRIPTIONS } from './catalog.ts';

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(DESCRIPTIONS.generate)
    .requiredOption('--out <dir>', 'output directory')
    .option('--records <n>', 'number of records', positiveInt, 10000)
    .option('--seed <n>', 'random seed', nonNegativeInt, 1)
    .option('--start <iso>', 'first hour (ISO 8601); default: now minus --hours')
    .option('--hours <n>', 'hours covered', positiveInt, 24)
    .addOption(formatOption())
    .action(
      async (opts: {
        out: string;
        records: number;
        seed: number;
        start?: string;
        hours: number;
        format: OutputFormat;
      }) => {
        let start: Date | undefined;
        if (opts.start) {
          start = new Date(opts.start);
          if (Number.isNaN(start.getTime())) throw new Error(`--start: not an ISO 8601 time: ${opts.start}`);
        }
        const progress = createProgress();
        const summary = await (await import('../../generate/index.ts')).generateLogs({
          outDir: opts.out,
          records: opts.records,
          seed: opts.seed,
          start,
          hours: opts.hours,
          onProgress: (n) => progress.update(n / opts.records, `${n.toLocaleString('en-US')} records`, n),
        });
        progress.done();
        process.stdout.write(formatObject({ ...summary }, opts.format));
      },
    );
}
