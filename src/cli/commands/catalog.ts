/**
 * The commands: each one's name, its one-line description, and how to load it. `main.ts` loads only
 * the command that was asked for, so `nfwlens status` never loads the AWS SDK, Fastify or the
 * generator; `nfwlens --help` loads none of them and lists this table.
 */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export interface CommandEntry {
  /** Command names the module registers (one module may hold several). */
  names: readonly string[];
  load: () => Promise<RegisterCommand>;
}

export const DESCRIPTIONS = {
  ingest: 'ingest NFW log files, directories (recursively) or - for standard input',
  collect: 'collect from S3, CloudWatch Logs and Firehose sources listed in a config file',
  search: 'search events: field:value, field>N, src_ip:10.0.0.0/8, field:/re/, /re/, words, and/or/not',
  status: 'what is stored: records by log type, time range, firewalls, rejected by reason',
  rejected: 'list rejected lines with their origin, line, reason and raw text',
  sessions: 'list sessions: both netflow halves of each flow paired, with the verdict of its alerts',
  report: 'reports with drill-down: per-session traffic and alert figures by any dimension',
  generate: 'write realistic synthetic NFW logs in the S3 layout (deterministic for a seed)',
  demo: 'generate demo logs (if the database is empty), ingest them and serve the web UI over them',
  serve: 'serve the web UI and the JSON API (127.0.0.1:8080 by default)',
} as const satisfies Record<string, string>;

export type CommandName = keyof typeof DESCRIPTIONS;

export const COMMANDS: readonly CommandEntry[] = [
  { names: ['ingest'], load: async () => (await import('./ingest.ts')).registerIngest },
  { names: ['collect'], load: async () => (await import('./collect.ts')).registerCollect },
  { names: ['search'], load: async () => (await import('./search.ts')).registerSearch },
  { names: ['status', 'rejected'], load: async () => (await import('./status.ts')).registerStatus },
  { names: ['sessions'], load: async () => (await import('./sessions.ts')).registerSessions },
  { names: ['report'], load: async () => (await import('./report.ts')).registerReport },
  { names: ['generate'], load: async () => (await import('./generate.ts')).registerGenerate },
  { names: ['demo'], load: async () => (await import('./demo.ts')).registerDemo },
  { names: ['serve'], load: async () => (await import('./serve.ts')).registerServe },
];

/** The command a command line names (`nfwlens help X` names X), or undefined. */
export function requestedCommand(args: readonly string[]): CommandEntry | undefined {
  // The first word that names a command (the root takes no option with a value before it).
  for (const word of args) {
    const entry = COMMANDS.find((c) => c.names.includes(word));
    if (entry) return entry;
    if (word !== 'help' && !word.startsWith('-')) return undefined;
  }
  return undefined;
}
