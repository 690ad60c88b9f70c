/**
 * What the browser test cases kept in files of their own share with ui.test.ts, which starts the one
 * fixture (build, generated data, server, Chromium) they all run against.
 */
import type { Fixture } from './harness.ts';

export interface Status {
  records: number;
  records_by_log_type: Record<string, number>;
  firewalls: { firewall_name: string; records: number }[];
}

export interface UiContext {
  /** The running fixture (set once ui.test.ts's beforeAll has run). */
  fx(): Fixture;
  /** `GET` of the fixture's API, as JSON. */
  api<T>(path: string): Promise<T>;
  status(): Status;
}

/** The fixture's page and URL, read when a case runs (the fixture starts after the cases are declared). */
export function lazyFixture(ctx: UiContext): Pick<Fixture, 'page' | 'url'> {
  return {
    get page() {
      return ctx.fx().page;
    },
    get url() {
      return ctx.fx().url;
    },
  };
}
