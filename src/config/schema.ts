/** The configuration file: sources to collect and how often. One zod schema; unknown keys are errors. */
import { z } from 'zod';
import { cloudwatchSourceSchema } from '../ingest/sources/cloudwatch/config.ts';
import { firehoseSourceSchema } from '../ingest/sources/firehose/config.ts';
import { s3SourceSchema } from '../ingest/sources/s3/config.ts';

export const sourceSchema = z.discriminatedUnion('type', [
  s3SourceSchema,
  cloudwatchSourceSchema,
  firehoseSourceSchema,
]);

export const configSchema = z
  .strictObject({
    /** Database file (a `--db` flag wins). */
    db: z.string().min(1).optional(),
    /** Seconds between polls of pull sources (S3, CloudWatch Logs), unless a source sets its own. */
    pollIntervalSeconds: z.number().positive().max(86_400).default(60),
    /** Seconds a search or report may run in `nfwlens serve` (0: no limit; a `--query-timeout` flag wins). */
    queryTimeoutSeconds: z.number().min(0).max(3600).optional(),
    sources: z.array(sourceSchema).min(1),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.sources.forEach((s, i) => {
      if (seen.has(s.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', i, 'name'],
          message: `duplicate source name "${s.name}"`,
        });
      }
      seen.add(s.name);
    });
  });

export type NfwlensConfig = z.infer<typeof configSchema>;
export type SourceSettings = z.infer<typeof sourceSchema>;
