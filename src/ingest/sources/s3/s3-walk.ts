/**
 * Listing only what can be new. The firewall folders (`.../AWSLogs/<acct>/network-firewall/<type>/
 * <region>/<fw>/`) are found level by level with `Delimiter: '/'` on every poll (so a new firewall,
 * region or log type is found); inside each, hour folders are listed from the oldest hour still
 * settling onwards (`StartAfter` at every level of `YYYY/MM/DD/HH`). The bucket is never listed whole.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** Folders searched for `AWSLogs/` below the configured prefix (central setups add their own). */
const MAX_PREFIX_DEPTH = 3;

export class S3Lister {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly signal?: AbortSignal,
  ) {}

  /** Common prefixes under `prefix` (all pages), in key order. */
  async prefixes(prefix: string, startAfter?: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const res = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          Delimiter: '/',
          StartAfter: token ? undefined : startAfter,
          ContinuationToken: token,
        }),
        { abortSignal: this.signal },
      );
      for (const p of res.CommonPrefixes ?? []) if (p.Prefix) out.push(p.Prefix);
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  /** Object keys under `prefix` after `startAfter`, page by page. */
  async *keys(prefix: string, startAfter?: string | null): AsyncGenerator<string[]> {
    let token: string | undefined;
    do {
      const res = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          StartAfter: token ? undefined : (startAfter ?? undefined),
          ContinuationToken: token,
        }),
        { abortSignal: this.signal },
      );
      yield (res.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
  }

  /** The `AWSLogs/` folders at most MAX_PREFIX_DEPTH levels below `prefix`. */
  private async awsLogsRoots(prefix: string, depth = 0): Promise<string[]> {
    const found: string[] = [];
    for (const p of await this.prefixes(prefix)) {
      if (p.endsWith('/AWSLogs/') || p === 'AWSLogs/') found.push(p);
      else if (depth < MAX_PREFIX_DEPTH && !p.slice(prefix.length).includes('AWSLogs')) {
        found.push(...(await this.awsLogsRoots(p, depth + 1)));
      }
    }
    return found;
  }

  /** Every firewall folder (`.../network-firewall/<type>/<region>/<fw>/`) under `prefix`. */
  async firewallDirs(prefix: string, logTypes?: readonly string[]): Promise<string[]> {
    const dirs: string[] = [];
    // NFW writes `<prefix>/AWSLogs/...`: list under `<prefix>/`, never `<prefix>` (which would also
    // match unrelated folders that merely start with the same letters).
    const base = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    for (const root of await this.awsLogsRoots(base)) {
      const accounts: string[] = [];
      for (const a of await this.prefixes(root)) {
        if (/\/o-[a-z0-9]+\/$/.test(a)) accounts.push(...(await this.prefixes(a)));
        else accounts.push(a);
      }
      for (const acct of accounts) {
        for (const type of await this.prefixes(`${acct}network-firewall/`)) {
          const name = type.slice(0, -1).split('/').pop() ?? '';
          if (logTypes && !logTypes.includes(name)) continue;
          for (const region of await this.prefixes(type)) dirs.push(...(await this.prefixes(region)));
        }
      }
    }
    return dirs.sort();
  }

  /** Hour folders of `dir` at or after `from` (`YYYY/MM/DD/HH`), in order. */
  async *hours(dir: string, from: string | null): AsyncGenerator<string> {
    const parts = from ? from.split('/') : [];
    const walk = async function* (
      this: S3Lister,
      base: string,
      level: number,
      bounded: boolean,
    ): AsyncGenerator<string> {
      if (level === 4) {
        yield base;
        return;
      }
      const mark = bounded ? parts[level] : undefined;
      for (const p of await this.prefixes(base, mark === undefined ? undefined : base + mark)) {
        const seg = p.slice(base.length, -1);
        yield* walk.call(this, p, level + 1, bounded && seg === mark);
      }
    };
    yield* walk.call(this, dir, 0, parts.length === 4);
  }
}
