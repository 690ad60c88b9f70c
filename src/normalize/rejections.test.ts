import { describe, expect, it } from 'vitest';
import { normalizeLine, normalizeRecord } from './index.ts';

describe('rejections', () => {
  it.each([
    ['{"event":', 'invalid_json', undefined],
    ['', 'invalid_json', undefined],
    ['[1,2]', 'not_object', undefined],
    ['"text"', 'not_object', undefined],
    ['42', 'not_object', undefined],
    ['null', 'not_object', undefined],
    ['{"firewall_name":"fw"}', 'no_event', 'event'],
    ['{"event":"x"}', 'no_event', 'event'],
    ['{"event":null}', 'no_event', 'event'],
    ['{"event":[1]}', 'no_event', 'event'],
    ['{"event_type":"alert"}', 'no_event', 'event'],
    ['{"event":{"event_type":"alert"}}', 'bad_timestamp', 'event.timestamp'],
    ['{"event":{"timestamp":1602627001}}', 'bad_timestamp', 'event.timestamp'],
    ['{"event":{"timestamp":"2020-13-13T22:10:01.006481+0000"}}', 'bad_timestamp', 'event.timestamp'],
    ['{"event":{"timestamp":"yesterday"}}', 'bad_timestamp', 'event.timestamp'],
    ['{"event_type":"dns","timestamp":"nope"}', 'bad_timestamp', 'timestamp'],
  ])('%s -> %s', (text, reason, path) => {
    const result = normalizeLine(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(reason);
    expect(result.path).toBe(path);
    expect(result.message.length).toBeGreaterThan(10);
  });

  it('names the parser error for invalid JSON', () => {
    const result = normalizeLine('{"a":}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^invalid JSON: .*(Unexpected|token)/);
  });

  it('names the field in timestamp messages', () => {
    const result = normalizeLine('{"event":{"timestamp":"2020-02-30T00:00:00Z"}}');
    expect(!result.ok && result.message).toContain('event.timestamp');
  });

  it('never throws, whatever the input', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepInEvent = `{"event":{"timestamp":"2020-10-13T22:10:01.006481+0000","x":${deep}}}`;
    for (const text of ['', '\u0000', '{', deep, deepInEvent, '{"__proto__":{"event":1}}', '1e999']) {
      expect(() => normalizeLine(text)).not.toThrow();
    }
    for (const value of [undefined, Symbol('x'), () => 1, new Date(0), Object.create(null)]) {
      expect(() => normalizeRecord(value)).not.toThrow();
    }
  });
});
