import { describe, expect, it } from 'vitest';
import { EVENT_FIELDS } from './fields.ts';
import { queryHints } from './hints.ts';

describe('queryHints', () => {
  it.each([
    ['dest port:443', 'dest_port:443', 'dest port:443'],
    ['proto:tcp and dest  port>=1024', 'proto:tcp and dest_port>=1024', 'dest  port>=1024'],
    ['alert signature:"ET SCAN"', 'alert_signature:"ET SCAN"', 'alert signature:"ET SCAN"'],
    ['Src IP:10.0.0.0/8', 'Src_IP:10.0.0.0/8', 'Src IP:10.0.0.0/8'],
  ])('%s', (query, fixed, part) => {
    const hints = queryHints(query, EVENT_FIELDS);
    expect(hints).toHaveLength(1);
    const [hint] = hints;
    expect(hint!.query).toBe(fixed);
    expect(fixed).toContain(hint!.replacement);
    expect(hint!.message).toBe(`did you mean ${fixed.slice(fixed.indexOf(part.split(/\s+/)[0]!))}?`);
    expect(query.slice(hint!.offset, hint!.offset + hint!.length)).toBe(part);
  });

  it.each([
    'dest_port:443',
    'dest or port:443', // the word and the term are apart
    'dest* port:443', // a wildcard word is a search of its own
    'zebra port:443', // zebra_port is no field
    'dest port:443 "',
    '',
  ])('gives none for %s', (query) => {
    expect(queryHints(query, EVENT_FIELDS)).toEqual([]);
  });
});
