/** Options of the generator and their defaults. */

export interface RecordOptions {
  /** Total records to write (default 10_000); met exactly. */
  records?: number;
  /** PRNG seed (default 1): the same seed and options give byte-identical output. */
  seed?: number;
  /** First hour (default: now minus `hours`, truncated to the hour). */
  start?: Date;
  /** Span in hours (default 24). */
  hours?: number;
  account?: string;
  region?: string;
}

export interface ResolvedOptions {
  records: number;
  seed: number;
  startMs: number;
  hours: number;
  account: string;
  region: string;
}

export function resolveOptions(opts: RecordOptions, nowMs = Date.now()): ResolvedOptions {
  const hours = Math.max(1, Math.floor(opts.hours ?? 24));
  const start = opts.start ? opts.start.getTime() : nowMs - hours * 3_600_000;
  if (!Number.isFinite(start)) throw new RangeError('generate: start is not a valid date');
  const records = Math.max(0, Math.floor(opts.records ?? 10_000));
  const account = opts.account ?? '111122223333';
  if (!/^\d+$/.test(account)) throw new RangeError(`generate: account must be digits, got ${account}`);
  const region = opts.region ?? 'us-east-1';
  if (!/^[a-z0-9-]+$/.test(region)) throw new RangeError(`generate: bad region ${region}`);
  return {
    records,
    seed: opts.seed ?? 1,
    startMs: Math.floor(start / 3_600_000) * 3_600_000,
    hours,
    account,
    region,
  };
}
