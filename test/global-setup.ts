/**
 * One real ClickHouse server per test run (`inject('clickhouseUrl')`; each test file makes its own
 * database). Without chdb or a C compiler the ClickHouse tests skip with a message; with CI=true a
 * server that cannot start fails the run.
 */
import type { TestProject } from 'vitest/node';
import { type ClickHouseServer, startClickHouse } from '../src/store/clickhouse/test-server.testing.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test server's HTTP URL, or '' when none could start (the reason in `clickhouseError`). */
    clickhouseUrl: string;
    clickhouseError: string;
  }
}

let server: ClickHouseServer | null = null;

export async function setup(project: TestProject): Promise<void> {
  try {
    server = await startClickHouse();
    project.provide('clickhouseUrl', server.url);
    project.provide('clickhouseError', '');
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    const message = err instanceof Error ? err.message : String(err);
    console.warn(`ClickHouse tests skipped: ${message}`);
    project.provide('clickhouseUrl', '');
    project.provide('clickhouseError', message);
  }
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
