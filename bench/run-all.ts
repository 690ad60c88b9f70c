/**
 * npm run bench — every benchmark in turn, each printing its figures and its ratio against a baseline
 * measured in the same run. Pass-through arguments (e.g. `-- --records 1000000`) go to each script.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const scripts = ['ingest', 'sessions', 'search', 'reports', 'dashboard', 'collect'];
let failed = 0;
for (const name of scripts) {
  const file = join(here, `${name}.ts`);
  if (!existsSync(file)) continue;
  console.log(`\n== bench:${name} ==`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
