/** Settings of an S3 source: a bucket and the prefix NFW was configured with. */
import { z } from 'zod';
import { DEFAULT_COMMIT_RECORDS } from '../../ingest-files.ts';
import { awsConnection, LOG_TYPES, sourceName } from '../common-config.ts';

export const s3SourceSchema = z.strictObject({
  name: sourceName,
  type: z.literal('s3'),
  bucket: z.string().min(3).max(63),
  /** The prefix given to NFW's logging configuration (the part before `AWSLogs/`); default none. */
  prefix: z.string().max(512).default(''),
  /** Only these log types (default all). */
  logTypes: z.array(z.enum(LOG_TYPES)).min(1).optional(),
  /** Path-style addressing; default true when `endpoint` is set. */
  forcePathStyle: z.boolean().optional(),
  /**
   * Minutes after an hour ends during which files may still land in its folder: hours that ended
   * less than this before the newest file taken are listed again on every poll.
   */
  settleMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  /** Records per commit (default one DuckDB row group, as `nfwlens ingest` commits). */
  batchSize: z.number().int().min(1).max(200_000).default(DEFAULT_COMMIT_RECORDS),
  ...awsConnection,
});

export type S3SourceConfig = z.infer<typeof s3SourceSchema>;
