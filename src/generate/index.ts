/**
 * Synthetic AWS Network Firewall logs for demos, tests and benchmarks: realistic flow (netflow pairs,
 * one-way flows, heavy-tailed volumes), alert and TLS records with a daily rhythm and scan bursts,
 * written in NFW's S3 layout as gzip NDJSON. Deterministic for a seed and options.
 */
export type { AlertDraft, FlowDraft, Half } from './draft.ts';
export { type GenerateOptions, type GenerateSummary, generateLogs } from './generate-logs.ts';
export type { RecordOptions } from './options.ts';
export { type GeneratedRecord, generateRecords, LOG_TYPES, type LogType } from './records.ts';
export { NFW_S3_KEY_RE, objectKey } from './s3-layout.ts';
