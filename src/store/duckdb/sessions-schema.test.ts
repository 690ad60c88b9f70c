/** The sessions table the migrations create is the one the session column table describes. */
import { describe, expect, it } from 'vitest';
import { SESSION_COLUMN_TABLE } from '../../schema/session-columns.ts';
import { DuckDbStore } from './duckdb-store.ts';

describe('the sessions table', () => {
  it('has, in a new database, exactly the columns and types of the session column table', async () => {
    const fresh = await DuckDbStore.open({ path: ':memory:' });
    try {
      const rows = await fresh.query(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'sessions'
          ORDER BY ordinal_position`,
      );
      // information_schema spells TIMESTAMPTZ out.
      const spelled = (t: string) => (t === 'TIMESTAMPTZ' ? 'TIMESTAMP WITH TIME ZONE' : t);
      const actual = rows.map((r) => `${r.column_name} ${r.data_type}`).sort();
      const expected = SESSION_COLUMN_TABLE.map((c) => `${c.name} ${spelled(c.duckdb)}`).sort();
      expect(actual).toEqual(expected);
      expect(new Set(expected).size).toBe(expected.length);
    } finally {
      await fresh.close();
    }
  });
});
