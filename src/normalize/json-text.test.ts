import { describe, expect, it } from 'vitest';
import { normalizeLine, reconstructRecord } from './index.ts';
import { stringifyDeep } from './json-text.ts';

describe('stringifyDeep', () => {
  it.each([
    ['scalars', [null, true, false, 0, -1.5, 'a"b\\u0000', '日本']],
    ['nested', { a: { b: [1, { c: [] }, {}] }, '': 'empty key', __proto__x: 1 }],
    [
      'what JSON.stringify drops or nulls',
      { u: undefined, f: () => 1, arr: [undefined, Number.NaN, Infinity] },
    ],
  ])('writes %s as JSON.stringify does', (_name, value) => {
    expect(stringifyDeep(value)).toBe(JSON.stringify(value));
  });

  it('writes 100,000 levels', () => {
    const text = `${'{"a":['.repeat(50_000)}1${']}'.repeat(50_000)}`;
    expect(stringifyDeep(JSON.parse(text))).toBe(text);
  });
});

describe('reconstructRecord of a record stored before the depth limit', () => {
  it('rebuilds a residual nested 10,000 deep', () => {
    const r = normalizeLine(
      '{"firewall_name":"fw","event":{"timestamp":"2024-01-01T00:00:00.000000+0000","event_type":"netflow","flow_id":1}}',
    );
    if (!r.ok) throw new Error(r.message);
    const deep = `${'['.repeat(10_000)}7${']'.repeat(10_000)}`;
    const rebuilt = reconstructRecord({ ...r.row }, `{"event":{"x":${deep}}}`);
    expect(rebuilt).toContain(`"x":${deep}`);
    expect(rebuilt.startsWith('{"firewall_name":"fw","event":{')).toBe(true);
  });
});
