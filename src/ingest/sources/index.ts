/**
 * Sources: collectors that bring NFW records in from where AWS delivers them (S3 buckets,
 * CloudWatch Logs groups, a Firehose HTTP endpoint), each moving its checkpoint only in the same
 * commit as the records it covers, and keeping its status (position, totals, errors, retries) in
 * the checkpoint `collector:<name>` for `nfwlens status`.
 */
import type { Store } from '../../store/store.ts';
import { CloudWatchCollector, type CloudWatchSourceConfig } from './cloudwatch/index.ts';
import type { Collector } from './collector.ts';
import type { FirehoseSourceConfig } from './firehose/index.ts';
import { S3Collector, type S3SourceConfig } from './s3/index.ts';

export { backoffDelay, sleep, withRetry } from './backoff.ts';
export { type CloudWatchSourceConfig, cloudwatchSourceSchema } from './cloudwatch/index.ts';
export type { Collector, PollResult, SourceType } from './collector.ts';
export { type CollectorStatusRow, collectorStatus } from './collector-status.ts';
export {
  type FirehoseOptions,
  type FirehoseSourceConfig,
  firehoseSourceSchema,
  registerFirehose,
  resolveAccessKey,
} from './firehose/index.ts';
export { type S3SourceConfig, s3SourceSchema } from './s3/index.ts';

export type SourceConfig = S3SourceConfig | CloudWatchSourceConfig | FirehoseSourceConfig;
export type PullSourceConfig = S3SourceConfig | CloudWatchSourceConfig;

/** The collector for a pull source (S3 or CloudWatch Logs); Firehose is pushed to, see `registerFirehose`. */
export function createCollector(cfg: PullSourceConfig, opts: { store: Store }): Collector {
  return cfg.type === 's3' ? new S3Collector(cfg, opts) : new CloudWatchCollector(cfg, opts);
}
