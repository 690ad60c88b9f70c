/**
 * Agreement with Elastic's AWS Network Firewall integration: where its expected output for the
 * shared sample maps a field, our row carries the same value.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatEveTimestamp, normalizeLine } from './index.ts';
import { SAMPLES_DIR, sampleLines } from './public-samples.testing.ts';

const FILE = 'elastic-integrations/aws-firewall_logs/test-firewall.log';
// biome-ignore lint/suspicious/noExplicitAny: free-form ECS documents
type Ecs = any;
const expected: Ecs[] = JSON.parse(
  readFileSync(path.join(SAMPLES_DIR, `${FILE}-expected.json`), 'utf8'),
).expected;
const lines = sampleLines(FILE);

const FLAG_NAMES = ['fin', 'syn', 'rst', 'psh', 'ack', 'urg', 'ecn', 'cwr'] as const;

describe.each(expected.map((doc, i) => [i + 1, doc, lines[i]?.text ?? ''] as const))(
  'Elastic expected document %i',
  (_n, doc, text) => {
    const result = normalizeLine(text);
    if (!result.ok) throw new Error(result.message);
    const row = result.row;
    const fw = doc.aws.firewall;

    it('is the same record', () => {
      expect(JSON.parse(doc.event.original)).toEqual(JSON.parse(text));
    });

    it('agrees on envelope, time, endpoints and transport', () => {
      expect(row['firewall_name']).toBe(doc.observer.name);
      expect(row['availability_zone']).toBe(doc.cloud.availability_zone);
      expect(Math.floor(row.ts / 1000)).toBe(Date.parse(doc['@timestamp']));
      expect(String(row['flow_id'])).toBe(fw.flow.id);
      expect(row['src_ip']).toBe(doc.source.ip);
      expect(row['src_port']).toBe(doc.source.port);
      expect(row['dest_ip']).toBe(doc.destination.ip);
      expect(row['dest_port']).toBe(doc.destination.port);
      expect(String(row['proto']).toLowerCase()).toBe(doc.network.transport);
      expect(row.log_type === 'alert' ? 'alert' : 'event').toBe(doc.event.kind);
    });

    it('agrees on the alert fields', () => {
      if (doc.rule === undefined) {
        expect(row['alert_signature_id']).toBeNull();
        return;
      }
      expect(String(row['alert_signature_id'])).toBe(doc.rule.id);
      expect(row['alert_signature']).toBe(doc.rule.name);
      expect(row['alert_severity']).toBe(doc.event.severity);
      expect(doc.event.type.includes('denied')).toBe(row['alert_action'] === 'blocked');
      expect(row['app_proto']).toBe(doc.network.protocol);
      expect(row['http_method']).toBe(doc.http.request.method);
      expect(row['http_url']).toBe(doc.url.original);
      expect(row['http_user_agent']).toBe(doc.user_agent.original);
      expect(row['http_protocol']).toBe(`HTTP/${doc.http.version}`);
    });

    it('agrees on the flow fields and TCP flags', () => {
      if (fw.flow.pkts === undefined) {
        expect(row['netflow_pkts']).toBeNull();
        return;
      }
      expect(formatEveTimestamp(row['netflow_start'] as number)).toBe(fw.flow.start);
      expect(formatEveTimestamp(row['netflow_end'] as number)).toBe(fw.flow.end);
      for (const k of ['pkts', 'bytes', 'age', 'min_ttl', 'max_ttl'])
        expect(row[`netflow_${k}`]).toBe(fw.flow[k]);
      expect(row['tcp_flags']).toBe(fw.tcp_flags);
      const flags = FLAG_NAMES.filter((f) => row[`tcp_${f}`] === true);
      expect(flags).toEqual(fw.tcp_flags_array);
      const fromHex = FLAG_NAMES.filter((_f, bit) => (Number.parseInt(fw.tcp_flags, 16) >> bit) & 1);
      expect(flags).toEqual(fromHex);
    });
  },
);
