/**
 * NFW log stream names (format reference, section 8): `/aws/network-firewall/<alert|flow>/<fw>_<YYYY-MM-DD-HH>`
 * (one stream per hour) and `/aws/network-firewall/tls/<fw>` (no hour).
 */

export interface NfwStream {
  logType: 'alert' | 'flow' | 'tls';
  firewall: string;
  /** Epoch ms of the stream's hour, when it has one. */
  hour: number | null;
}

const HOURLY = /^\/aws\/network-firewall\/(alert|flow)\/(.+)_(\d{4})-(\d{2})-(\d{2})-(\d{2})$/;
const TLS = /^\/aws\/network-firewall\/tls\/([^/]+)$/;

export function parseStreamName(name: string): NfwStream | null {
  const m = HOURLY.exec(name);
  if (m) {
    const [y, mo, d, h] = [m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number];
    return { logType: m[1] as 'alert' | 'flow', firewall: m[2]!, hour: Date.UTC(y, mo - 1, d, h) };
  }
  const t = TLS.exec(name);
  return t ? { logType: 'tls', firewall: t[1]!, hour: null } : null;
}
