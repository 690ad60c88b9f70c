/** Reads and validates the configuration file (YAML or JSON); a bad key stops start-up, named. */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { z } from 'zod';
import { configSchema, type NfwlensConfig } from './schema.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `sources[0].bucket` from `['sources', 0, 'bucket']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(top level)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${formatPath([...issue.path, k])}: unknown key`).join('\n');
  }
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** Validates an already parsed document. */
export function parseConfig(doc: unknown, source = 'config'): NfwlensConfig {
  const res = configSchema.safeParse(doc);
  if (res.success) return res.data;
  const lines = res.error.issues.map(describeIssue);
  throw new ConfigError(`${source}: invalid configuration\n  ${lines.join('\n  ')}`);
}

export async function loadConfig(path: string): Promise<NfwlensConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`${path}: cannot read: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parse(text); // YAML 1.2 reads JSON too
  } catch (e) {
    throw new ConfigError(`${path}: not valid YAML or JSON: ${(e as Error).message}`);
  }
  return parseConfig(doc, path);
}
