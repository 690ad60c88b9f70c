/** S3 object keys exactly as NFW writes them (format reference, section 7). */
import { fnv1a } from './prng.ts';
import type { LogType } from './records.ts';
import { fileStamp, hourPath } from './time-format.ts';

/** The tolerant key regex of the format reference (groups: prefix, account, type, region, fw, Y, M, D, H, stamp, hash). */
export const NFW_S3_KEY_RE =
  /^(?:(.*?)\/+)?AWSLogs\/(?:o-[a-z0-9]+\/)?(\d+)\/network-firewall\/(alert|flow|tls)\/([a-z0-9-]+)\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/\2_network-firewall_\3_\4_\5_(\d{8}T?\d{4}Z?)_([0-9a-zA-Z]+)\.log\.gz$/;

export interface ObjectKeyParts {
  account: string;
  region: string;
  logType: LogType;
  firewall: string;
  /** Start of the file's 5-minute slot, epoch ms. */
  fileMs: number;
  seed: number;
}

/** `AWSLogs/<acct>/network-firewall/<type>/<region>/<fw>/YYYY/MM/DD/HH/<acct>_network-firewall_..._<hash>.log.gz` */
export function objectKey(k: ObjectKeyParts): string {
  const stamp = fileStamp(k.fileMs);
  const base = `${k.account}_network-firewall_${k.logType}_${k.region}_${k.firewall}_${stamp}`;
  const hash = fnv1a(`${k.seed}|${base}`).toString(16).padStart(8, '0');
  const dir = `AWSLogs/${k.account}/network-firewall/${k.logType}/${k.region}/${k.firewall}/${hourPath(k.fileMs)}`;
  return `${dir}/${base}_${hash}.log.gz`;
}
