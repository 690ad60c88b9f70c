import { describe, expect, it } from 'vitest';
import { clickhouseDialect } from '../store/clickhouse/dialect.ts';
import { duckdbDialect } from '../store/duckdb/dialect.ts';
import { compileFilter } from './compile.ts';
import { QueryError, QueryFieldError, QueryValueError } from './errors.ts';
import { buildFieldSet, EVENT_FIELDS } from './fields.ts';

const now = new Date('2024-06-01T12:00:00Z');
const T = duckdbDialect.concatText(EVENT_FIELDS.textParts);
const compile = (q: string) => compileFilter(q, EVENT_FIELDS, duckdbDialect, { now });

describe('compileFilter (duckdb): SQL and parameters', () => {
  it.each<[string, string, unknown[]]>([
    ['', 'TRUE', []],
    ['proto:tcp', 'lower(proto) = ?', ['tcp']],
    ['app_proto:TLS', 'lower(app_proto) = ?', ['tls']],
    [
      'signature:"ET POLICY"',
      'regexp_matches(alert_signature, ?)',
      ['(?i)(?:^|[^\\pL\\pN])ET[^\\pL\\pN]+POLICY(?:[^\\pL\\pN]|$)'],
    ],
    ['firewall_name:"Fw A"', 'lower(firewall_name) = ?', ['fw a']],
    ['sni:*.Example.com', "tls_sni ILIKE ? ESCAPE '\\'", ['%.example.com']],
    ['sni:a_b?', "tls_sni ILIKE ? ESCAPE '\\'", ['a\\_b_']],
    ['http_url:/a\\/b/', 'regexp_matches(http_url, ?)', ['a/b']],
    ['hostname:/EXAMPLE/i', 'regexp_matches(http_hostname, ?)', ['(?i)EXAMPLE']],
    ['dest_port:443', 'dest_port = ?', [443]],
    ['dest_port:"443"', 'dest_port = ?', [443]],
    ['dest_port:44*', "CAST(dest_port AS VARCHAR) ILIKE ? ESCAPE '\\'", ['44%']],
    ['bytes>=1000', 'netflow_bytes >= ?', [1000]],
    ['sid<2000000', 'alert_signature_id < ?', [2000000]],
    ['flow_id:18446744073709551615', 'flow_id = ?::UBIGINT', ['18446744073709551615']],
    ['tcp_syn:true', 'tcp_syn = ?', [true]],
    ['tls_inspected:FALSE', 'tls_inspected = ?', [false]],
    ['ts>=2024-01-01T00:00:00Z', 'ts >= ?::TIMESTAMPTZ', ['2024-01-01T00:00:00.000000Z']],
    ['ts<2024-01-01T02:00:00.123456+02:00', 'ts < ?::TIMESTAMPTZ', ['2024-01-01T00:00:00.123456Z']],
    ['ts>-24h', 'ts > ?::TIMESTAMPTZ', ['2024-05-31T12:00:00.000000Z']],
    ['time<=now', 'ts <= ?::TIMESTAMPTZ', ['2024-06-01T12:00:00.000000Z']],
    [
      'ts:2024-01-01',
      '(ts >= ?::TIMESTAMPTZ AND ts < ?::TIMESTAMPTZ)',
      ['2024-01-01T00:00:00.000000Z', '2024-01-02T00:00:00.000000Z'],
    ],
    [
      'src_ip:10.0.0.0/8',
      'src_ip_v4 BETWEEN ?::UBIGINT AND ?::UBIGINT',
      ['281470849515520', '281470866292735'],
    ],
    ['src_ip:10.1.2.3', 'src_ip_v4 = ?::UBIGINT', [String((0xffffn << 32n) | 0x0a010203n)]],
    ['src_ip:::ffff:10.1.2.3', 'src_ip_v4 = ?::UBIGINT', [String((0xffffn << 32n) | 0x0a010203n)]],
    [
      'src_ip:::ffff:0:0/96',
      'src_ip_v4 BETWEEN ?::UBIGINT AND ?::UBIGINT',
      [String(0xffffn << 32n), String((0xffffn << 32n) | 0xffffffffn)],
    ],
    ['dest_ip:fe80:0000::1', 'dest_ip_v6 = ?::UHUGEINT', [String((0xfe80n << 112n) | 1n)]],
    [
      'dest_ip:2001:db8::/32',
      'dest_ip_v6 BETWEEN ?::UHUGEINT AND ?::UHUGEINT',
      [String(0x20010db8n << 96n), String((0x20010db9n << 96n) - 1n)],
    ],
    [
      'dest_ip:::/0',
      '(dest_ip_v4 BETWEEN ?::UBIGINT AND ?::UBIGINT OR dest_ip_v6 BETWEEN ?::UHUGEINT AND ?::UHUGEINT)',
      [String(0xffffn << 32n), String((0xffffn << 32n) | 0xffffffffn), '0', String((1n << 128n) - 1n)],
    ],
    [
      'dest_ip:::fffe:0:0/95',
      '(dest_ip_v4 BETWEEN ?::UBIGINT AND ?::UBIGINT OR dest_ip_v6 BETWEEN ?::UHUGEINT AND ?::UHUGEINT)',
      [
        String(0xffffn << 32n),
        String((0xffffn << 32n) | 0xffffffffn),
        String(0xfffen << 32n),
        String((0xffffn << 32n) | 0xffffffffn),
      ],
    ],
    [
      'not ip:10.0.0.0/8',
      'NOT coalesce((src_ip_v4 BETWEEN ?::UBIGINT AND ?::UBIGINT OR dest_ip_v4 BETWEEN ?::UBIGINT AND ?::UBIGINT), FALSE)',
      ['281470849515520', '281470866292735', '281470849515520', '281470866292735'],
    ],
    ['src_ip:10.0.*', "src_ip ILIKE ? ESCAPE '\\'", ['10.0.%']],
    [
      'aws_category:Gambling',
      'len(list_filter(aws_category, lambda el: lower(el::VARCHAR) = ?)) > 0',
      ['gambling'],
    ],
    ['aws_category:*', 'len(aws_category) > 0', []],
    ['sni:*', 'tls_sni IS NOT NULL', []],
    ['port:22', '(src_port = ? OR dest_port = ?)', [22, 22]],
    ['event.alert.action:blocked', 'lower(alert_action) = ?', ['blocked']],
    ['Proto:TCP', 'lower(proto) = ?', ['tcp']],
    ['not proto:tcp', 'NOT coalesce(lower(proto) = ?, FALSE)', ['tcp']],
    [
      'a or b c',
      `(regexp_matches(${T}, ?) OR (regexp_matches(${T}, ?) AND regexp_matches(${T}, ?)))`,
      ['(?i)a', '(?i)b', '(?i)c'],
    ],
    ['SSH', `regexp_matches(${T}, ?)`, ['(?i)SSH']],
    ['"Say \\"Hi\\" (1.2) C:\\\\x"', `regexp_matches(${T}, ?)`, ['(?i)Say "Hi" \\(1\\.2\\) C:\\\\x']],
    ['ssh*2', `${T} ILIKE ? ESCAPE '\\'`, ['%ssh%2%']],
    ['/ET\\s+POLICY/', `regexp_matches(${T}, ?)`, ['ET\\s+POLICY']],
    ['/(?<n>x)/', `regexp_matches(${T}, ?)`, ['(?P<n>x)']],
  ])('%s', (query, sql, params) => {
    const compiled = compile(query);
    expect({ sql: compiled.sql, params: compiled.params }).toEqual({ sql, params });
  });

  it('binds user text only as parameters', () => {
    const evil = `x' OR 1=1; DROP TABLE events; --`;
    for (const q of [`"${evil}"`, `signature:"${evil}"`, `/${evil}/`]) {
      const c = compile(q);
      expect(c.sql.toLowerCase()).not.toContain('drop');
      // a phrase binds its words, a value its whole text: the words arrive in order either way
      expect(JSON.stringify(c.params).toLowerCase()).toMatch(/drop.+table.+events/);
    }
  });

  it('compiles ORed words and phrases to one alternation, where the first of them stood', () => {
    const { sql, params } = compileFilter(
      'proto:tcp or ssh or "a.b" or x* or C++',
      EVENT_FIELDS,
      duckdbDialect,
    );
    expect(sql.startsWith('(lower(proto) = ? OR regexp_matches(concat_ws(')).toBe(true);
    expect(sql.match(/regexp_matches\(/g)).toHaveLength(1);
    expect(sql.match(/ ILIKE \? /g)).toHaveLength(1);
    expect(params).toEqual(['tcp', '(?i)(?:ssh|a\\.b|C\\+\\+)', '%x%%']);
  });

  it('places parameters in the order of their placeholders', () => {
    const c = compile('port:1 or (bytes>2 and not sni:x) src_ip:10.0.0.0/8');
    expect(c.sql.match(/\?/g)?.length).toBe(c.params.length);
    expect(c.params.slice(0, 5)).toEqual([1, 1, 2, 'x', '281470849515520']);
  });
});

function errorOf(query: string): QueryError {
  try {
    compile(query);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error(`no error for ${query}`);
}

describe('compile errors', () => {
  it.each<[string, typeof QueryError, string, number, number]>([
    ['dst_ip:1.2.3.4', QueryFieldError, 'unknown field "dst_ip"; did you mean "dest_ip", "dst"?', 0, 6],
    ['a  proto:x  sevrity:1', QueryFieldError, 'unknown field "sevrity"; did you mean "severity"?', 12, 7],
    ['qqqqq:1', QueryFieldError, 'unknown field "qqqqq" (to search for this text, put it in quotes)', 0, 5],
    ['x example.com:443', QueryFieldError, 'unknown field "example.com" (to search', 2, 11],
    ['dest_port:abc', QueryValueError, '"dest_port" needs a whole number, not "abc"', 10, 3],
    ['dest_port:99999999999', QueryValueError, '99999999999 is out of range for "dest_port"', 10, 11],
    ['ts>yesterday', QueryValueError, '"yesterday" is not a time', 3, 9],
    ['ts:2024-02-30', QueryValueError, '"2024-02-30" is not a time', 3, 10],
    ['src_ip:10.0.0', QueryValueError, '"10.0.0" is not an IP address or CIDR block', 7, 6],
    ['src_ip:10.0.0.0/33', QueryValueError, '"10.0.0.0/33" is not an IP address or CIDR block', 7, 11],
    ['tcp_syn:maybe', QueryValueError, '"tcp_syn" is true or false, not "maybe"', 8, 5],
    ['proto>tcp', QueryValueError, '">" applies to numbers and times; "proto" is not one', 0, 9],
    ['ts:/2024/', QueryValueError, 'wildcards and regexes do not apply', 3, 6],
    ['/(?=a)b/', QueryValueError, 'lookahead and lookbehind assertions', 0, 8],
    ['x /(?<!a)b/', QueryValueError, 'lookahead and lookbehind assertions', 2, 9],
    ['url:/(a)\\1/', QueryValueError, 'backreferences (\\1...) are not supported by RE2', 4, 7],
    ['/(?>a)/', QueryValueError, 'atomic groups', 0, 7],
    ['/a++/', QueryValueError, 'possessive quantifiers', 0, 5],
    ['/(a/', QueryValueError, 'invalid regular expression: unterminated group', 0, 4],
    ['/[a/', QueryValueError, 'invalid regular expression: unterminated character class', 0, 4],
    ['/a/g', QueryValueError, 'unknown regular expression flag "g"', 0, 4],
    ['/\\Z/', QueryValueError, 'RE2 has no \\Z', 0, 4],
    ['/\\x/', QueryValueError, 'invalid \\x escape', 0, 4],
    ['x /\\p{Nope}/', QueryValueError, 'unknown Unicode class "Nope"', 2, 10],
    ['/(.{1000}){3}/', QueryValueError, 'nested repetitions multiply to more than 1000', 0, 14],
    ['sni:/.{1000}.{1000}.{1000}/', QueryValueError, 'regular expression too large', 4, 23],
    [
      'ts>-99999999999d',
      QueryValueError,
      '"-99999999999d" is not a time between the years 1 and 9999',
      3,
      13,
    ],
    ['ts<+99999999999999999999w', QueryValueError, 'is not a time', 3, 22],
    ['__proto__:x', QueryFieldError, 'unknown field "__proto__"', 0, 9],
    ['constructor:x', QueryFieldError, 'unknown field "constructor"', 0, 11],
    ['hasOwnProperty:x', QueryFieldError, 'unknown field "hasOwnProperty"', 0, 14],
    ['tcp_syn:constructor', QueryValueError, '"tcp_syn" is true or false, not "constructor"', 8, 11],
    ['tcp_syn:__proto__', QueryValueError, '"tcp_syn" is true or false, not "__proto__"', 8, 9],
  ])('%s', (query, cls, message, offset, length) => {
    const e = errorOf(query);
    expect(e).toBeInstanceOf(cls);
    expect(e.message).toContain(message);
    expect(e.message).toMatch(new RegExp(`at column ${offset + 1}$`));
    expect({ offset: e.offset, column: e.column, length: e.length }).toEqual({
      offset,
      column: offset + 1,
      length,
    });
  });

  it('lists suggestions on the field error', () => {
    const e = errorOf('signatur:x') as QueryFieldError;
    expect(e.field).toBe('signatur');
    expect(e.suggestions[0]).toBe('signature');
    expect(e.toJSON()).toMatchObject({ error: 'QueryFieldError', offset: 0, line: 1, column: 1, length: 8 });
  });
});

describe('field sets', () => {
  const sessions = buildFieldSet({
    fields: [
      {
        name: 'client_ip',
        sqlExpr: 's.client_ip',
        kind: 'ip',
        ipV4Expr: 's.client_ip_v4',
        ipV6Expr: 's.client_ip_v6',
      },
      { name: 'server_ip', sqlExpr: 's.server_ip', kind: 'ip' },
      { name: 'total_bytes', sqlExpr: 's.total_bytes', kind: 'bigint' },
      { name: 'start', sqlExpr: 's."start"', kind: 'timestamp' },
    ],
    aliases: { client: 'client_ip', ip: ['client_ip', 'server_ip'] },
  });

  it('compiles over another field set, with its own record text', () => {
    expect(duckdbDialect.concatText(sessions.textParts)).toBe(
      "concat_ws(' ', s.client_ip, s.server_ip, CAST(s.total_bytes AS VARCHAR))",
    );
    expect(compileFilter('client:10.0.0.0/8 total_bytes>5', sessions, duckdbDialect).sql).toBe(
      '(s.client_ip_v4 BETWEEN ?::UBIGINT AND ?::UBIGINT AND s.total_bytes > ?)',
    );
    expect(compileFilter('ip:10.0.0.1', sessions, duckdbDialect)).toEqual({
      sql: '(s.client_ip_v4 = ?::UBIGINT OR s.server_ip = ?)',
      params: [String((0xffffn << 32n) | 0x0a000001n), '10.0.0.1'],
      columns: ['s.client_ip', 's.client_ip_v4', 's.client_ip_v6', 's.server_ip'],
    });
    expect(() => compileFilter('server_ip:10.0.0.0/8', sessions, duckdbDialect)).toThrow(
      /does not support CIDR/,
    );
    expect(() => compileFilter('src_ip:1.2.3.4', sessions, duckdbDialect)).toThrow(QueryFieldError);
  });

  it('rejects inconsistent definitions', () => {
    const f = { name: 'a', sqlExpr: 'a', kind: 'string' as const };
    expect(() => buildFieldSet({ fields: [f, f] })).toThrow(/duplicate/);
    expect(() => buildFieldSet({ fields: [f], aliases: { b: 'c' } })).toThrow(/unknown field/);
  });

  it('exposes the event columns that are filterable, not the numeric IP twins', () => {
    expect(EVENT_FIELDS.byName.get('src_ip')).toMatchObject({
      kind: 'ip',
      ipV4Expr: 'src_ip_v4',
      ipV6Expr: 'src_ip_v6',
    });
    expect(EVENT_FIELDS.byName.get('dest_ip')).toMatchObject({
      ipV4Expr: 'dest_ip_v4',
      ipV6Expr: 'dest_ip_v6',
    });
    for (const twin of ['src_ip_v4', 'src_ip_v6', 'dest_ip_v4', 'dest_ip_v6']) {
      expect(EVENT_FIELDS.byName.has(twin)).toBe(false);
      expect(duckdbDialect.concatText(EVENT_FIELDS.textParts)).not.toContain(twin);
    }
    expect(EVENT_FIELDS.byName.has('residual')).toBe(false);
    expect(duckdbDialect.concatText(EVENT_FIELDS.textParts)).toContain('residual');
  });
});

describe('clickhouse dialect', () => {
  it('uses named typed placeholders', () => {
    expect(clickhouseDialect.placeholder(3, 'uhugeint')).toBe('{p3:UInt128}');
    expect(compileFilter('proto:tcp and dest_port:443', EVENT_FIELDS, clickhouseDialect)).toEqual({
      sql: '(lowerUTF8(proto) = {p1:String} AND dest_port = {p2:Int32})',
      params: ['tcp', 443],
      columns: ['dest_port', 'proto'],
    });
  });
  it('names the columns a filter reads, or none when it reads the record text', () => {
    expect(compile('firewall:"fw a" or not az:x').columns).toEqual(['availability_zone', 'firewall_name']);
    expect(compile('dest_ip:10.0.0.0/8').columns).toEqual(['dest_ip', 'dest_ip_v4', 'dest_ip_v6']);
    expect(compile('proto:tcp and amazon').columns).toBeNull();
    expect(compile('/amazon/i').columns).toBeNull();
  });
});
