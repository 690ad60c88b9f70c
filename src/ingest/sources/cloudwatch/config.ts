/** Settings of a CloudWatch Logs source: a log group NFW writes to. */
import { z } from 'zod';
import { awsConnection, LOG_TYPES, sourceName } from '../common-config.ts';

export const cloudwatchSourceSchema = z.strictObject({
  name: sourceName,
  type: z.literal('cloudwatch'),
  logGroupName: z.string().min(1).max(512),
  /** Only streams whose name starts with this (e.g. `/aws/network-firewall/alert/`). */
  logStreamNamePrefix: z.string().min(1).max(512).optional(),
  /** Only these log types, taken from the stream name (default all). */
  logTypes: z.array(z.enum(LOG_TYPES)).min(1).optional(),
  /** A CloudWatch filter pattern applied by the service. */
  filterPattern: z.string().max(1024).optional(),
  /** Where a new source starts: an ISO time; default `lookbackHours` before the first poll. */
  startTime: z.iso.datetime({ offset: true }).optional(),
  lookbackHours: z
    .number()
    .positive()
    .max(24 * 366)
    .default(24),
  /** Window re-read on every poll for events that arrive late (deduplicated by event id). */
  overlapMinutes: z.number().min(0).max(120).default(10),
  /** Events per FilterLogEvents page (1-10,000). */
  pageLimit: z.number().int().min(1).max(10_000).default(10_000),
  /** Records per committed batch. */
  batchSize: z.number().int().min(1).max(200_000).default(20_000),
  ...awsConnection,
});

export type CloudWatchSourceConfig = z.infer<typeof cloudwatchSourceSchema>;
