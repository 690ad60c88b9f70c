/** The oracle itself, on cases worked out by hand from the rules (README.md), before it judges the store. */
import { describe, expect, it } from 'vitest';
import { eveMicros, isoMicros, referenceSessions } from './reference.testing.ts';

const envelope = (event: Record<string, unknown>, fw = 'fw-a', az = 'az-1') => ({
  firewall_name: fw,
  availability_zone: az,
  event,
});
const half = (over: Record<string, unknown>, netflow: Record<string, unknown> = {}) =>
  envelope({
    event_type: 'netflow',
    flow_id: 5,
    timestamp: '2024-03-01T10:02:00.000000+0000',
    src_ip: '10.0.0.1',
    src_port: 40000,
    dest_ip: '192.0.2.1',
    dest_port: 443,
    proto: 'TCP',
    ...over,
    netflow: {
      pkts: 2,
      bytes: 200,
      start: '2024-03-01T10:00:00.000000+0000',
      end: '2024-03-01T10:01:00.000000+0000',
      age: 60,
      ...netflow,
    },
  });
const alert = (over: Record<string, unknown>) =>
  envelope({
    event_type: 'alert',
    flow_id: 5,
    timestamp: '2024-03-01T10:00:30.000000+0000',
    src_ip: '10.0.0.1',
    src_port: 40000,
    dest_ip: '192.0.2.1',
    dest_port: 443,
    proto: 'TCP',
    alert: { action: 'allowed', signature_id: 10 },
    ...over,
  });
const REPLY = { src_ip: '192.0.2.1', src_port: 443, dest_ip: '10.0.0.1', dest_port: 40000 };

