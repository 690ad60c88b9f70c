/** S3 source: collects NFW `.log.gz` objects from a bucket in the documented key layout. */
export { type S3SourceConfig, s3SourceSchema } from './config.ts';
export { nfwKey, parseNfwKey } from './s3-key.ts';
export { S3Collector, type S3CollectorOptions, s3Client } from './s3-source.ts';
