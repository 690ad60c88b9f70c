/** CloudWatch Logs source: polls a log group with FilterLogEvents, late events included, no duplicates. */

export {
  CloudWatchCollector,
  type CloudWatchCollectorOptions,
  cloudwatchClient,
} from './cloudwatch-source.ts';
export { type CloudWatchSourceConfig, cloudwatchSourceSchema } from './config.ts';
export { type NfwStream, parseStreamName } from './stream-name.ts';
