/** Firehose source: an HTTP endpoint for Amazon Data Firehose deliveries (plain NFW lines or CloudWatch payloads). */
export {
  DEFAULT_MAX_BODY_BYTES,
  type FirehoseSourceConfig,
  firehoseSourceSchema,
  resolveAccessKey,
} from './config.ts';
export { accessKeyMatches, type FirehoseOptions, registerFirehose } from './firehose-plugin.ts';
export { decodeRecords, FirehoseRequestError, parseBody } from './firehose-records.ts';
export { FirehoseWriter } from './firehose-writer.ts';
export { KEEP_MS, RequestIds, SLOT_MS } from './request-ids.ts';
