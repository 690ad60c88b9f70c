import { describe, expect, it } from 'vitest';
import { EVENT_COLUMN_NAMES } from '../schema/columns.ts';
import { normalizeLine, reconstructRecord } from './index.ts';
import type { Accepted, NormalizeResult } from './types.ts';

type Obj = Record<string, unknown>;

function netflow(event: Obj = {}, envelope: Obj = {}): Obj {
  return {
    firewall_name: 'fw',
    availability_zone: 'us-east-1a',
    event_timestamp: '1601587565',
    ...envelope,
    event: {
      timestamp: '2020-10-01T21:26:05.007515+0000',
      flow_id: 1770453319291727,
      event_type: 'netflow',
      src_ip: '45.129.33.153',
      src_port: 47047,
      dest_ip: '172.31.16.139',
      dest_port: 16463,
      proto: 'TCP',
      netflow: {
        pkts: 1,
        bytes: 60,
        start: '2020-10-01T21:25:04.070479+0000',
        end: '2020-10-01T21:25:04.070479+0000',
        age: 0,
        min_ttl: 241,
        max_ttl: 241,
      },
      tcp: { tcp_flags: '02', syn: true },
      ...event,
    },
  };
}

function accepted(result: NormalizeResult): Accepted {
  if (!result.ok) throw new Error(`rejected (${result.reason}): ${result.message}`);
  return result;
}

/** Normalises the JSON text and checks that it rebuilds to the same value. */
function roundTrip(text: string): Accepted {
  const result = accepted(normalizeLine(text));
  expect(JSON.parse(reconstructRecord(result.row, result.residual))).toEqual(JSON.parse(text));
  return result;
}

