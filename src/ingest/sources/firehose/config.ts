/** Settings of a Firehose HTTP endpoint source. */
import { z } from 'zod';
import { sourceName } from '../common-config.ts';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export const firehoseSourceSchema = z
  .strictObject({
    name: sourceName,
    type: z.literal('firehose'),
    /** Address to listen on (put a TLS-terminating proxy on port 443 in front: Firehose sends HTTPS). */
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8088),
    path: z.string().startsWith('/').default('/firehose'),
    /** The shared secret configured on the delivery stream (sent as X-Amz-Firehose-Access-Key). */
    accessKey: z.string().min(1).max(4096).optional(),
    /** Or: the environment variable holding it. */
    accessKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional(),
    /** Largest request body accepted, before and after decompression. */
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .default(DEFAULT_MAX_BODY_BYTES),
  })
  .refine((c) => (c.accessKey === undefined) !== (c.accessKeyEnv === undefined), {
    message: 'exactly one of accessKey or accessKeyEnv is required',
    path: ['accessKey'],
  });

export type FirehoseSourceConfig = z.infer<typeof firehoseSourceSchema>;

/** The access key of a source, read from the environment when configured so. */
export function resolveAccessKey(cfg: FirehoseSourceConfig, env = process.env): string {
  if (cfg.accessKey !== undefined) return cfg.accessKey;
  const v = env[cfg.accessKeyEnv ?? ''];
  if (!v) throw new Error(`source ${cfg.name}: environment variable ${cfg.accessKeyEnv} is not set`);
  return v;
}
