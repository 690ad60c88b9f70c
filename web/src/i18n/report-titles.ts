/** The built-in reports' titles in the UI's dictionaries, by report name (a test holds it to the report list). */
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
