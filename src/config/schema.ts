/** The configuration file: the store, the sources to collect and how often. One zod schema; unknown keys are errors. */
import { z } from 'zod';
import { cloudwatchSourceSchema } from '../ingest/sources/cloudwatch/config.ts';
import { firehoseSourceSchema } from '../ingest/sources/firehose/config.ts';
import { s3SourceSchema } from '../ingest/sources/s3/config.ts';
import { parseClickHouseUrl } from '../store/clickhouse/url.ts';

export const sourceSchema = z.discriminatedUnion('type', [
  s3SourceSchema,
  cloudwatchSourceSchema,
  firehoseSourceSchema,
]);

export const configSchema = z
  .strictObject({
    /** Database file (a `--db` flag wins). */
    db: z.string().min(1).optional(),
    /** A ClickHouse store, `clickhouse://USER:PASS@HOST:8123/DB` (env NFWLENS_STORE and `--store` win). */
    store: z
      .string()
      .min(1)
      .superRefine((text, ctx) => {
        try {
          parseClickHouseUrl(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      })
      .optional(),
    /** The ClickHouse cluster of `store` (env NFWLENS_CLUSTER and `--cluster` win). */
    cluster: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/,
        "letters, digits, _, . and -, as in the servers' remote_servers",
      )
      .optional(),
    /** Seconds between polls of pull sources (S3, CloudWatch Logs), unless a source sets its own. */
    pollIntervalSeconds: z.number().positive().max(86_400).default(60),
    /** Seconds a search or report may run in `nfwlens serve` (0: no limit; a `--query-timeout` flag wins). */
    queryTimeoutSeconds: z.number().min(0).max(3600).optional(),
    sources: z.array(sourceSchema).min(1),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.db !== undefined && cfg.store !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['store'],
        message: 'give db (a DuckDB file) or store (a ClickHouse URL), not both',
      });
    }
    if (cfg.cluster !== undefined && cfg.store === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['cluster'],
        message: 'cluster applies to a ClickHouse store: give store too',
      });
    }
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
