/** Every bad parameter is a 400 (431 for an oversized request) with the documented error body: over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeQueryValue, errorShapeProblem, type HttpFixture, startHttpFixture } from './http.testing.ts';

const q = encodeQueryValue;
const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

let http: HttpFixture;
beforeAll(async () => {
  http = await startHttpFixture();
});
afterAll(async () => {
  await http.close();
});

describe('bad parameters over HTTP', () => {
  it.each<[string, string, string, RegExp]>([
    [
      'by=__proto__',
      '/api/reports/top-destinations?by=__proto__',
      'unknown_field',
      /unknown dimension "__proto__"/,
    ],
    ['by=constructor', '/api/reports/top-destinations?by=constructor', 'unknown_field', /unknown dimension/],
    [
      'measure=__proto__',
      '/api/reports/top-destinations?measure=__proto__',
      'bad_value',
      /unknown measure "__proto__"/,
    ],
    [
      'generic measure=__proto__',
      '/api/reports/custom?measure=__proto__',
      'bad_value',
      /unknown measure "__proto__"/,
    ],
    [
      'generic measure=toString',
      '/api/reports/custom?measure=toString',
      'bad_value',
      /unknown measure "toString"/,
    ],
    [
      'drill=server_port=99999999999999999999',
      '/api/reports/top-destinations?drill=server_port=99999999999999999999',
      'bad_value',
      /drill server_port="99999999999999999999": out of range \(0 to 65535\)|out of range/,
    ],
    [
      'drill=__proto__=1',
      '/api/reports/top-destinations?drill=__proto__=1',
      'unknown_field',
      /unknown dimension/,
    ],
    ['tz=__proto__', '/api/reports/hourly-actions?tz=__proto__', 'bad_value', /unknown time zone/],
    [
      'report bucket=constructor',
      '/api/reports/hourly-actions?bucket=constructor',
      'bad_value',
      /bucket must be 1h or 1d/,
    ],
    [
      'top=99999999999999999999',
      '/api/reports/top-destinations?top=99999999999999999999',
      'bad_request',
      /top/,
    ],
    [
      'cursor 99999999999999999999:1',
      `/api/search?cursor=${cursorOf('99999999999999999999:1')}`,
      'bad_request',
      /invalid cursor/,
    ],
    [
      'cursor 1:99999999999999999999',
      `/api/search?cursor=${cursorOf('1:99999999999999999999')}`,
      'bad_request',
      /invalid cursor/,
    ],
    [
      'bucket=999999999d',
      '/api/search/histogram?bucket=999999999d',
      'bad_request',
      /invalid bucket "999999999d"/,
    ],
    ['from=-99999999999d', '/api/search?from=-99999999999d', 'bad_request', /from: invalid time/],
    [
      'report from=-99999999999d',
      '/api/reports/protocols?from=-99999999999d',
      'bad_request',
      /from: invalid time/,
    ],
    ['limit=1e3', '/api/search?limit=1e3', 'bad_request', /limit must be a whole number/],
  ])('%s', async (_name, path, code, message) => {
    const { status, body } = await http.get(path);
    expect(errorShapeProblem(body)).toBeNull();
    expect({ status, error: (body as { error: string }).error }).toEqual({ status: 400, error: code });
    expect((body as { message: string }).message).toMatch(message);
  });

  it.each<[string, string, string, RegExp]>([
    ['/\\Z/', '/\\Z/', 'bad_value', /RE2 has no \\Z/],
    ['/\\x/', '/\\x/', 'bad_value', /invalid \\x escape/],
    ['/\\p{Nope}/', 'a /\\p{Nope}/', 'bad_value', /unknown Unicode class "Nope"/],
    ['/(.{1000}){3}/', '/(.{1000}){3}/', 'bad_value', /nested repetitions multiply to more than 1000/],
    ['/.{1000}.{1000}.{1000}/', '/.{1000}.{1000}.{1000}/', 'bad_value', /regular expression too large/],
    ['ts>-99999999999d', 'ts>-99999999999d', 'bad_value', /not a time between the years 1 and 9999/],
    ['__proto__:x', '__proto__:x', 'unknown_field', /unknown field "__proto__"/],
    ['tcp_syn:constructor', 'tcp_syn:constructor', 'bad_value', /true or false/],
    ['5,000 "-" before a word', `${'-'.repeat(5000)}word`, 'query_too_large', /nested more than 100 deep/],
    ['5,000 unclosed "("', '('.repeat(5000), 'query_too_large', /nested more than 100 deep/],
    ['10,000 "-" before a word', `${'-'.repeat(10_000)}word`, 'query_too_large', /query too long/],
    [
      '10,000 unclosed "("',
      '('.repeat(10_000),
      'query_too_large',
      /query too long \(10000 characters, at most 8192\)/,
    ],
    [
      '101 terms',
      Array.from({ length: 101 }, (_x, i) => `w${i}`).join(' '),
      'too_many_terms',
      /too many terms/,
    ],
  ])('q=%s', async (_name, query, code, message) => {
    for (const path of [
      `/api/search?q=${q(query)}`,
      `/api/search/count?q=${q(query)}`,
      `/api/search/histogram?q=${q(query)}`,
      `/api/search/values?field=proto&q=${q(query)}`,
      `/api/reports/top-signatures?filter=${q(query)}`,
    ]) {
      const { status, body } = await http.get(path);
      expect(errorShapeProblem(body)).toBeNull();
      const b = body as { error: string; message: string; position?: { offset: number; column: number } };
      expect({ path: path.slice(0, 40), status, error: b.error }).toEqual({
        path: path.slice(0, 40),
        status: 400,
        error: code,
      });
      expect(b.message).toMatch(message);
      expect(b.position?.column).toBe((b.position?.offset ?? -2) + 1);
    }
  });

  it('names the regex position for a regex error', async () => {
    const { body } = await http.get(`/api/search?q=${q('dest_port:53 /\\Z/')}`);
    expect(body).toMatchObject({ error: 'bad_value', position: { offset: 13, column: 14, length: 4 } });
  });

  it('answers a request over 16 KiB with 431 and the documented body', async () => {
    const res = await fetch(`${http.url}/api/search?q=${'a'.repeat(17 * 1024)}`);
    const body = JSON.parse(await res.text());
    expect(res.status).toBe(431);
    expect(errorShapeProblem(body)).toBeNull();
    expect(body.error).toBe('bad_request');
    expect(body.message).toMatch(/exceed 16 KiB: shorten the query \(at most 8192 characters\)/);
  });

  it('answers a query of 8193 characters (under 16 KiB of URL) with query_too_large', async () => {
    const { status, body } = await http.get(`/api/search?q=${'a'.repeat(8193)}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'query_too_large', position: { offset: 8192, length: 1 } });
  });

  it.each([
    ['a path parameter over 100 characters', `/api/events/${'1'.repeat(120)}`, 414],
    ['a malformed URL', '/api/events/%E0%A4%A', 400],
    ['an event id that is not a number', '/api/events/abc', 400],
    ['an event id of 16 digits', '/api/events/9999999999999999', 400],
  ])('answers %s in the documented shape', async (_name, path, status) => {
    const res = await http.get(path);
    expect(res.status).toBe(status);
    expect(errorShapeProblem(res.body)).toBeNull();
  });

  it('logged no unexpected error', () => {
    expect(http.internalErrors).toEqual([]);
  });
});
