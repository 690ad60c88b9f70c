/** The NFW S3 key layout (format reference, section 7): parse a key, or say it is not a log object. */

const KEY_RE =
  /^(?:(.*?)\/+)?AWSLogs\/(?:o-[a-z0-9]+\/)?(\d+)\/network-firewall\/(alert|flow|tls)\/([a-z0-9-]+)\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/\2_network-firewall_\3_\4_\5_(\d{8}T?\d{4}Z?)_([0-9a-zA-Z]+)\.log\.gz$/;

export interface NfwKey {
  account: string;
  logType: 'alert' | 'flow' | 'tls';
  region: string;
  firewall: string;
  /** `YYYY/MM/DD/HH` of the folder. */
  hour: string;
  /** Epoch ms of the file name's timestamp. */
  fileTime: number;
}

export function parseNfwKey(key: string): NfwKey | null {
  const m = KEY_RE.exec(key);
  if (!m) return null;
  const ts = m[10]!.replace(/[TZ]/g, '');
  const fileTime = Date.UTC(
    Number(ts.slice(0, 4)),
    Number(ts.slice(4, 6)) - 1,
    Number(ts.slice(6, 8)),
    Number(ts.slice(8, 10)),
    Number(ts.slice(10, 12)),
  );
  return {
    account: m[2]!,
    logType: m[3] as NfwKey['logType'],
    region: m[4]!,
    firewall: m[5]!,
    hour: `${m[6]}/${m[7]}/${m[8]}/${m[9]}`,
    fileTime,
  };
}

/** Builds the key NFW would write (for tests, the benchmark and the generator's layout). */
export function nfwKey(k: {
  prefix?: string;
  account: string;
  logType: string;
  region: string;
  firewall: string;
  time: Date;
  hash: string;
}): string {
  const t = k.time.toISOString();
  const [y, mo, d, h, mi] = [t.slice(0, 4), t.slice(5, 7), t.slice(8, 10), t.slice(11, 13), t.slice(14, 16)];
  const base = `AWSLogs/${k.account}/network-firewall/${k.logType}/${k.region}/${k.firewall}/${y}/${mo}/${d}/${h}/`;
  const file = `${k.account}_network-firewall_${k.logType}_${k.region}_${k.firewall}_${y}${mo}${d}${h}${mi}_${k.hash}.log.gz`;
  return `${k.prefix ? `${k.prefix}/` : ''}${base}${file}`;
}
