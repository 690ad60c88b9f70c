/** Settings every source accepts: its name, where the AWS API is, how often to poll. */
import { z } from 'zod';

export const sourceName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'letters, digits, . _ - (at most 64), starting with a letter or digit',
  );

/** AWS connection: credentials always come from the SDK's default chain (env, profile, role). */
export const awsConnection = {
  /** Region; default: the SDK's chain (AWS_REGION, profile). */
  region: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'an AWS region such as eu-west-2')
    .optional(),
  /** Endpoint override (S3-compatible store, local test server). */
  endpoint: z.url().optional(),
  /** Seconds between polls; default: the file's `pollIntervalSeconds`. */
  pollIntervalSeconds: z.number().positive().max(86_400).optional(),
};

export const LOG_TYPES = ['alert', 'flow', 'tls'] as const;
export type LogTypeName = (typeof LOG_TYPES)[number];
