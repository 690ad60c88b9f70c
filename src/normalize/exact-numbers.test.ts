import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, numberTexts } from './exact-numbers.ts';
import { normalizeLine, reconstructRecord } from './index.ts';

const TS = '"timestamp":"2024-01-01T00:00:00.000000+0000"';
const envelope = (event: string, top = '') =>
  `{"firewall_name":"fw","availability_zone":"az"${top},"event":{${TS},"event_type":"netflow",${event}}}`;

function roundTrip(text: string): string {
  const r = normalizeLine(text);
  if (!r.ok) throw new Error(r.message);
  return reconstructRecord({ ...r.row }, r.residual);
}

/** The number tokens of a JSON text, in order (the test's own reading, not the module's). */
const numbersIn = (text: string): string[] =>
  text.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/-?\d[\d.eE+-]*/g) ?? [];

describe('numbers beyond a double', () => {
  it.each([
    ['flow_id 2^65', envelope('"flow_id":36893488147419103232')],
    ['flow_id 2^64 - 1 (its column holds it)', envelope('"flow_id":18446744073709551615')],
    [
      'netflow bytes 2^63 and pkts 2^64',
      envelope('"flow_id":1,"netflow":{"bytes":9223372036854775808,"pkts":18446744073709551616}'),
    ],
    ['1e400 and -1e-400', envelope('"flow_id":1,"x":[1e400,{"y":-1e-400}]')],
    ['a decimal with 21 digits', envelope('"flow_id":1,"ratio":0.10000000000000000001')],
    ['an unknown top-level field', envelope('"flow_id":1', ',"seq":123456789012345678901234567890')],
    ['2^53 + 1 in a 64-bit column', envelope('"flow_id":1,"netflow":{"bytes":9007199254740993}')],
    ['a plain EVE record', `{${TS},"event_type":"netflow","flow_id":36893488147419103232,"big":1E+309}`],
  ])('%s keeps its source text in the rebuilt record', (_name, text) => {
    const rebuilt = roundTrip(text);
    expect(numbersIn(rebuilt).sort()).toEqual(numbersIn(text).sort());
    expect(rebuilt).not.toContain('null');
  });

  it('leaves strings that look like the placeholders alone', () => {
    const text = envelope('"flow_id":36893488147419103232,"s":"\\u0000abc:0\\u0000","n":1e999');
    const rebuilt = roundTrip(text);
    expect(JSON.parse(rebuilt).event.s).toBe('\u0000abc:0\u0000');
    expect(rebuilt).toContain('"n":1e999');
    expect(rebuilt).toContain('"flow_id":36893488147419103232');
  });

  it('adds nothing to the residual when every number is exact', () => {
    const r = normalizeLine(envelope('"flow_id":1,"x":{"a":1.5,"b":-2,"c":0}'));
    expect(r.ok && r.residual).toBe('{"event":{"x":{"a":1.5,"b":-2,"c":0}}}');
  });

  it('finds number texts by path, the last of a repeated key, at any depth', () => {
    const deep = `${'['.repeat(5000)}7${']'.repeat(5000)}`;
    const texts = numberTexts(`{"a":{"b":[1, 2.50, {"c":-3e2}]},"a":{"b":[9]},"k\\"":1e400,"d":${deep}}`);
    expect(texts.get(['a', 'b', 0].join('\u0001'))).toBe('9');
    expect(texts.get(['a', 'b', 1].join('\u0001'))).toBe('2.50');
    expect(texts.get(['a', 'b', 2, 'c'].join('\u0001'))).toBe('-3e2');
    expect(texts.get('k"')).toBe('1e400');
    expect(texts.get(['d', ...new Array(5000).fill(0)].join('\u0001'))).toBe('7');
  });
});

describe('nesting depth', () => {
  const nested = (depth: number, open = '{"a":', close = '}') =>
    envelope(`"flow_id":1,"x":${open.repeat(depth - 2)}1${close.repeat(depth - 2)}`);

  it(`accepts ${MAX_NESTING_DEPTH} levels and rejects ${MAX_NESTING_DEPTH + 1} as too_deep`, () => {
    // The record is level 1, event level 2, x level 3: nested(n) nests n levels.
    const ok = nested(MAX_NESTING_DEPTH);
    expect(normalizeLine(ok).ok).toBe(true);
    expect(JSON.parse(roundTrip(ok))).toEqual(JSON.parse(ok));
    const r = normalizeLine(nested(MAX_NESTING_DEPTH + 1));
    expect(r).toMatchObject({
      ok: false,
      reason: 'too_deep',
      path: expect.stringMatching(/^event\.x\.a\.a/),
    });
  });

  it.each([
    ['objects', '{"a":', '}'],
    ['arrays', '[', ']'],
  ])('rejects 10,000 levels of %s as too_deep, naming the place', (_name, open, close) => {
    const r = normalizeLine(nested(10_000, open, close));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('too_deep');
    expect(r.message).toContain(`deeper than ${MAX_NESTING_DEPTH} levels`);
    expect(r.path?.startsWith('event.x')).toBe(true);
  });
});
