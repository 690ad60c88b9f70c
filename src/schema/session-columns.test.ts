import { describe, expect, it } from 'vitest';
import {
  SESSION_BRIEF_COLUMN_NAMES,
  SESSION_COLUMN_TABLE,
  SESSION_LISTED_COLUMN_NAMES,
  sessionColumnByName,
} from './session-columns.ts';

describe('the session column table', () => {
  it('lists every column but the numeric IP twins, in display order', () => {
    expect(SESSION_LISTED_COLUMN_NAMES).toEqual([
      'kind',
      'firewall_name',
      'availability_zone',
      'flow_id',
      'start',
      'end',
      'age',
      'client_ip',
      'client_port',
      'server_ip',
      'server_port',
      'proto',
      'app_proto',
      'pkts_to_server',
      'bytes_to_server',
      'pkts_to_client',
      'bytes_to_client',
      'total_bytes',
      'paired',
      'tcp_flags_to_server',
      'tcp_flags_to_client',
      'alert_count',
      'alert_action',
      'signature_ids',
      'request_id',
      'reply_id',
      'ts',
      'last_ts',
      'records',
    ]);
    expect(SESSION_COLUMN_TABLE.filter((c) => !c.listed).every((c) => c.ipNumber !== undefined)).toBe(true);
  });

  it('gives the compact table its columns, each endpoint as one', () => {
    expect(SESSION_BRIEF_COLUMN_NAMES).toEqual([
      'start',
      'firewall_name',
      'client',
      'server',
      'proto',
      'app_proto',
      'bytes_to_server',
      'bytes_to_client',
      'total_bytes',
      'paired',
      'alert_action',
      'flow_id',
    ]);
  });

  it('pairs every ip column with its port and its two numeric twins', () => {
    for (const c of SESSION_COLUMN_TABLE.filter((x) => x.kind === 'ip')) {
      expect(sessionColumnByName(`${c.name}_v4`)?.ipNumber).toBe('v4');
      expect(sessionColumnByName(`${c.name}_v6`)?.ipNumber).toBe('v6');
      if (c.endpoint) expect(sessionColumnByName(c.endpoint.port)?.kind).toBe('int');
    }
  });
});