describe('the reference pairing', () => {
  it('reads EVE times with offsets and writes them back in UTC with microseconds', () => {
    expect(eveMicros('2024-03-01T10:00:00.5+0100')).toBe(Date.UTC(2024, 2, 1, 9) * 1000 + 500_000);
    expect(isoMicros(eveMicros('2023-01-31T07:44:20.121258+0000'))).toBe('2023-01-31T07:44:20.121258Z');
    expect(isoMicros(eveMicros('1969-12-31T23:59:59.999999Z'))).toBe('1969-12-31T23:59:59.999999Z');
  });

  it('pairs two halves: request by time, reply the other direction', () => {
    const [s, ...rest] = referenceSessions([
      half(
        { ...REPLY, timestamp: '2024-03-01T10:02:00.000001+0000', app_proto: 'tls' },
        { pkts: 3, bytes: 3000 },
      ),
      half({ app_proto: '' }),
    ]);
    expect(rest).toEqual([]);
    expect(s).toEqual({
      kind: 'netflow',
      firewall_name: 'fw-a',
      availability_zone: 'az-1',
      flow_id: 5,
      start: '2024-03-01T10:00:00.000000Z',
      end: '2024-03-01T10:01:00.000000Z',
      age: 60,
      client_ip: '10.0.0.1',
      client_port: 40000,
      server_ip: '192.0.2.1',
      server_port: 443,
      proto: 'TCP',
      app_proto: 'tls',
      pkts_to_server: 2,
      bytes_to_server: 200,
      pkts_to_client: 3,
      bytes_to_client: 3000,
      total_bytes: 3200,
      paired: true,
      tcp_flags_to_server: null,
      tcp_flags_to_client: null,
      request_id: 2,
      reply_id: 1,
      ts: '2024-03-01T10:02:00.000000Z',
      last_ts: '2024-03-01T10:02:00.000001Z',
      records: 2,
      alert_count: 0,
      alert_action: null,
      signature_ids: [],
    });
  });

  it('breaks ties by the larger port, then the smaller address as text, then arrival', () => {
    const tie = { timestamp: '2024-03-01T10:02:00.000000+0000' };
    const [byPort] = referenceSessions([half({ ...tie }), half({ ...REPLY, ...tie })]);
    expect(byPort).toMatchObject({ client_port: 40000, request_id: 1, reply_id: 2 });
    const noPorts = { src_port: undefined, dest_port: undefined, proto: 'ICMP' };
    const [byText] = referenceSessions([
      half({ ...noPorts, src_ip: '10.0.0.9', dest_ip: '10.0.0.10' }),
      half({ ...noPorts, src_ip: '10.0.0.10', dest_ip: '10.0.0.9' }),
    ]);
    expect(byText).toMatchObject({ client_ip: '10.0.0.10', client_port: null, request_id: 2, reply_id: 1 });
    const [dup] = referenceSessions([half({}), half({}), half({})]);
    expect(dup).toMatchObject({
      request_id: 1,
      reply_id: null,
      records: 3,
      paired: false,
      bytes_to_server: 200,
    });
  });

  it('keeps keys apart: firewall, AZ, start', () => {
    const sessions = referenceSessions([
      half({}),
      envelope({ ...half({}).event, flow_id: 5 }, 'fw-b'),
      envelope({ ...half({}).event }, 'fw-a', 'az-2'),
      half({}, { start: '2024-03-01T10:00:00.000001+0000' }),
    ]);
    expect(sessions.map((s) => s.records)).toEqual([1, 1, 1, 1]);
  });

  it('joins alerts on the same endpoints either way round within the slack, blocked winning', () => {
    const sessions = referenceSessions([
      half({}),
      half(REPLY),
      alert({ ...REPLY, alert: { action: 'blocked', signature_id: 30 } }),
      alert({ timestamp: '2024-03-01T10:07:00.000000+0000' }), // = max(ts 10:02) + 5 min
      alert({ timestamp: '2024-03-01T09:55:00.000000+0000', alert: { action: 'allowed', signature_id: 30 } }),
      alert({ timestamp: '2024-03-01T10:07:00.000001+0000' }), // just after
      alert({ timestamp: '2024-03-01T09:54:59.999999+0000' }), // just before
      alert({ src_ip: '10.0.0.2' }), // another host
      alert({ src_port: undefined }), // port 0 is not 40000
      alert({ dest_port: 40000, src_port: 443 }), // ports swapped, addresses not
      alert({ flow_id: 6 }),
      envelope({ ...alert({}).event }, 'fw-b'),
    ]);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ alert_count: 3, alert_action: 'blocked', signature_ids: [10, 30] });
  });

  it('joins an ICMP alert with port 0 to ICMP records without ports; a session without start joins nothing', () => {
    const icmp = { src_port: undefined, dest_port: undefined, proto: 'ICMP' };
    const [s] = referenceSessions([half(icmp), alert({ src_port: 0, dest_port: 0, proto: 'ICMP' })]);
    expect(s).toMatchObject({ alert_count: 1, alert_action: 'allowed' });
    const [none] = referenceSessions([half({}, { start: undefined }), alert({})]);
    expect(none).toMatchObject({ start: null, alert_count: 0 });
  });

  it('maps a Suricata flow event to one session of kind flow', () => {
    const [s] = referenceSessions([
      {
        event_type: 'flow',
        flow_id: 9,
        timestamp: '2024-03-01T10:02:00.000000+0000',
        src_ip: '10.0.0.1',
        src_port: 1,
        dest_ip: '10.0.0.2',
        dest_port: 2,
        proto: 'UDP',
        flow: {
          pkts_toserver: 1,
          pkts_toclient: 0,
          bytes_toserver: 10,
          bytes_toclient: 0,
          start: '2024-03-01T10:00:00.000000+0000',
          end: '2024-03-01T10:00:01.000000+0000',
          age: 1,
        },
      },
    ]);
    expect(s).toMatchObject({
      kind: 'flow',
      firewall_name: null,
      paired: false,
      pkts_to_server: 1,
      bytes_to_server: 10,
      reply_id: null,
      app_proto: 'unknown',
      end: '2024-03-01T10:00:01.000000Z',
    });
  });
});
