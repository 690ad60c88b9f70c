/** The sessions filter speaks the search's vocabulary where the meaning carries over. */
import { describe, expect, it } from 'vitest';
import { compileFilter, QueryFieldError } from '../query/index.ts';
import { duckdbDialect } from '../store/duckdb/dialect.ts';
import { SESSION_FIELDS } from './fields.ts';

const sql = (q: string) => compileFilter(q, SESSION_FIELDS, duckdbDialect);

describe('session filter vocabulary', () => {
  it.each([
    ['src_ip:10.0.0.0/8', 'client_ip:10.0.0.0/8'],
    ['dest_ip:192.0.2.1', 'server_ip:192.0.2.1'],
    ['src_port:50000', 'client_port:50000'],
    ['dest_port:443', 'server_port:443'],
    ['alert_signature_id:2000001', 'signature_ids:2000001'],
    ['sid:2000001', 'signature_ids:2000001'],
    ['action:blocked', 'alert_action:blocked'],
  ])('%s means %s', (query, same) => {
    expect(sql(query)).toEqual(sql(same));
  });

  it('suggests real session fields for a name it does not know', () => {
    try {
      sql('signature_idz:2001');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(QueryFieldError);
      const suggestions = (err as QueryFieldError).suggestions ?? [];
      expect(suggestions.length).toBeGreaterThan(0);
      for (const s of suggestions)
        expect(SESSION_FIELDS.byName.has(s) || Object.hasOwn(SESSION_FIELDS.aliases, s)).toBe(true);
      expect(suggestions).toContain('signature_ids');
    }
  });
});