describe('accepted records', () => {
  it('gives every column a value, null when absent, and no residual for a typical netflow record', () => {
    const result = roundTrip(JSON.stringify(netflow()));
    expect(Object.keys(result.row).sort()).toEqual([...EVENT_COLUMN_NAMES].sort());
    expect(result.residual).toBeNull();
    expect(result.row.log_type).toBe('flow');
    expect(result.row['http_url']).toBeNull();
    expect(result.row['tcp_fin']).toBeNull();
    expect(result.row['netflow_start']).toBe(Date.parse('2020-10-01T21:25:04.070Z') * 1000 + 479);
    expect(result.row['src_ip_v4']).toBe(0xffff2d812199n);
    expect(result.row['src_ip_v6']).toBeNull();
  });

  it.each([
    ['45.129.33.153', 0xffff2d812199n, null],
    ['0.0.0.0', 0xffff00000000n, null],
    ['255.255.255.255', 0xffffffffffffn, null],
    ['::ffff:10.1.2.3', 0xffff0a010203n, null],
    ['::ffff:0:0', 0xffff00000000n, null],
    ['::fffe:ffff:ffff', null, 0xfffeffffffffn],
    ['::1:0:0:0', null, 0x1000000000000n],
    ['::', null, 0n],
    ['2001:db8::1', null, 0x20010db8000000000000000000000001n],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', null, (1n << 128n) - 1n],
  ])('numbers %s into the _v4 column (%s) or the _v6 column (%s)', (ip, v4, v6) => {
    const result = roundTrip(JSON.stringify(netflow({ src_ip: ip, dest_ip: ip })));
    for (const side of ['src_ip', 'dest_ip']) {
      expect(result.row[`${side}_v4`]).toBe(v4);
      expect(result.row[`${side}_v6`]).toBe(v6);
    }
  });

  it.each([
    [2251799813685247n, '2251799813685247'],
    [18446744073709551615n, '18446744073709551615'],
    [9007199254740993n, '9007199254740993'],
  ])('keeps flow_id %s exact through normalise and reconstruct', (expected, digits) => {
    const text = JSON.stringify(netflow()).replace('1770453319291727', digits);
    const result = accepted(normalizeLine(text));
    expect(result.row['flow_id']).toBe(expected);
    expect(result.residual).toBeNull();
    const rebuilt = reconstructRecord(result.row, result.residual);
    expect(rebuilt).toContain(`"flow_id":${digits}`);
    expect(reconstructRecord({ ...result.row, flow_id: digits }, result.residual)).toContain(
      `"flow_id":${digits}`,
    );
  });

  it('keeps a flow_id that fits no column (beyond 64 bits, negative, string) in the residual', () => {
    const big = roundTrip(JSON.stringify(netflow()).replace('1770453319291727', '18446744073709551616'));
    expect(big.row['flow_id']).toBeNull();
    const negative = roundTrip(JSON.stringify(netflow({ flow_id: -1 })));
    expect(negative.row['flow_id']).toBeNull();
    const text = roundTrip(JSON.stringify(netflow({ flow_id: '42' })));
    expect(text.row['flow_id']).toBe(42n);
    expect(JSON.parse(text.residual ?? '{}')).toEqual({ event: { flow_id: '42' } });
  });

  it('compresses expanded IPv6 addresses and rebuilds the original text', () => {
    const src = 'fe80:0000:0000:0000:fada:0cff:fedc:87f1';
    const result = roundTrip(JSON.stringify(netflow({ src_ip: src, dest_ip: '2001:db8::1' })));
    expect(result.row['src_ip']).toBe('fe80::fada:cff:fedc:87f1');
    expect(result.row['dest_ip']).toBe('2001:db8::1');
    expect(result.row['src_ip_v6']).toBe(0xfe80000000000000fada0cfffedc87f1n);
    expect(result.row['src_ip_v4']).toBeNull();
    expect(JSON.parse(result.residual ?? '{}')).toEqual({ event: { src_ip: src } });
  });

  it('keeps an unparseable IP as null with the original in the residual', () => {
    const result = roundTrip(JSON.stringify(netflow({ src_ip: 'not-an-ip' })));
    expect(result.row['src_ip']).toBeNull();
    expect(result.row['src_ip_v4']).toBeNull();
    expect(result.row['src_ip_v6']).toBeNull();
  });

  it('reads the TLS log: string ports, numeric event_timestamp, sni, Z timestamp', () => {
    const text =
      '{"firewall_name":"egress-fw","availability_zone":"us-east-1d","event_timestamp":1708361189,"event":{"src_ip":"10.0.2.53","src_port":"55930","revocation_check":{"leaf_cert_fpr":"ABC","status":"REVOKED","action":"DROP"},"dest_ip":"54.92.160.72","dest_port":"443","timestamp":"2024-02-19T16:46:29.441824Z","sni":"revoked-rsa-dv.ssl.com"}}';
    const result = roundTrip(text);
    expect(result.row).toMatchObject({
      log_type: 'tls',
      src_port: 55930,
      dest_port: 443,
      event_timestamp: 1708361189,
      ts: Date.parse('2024-02-19T16:46:29.441Z') * 1000 + 824,
      tls_sni: 'revoked-rsa-dv.ssl.com',
      revocation_status: 'REVOKED',
      event_type: null,
      flow_id: null,
    });
  });

  it('treats sni "-" and "" as no SNI', () => {
    const dash = roundTrip(
      JSON.stringify(netflow({ event_type: undefined, sni: '-', tls_error: { error_message: 'x' } })),
    );
    expect(dash.row.log_type).toBe('tls');
    expect(dash.row['tls_sni']).toBeNull();
    const empty = roundTrip(JSON.stringify(netflow({ tls: { sni: '' } })));
    expect(empty.row['tls_sni']).toBeNull();
  });

  it('leaves ports null for ICMP, never 0', () => {
    const event = netflow({ proto: 'IPv6-ICMP', icmp_type: 128, icmp_code: 0 });
    const e = event['event'] as Obj;
    delete e['src_port'];
    delete e['dest_port'];
    delete e['tcp'];
    const result = roundTrip(JSON.stringify(event));
    expect(result.row['src_port']).toBeNull();
    expect(result.row['dest_port']).toBeNull();
    expect(result.row['proto']).toBe('IPV6-ICMP');
    expect(result.row['icmp_type']).toBe(128);
    expect(result.row['icmp_code']).toBe(0);
    expect(JSON.parse(result.residual ?? '{}')).toEqual({ event: { proto: 'IPv6-ICMP' } });
  });

  it.each([
    ['top level, array', { aws_category: ['Search Engines and Portals', 'News'] }, {}],
    ['top level, JSON string', { aws_category: '["Search Engines and Portals","News"]' }, {}],
    ['in event, array', {}, { aws_category: ['Search Engines and Portals', 'News'] }],
    ['in event, JSON string', {}, { aws_category: '["Search Engines and Portals","News"]' }],
  ])('reads aws_category: %s', (_name, envelope, event) => {
    const result = roundTrip(JSON.stringify(netflow(event, envelope)));
    expect(result.row['aws_category']).toEqual(['Search Engines and Portals', 'News']);
  });

  it('has aws_category null when absent', () => {
    expect(accepted(normalizeLine(JSON.stringify(netflow()))).row['aws_category']).toBeNull();
  });

  it.each([
    ['alert', 'alert'],
    ['netflow', 'flow'],
    ['flow', 'flow'],
    ['dns', 'other'],
    ['something_new', 'other'],
  ])('event_type %s is log_type %s', (eventType, logType) => {
    const result = roundTrip(JSON.stringify(netflow({ event_type: eventType })));
    expect(result.row.log_type).toBe(logType);
    expect(result.row['event_type']).toBe(eventType);
  });

  it('keeps unknown fields, at every level, in the residual', () => {
    const extra = { future_field: { a: [1, 2] }, verdict: { action: 'drop', reject: ['tcp-reset'] } };
    const result = roundTrip(JSON.stringify(netflow(extra, { region_hint: 'x' })));
    expect(JSON.parse(result.residual ?? '{}')).toEqual({
      region_hint: 'x',
      event: { future_field: { a: [1, 2] }, verdict: { reject: ['tcp-reset'] } },
    });
    expect(result.row['verdict_action']).toBe('drop');
  });

  it('keeps wrongly typed values as null columns, originals in the residual', () => {
    const result = roundTrip(
      JSON.stringify(netflow({ src_port: 'abc', dest_port: { x: 1 }, tx_guessed: 'yes', tcp: { syn: 1 } })),
    );
    expect(result.row).toMatchObject({ src_port: null, dest_port: null, tx_guessed: null, tcp_syn: null });
    expect(JSON.parse(result.residual ?? '{}')).toEqual({
      event: { src_port: 'abc', dest_port: { x: 1 }, tx_guessed: 'yes', tcp: { syn: 1 } },
    });
  });

  it('keeps objects that were empty in the original, drops those emptied by columns', () => {
    const result = roundTrip(JSON.stringify(netflow({ tls: { ja3: {}, ja3s: { hash: 'h' } } })));
    expect(result.row['tls_ja3s_hash']).toBe('h');
    expect(JSON.parse(result.residual ?? '{}')).toEqual({ event: { tls: { ja3: {} } } });
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    const text =
      '{"firewall_name":"outbound","availability_zone":"eu-central-1a","event_timestamp":"1674225318","event":{"timestamp":"2023-01-20T14:35:18.307095+0000","event_type":"alert","tls":{"subject":"CN=first","issuerdn":"A","subject":"CN=second","issuerdn":"B"}}}';
    const result = roundTrip(text);
    expect(result.row['tls_subject']).toBe('CN=second');
    expect(result.row['tls_issuerdn']).toBe('B');
  });

  it('reads the HTTP/2 :authority header when there is no hostname', () => {
    const http = {
      request_headers: [
        { name: ':method', value: 'GET' },
        { name: ':authority', value: 'www.google.com' },
      ],
      url: '/',
    };
    const result = roundTrip(JSON.stringify(netflow({ event_type: 'alert', http })));
    expect(result.row['http_hostname']).toBe('www.google.com');
    const withHost = roundTrip(JSON.stringify(netflow({ http: { ...http, hostname: 'h.example' } })));
    expect(withHost.row['http_hostname']).toBe('h.example');
  });

  it('accepts a plain Suricata EVE record and rebuilds it without an envelope', () => {
    const text =
      '{"timestamp":"2018-07-05T15:51:20.213418-0400","flow_id":1684780223079543,"event_type":"dns","src_ip":"192.168.86.1","src_port":53,"dest_ip":"192.168.86.85","dest_port":39464,"proto":"UDP","dns":{"type":"answer"}}';
    const result = roundTrip(text);
    expect(result.row).toMatchObject({
      log_type: 'other',
      event_type: 'dns',
      firewall_name: null,
      src_port: 53,
    });
    expect(result.row.ts).toBe(Date.parse('2018-07-05T19:51:20.213Z') * 1000 + 418);
  });

  it('keeps a "__proto__" key as data', () => {
    const text = JSON.stringify(netflow()).replace('"event":{', '"event":{"__proto__":{"polluted":true},');
    const result = roundTrip(text);
    expect(result.residual).toContain('__proto__');
    expect(({} as Obj)['polluted']).toBeUndefined();
  });

  it('keeps canonical and non-canonical timestamp spellings apart', () => {
    const result = roundTrip(JSON.stringify(netflow({ timestamp: '2020-10-01T21:26:05.007515+00:00' })));
    expect(result.row.ts).toBe(Date.parse('2020-10-01T21:26:05.007Z') * 1000 + 515);
    expect(JSON.parse(result.residual ?? '{}')).toEqual({
      event: { timestamp: '2020-10-01T21:26:05.007515+00:00' },
    });
  });

  it('keeps numbers and strings apart in event_timestamp', () => {
    const padded = roundTrip(JSON.stringify(netflow({}, { event_timestamp: '01601587565' })));
    expect(padded.row['event_timestamp']).toBe(1601587565);
    expect(padded.residual).toBe('{"event_timestamp":"01601587565"}');
  });
});
