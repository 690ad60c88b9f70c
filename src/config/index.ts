/**
 * Configuration: one zod schema for the config file (sources, poll interval, database), read from
 * YAML or JSON. Strict: an unknown or bad key stops start-up with its path and the reason.
 * Precedence: file < environment < flags (the CLI applies the last two).
 */
export { ConfigError, formatPath, loadConfig, parseConfig } from './load-config.ts';
export { configSchema, type NfwlensConfig, type SourceSettings, sourceSchema } from './schema.ts';
