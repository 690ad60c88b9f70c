/**
 * The query fuzzer, on the library: random queries (seeded, a bounded number of seconds) through the
 * parser and the compiler. Each either compiles or throws a QueryError with a position inside the
 * text; nothing else (no TypeError, no RangeError, no stack overflow) is allowed.
 */
import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../store/duckdb/dialect.ts';
import { compileFilter } from './compile.ts';
import { QueryError } from './errors.ts';
import { EVENT_FIELDS } from './fields.ts';
import { randomQuery, seededRandom } from './fuzz.testing.ts';

const SEED = Number(process.env.NFWLENS_FUZZ_SEED ?? 20_261_202);
const MAX_QUERIES = 20_000;
const MAX_MS = 2500;

describe('query fuzzer (library)', () => {
  it(`parses and compiles random queries without a crash (seed ${SEED})`, () => {
    const rand = seededRandom(SEED);
    const now = new Date('2024-06-01T00:00:00Z');
    const crashes: string[] = [];
    let compiled = 0;
    let refused = 0;
    const t0 = performance.now();
    for (let i = 0; i < MAX_QUERIES && performance.now() - t0 < MAX_MS; i++) {
      const q = randomQuery(rand);
      try {
        const r = compileFilter(q, EVENT_FIELDS, duckdbDialect, { now });
        if ((r.sql.match(/\?/g) ?? []).length !== r.params.length)
          crashes.push(`placeholders ${JSON.stringify(q)}`);
        compiled++;
      } catch (err) {
        const positioned =
          err instanceof QueryError &&
          err.offset >= 0 &&
          err.offset <= q.length &&
          err.offset + err.length <= q.length &&
          err.column >= 1;
        if (positioned) refused++;
        else crashes.push(`${JSON.stringify(q).slice(0, 200)}: ${String(err).slice(0, 200)}`);
      }
    }
    expect(crashes.slice(0, 10)).toEqual([]);
    expect(compiled).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
