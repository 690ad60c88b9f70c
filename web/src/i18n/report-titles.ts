/**
 * The built-in reports' titles in the UI's dictionaries, by report name, and the display names of
 * the report columns that are not fields of the column tables: measures and computed keys (a test
 * holds both to the report definitions).
 */
import type { DisplayName } from '../../../src/schema/columns.ts';
import type { MessageKey } from './messages-en.ts';

export const REPORT_TITLES: Readonly<Record<string, MessageKey>> = {
  'hourly-actions': 'report.hourly',
  'top-destinations': 'report.destinations',
  protocols: 'report.protocols',
  'top-sources': 'report.topSources',
  'top-ports': 'report.topPorts',
  'top-signatures': 'report.topSignatures',
  'blocked-sources': 'report.blockedSources',
  'top-sni': 'report.topSni',
  firewalls: 'report.firewalls',
};

const label = (en: string, ja: string): DisplayName => ({ en, ja });

/** Measures and computed keys of the report sources, by output column name. */
export const REPORT_COLUMN_LABELS: Readonly<Record<string, DisplayName>> = {
  sessions: label('Sessions', 'セッション数'),
  bytes_to_server: label('Bytes to server', 'サーバー宛バイト数'),
  bytes_to_client: label('Bytes to client', 'クライアント宛バイト数'),
  total_bytes: label('Total bytes', '合計バイト数'),
  packets: label('Packets', 'パケット数'),
  blocked: label('Blocked', 'ブロック'),
  clients: label('Clients', 'クライアント数'),
  servers: label('Servers', 'サーバー数'),
  records: label('Records', 'レコード数'),
  allowed: label('Allowed', '許可'),
  total: label('Total', '合計'),
  alerts: label('Alerts', 'アラート数'),
  sources: label('Sources', '送信元数'),
  destinations: label('Destinations', '宛先数'),
  signatures: label('Signatures', 'シグネチャ数'),
  last_seen: label('Last seen', '最終検出'),
  signature_id: label('Signature ID', 'シグネチャ ID'),
  signature: label('Signature', 'シグネチャ'),
  server_name: label('Server name', 'サーバー名'),
  bucket: label('Time', '時刻'),
};
