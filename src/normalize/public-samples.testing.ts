/**
 * Test support: the public sample records in `test/fixtures/public-samples/` (sources and licences in its SOURCES.md).
 * Used by the normaliser's tests only (it reads files; the normaliser itself does no I/O).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SAMPLES_DIR = path.resolve(import.meta.dirname, '../../test/fixtures/public-samples');

export interface SampleLine {
  /** Path relative to SAMPLES_DIR, with `/` separators. */
  file: string;
  /** 1-based line number. */
  line: number;
  text: string;
}

/** Every `.log` / `.ndjson` sample file, relative to SAMPLES_DIR, sorted. */
export function sampleFiles(): string[] {
  if (!existsSync(SAMPLES_DIR)) throw new Error(`public samples not found at ${SAMPLES_DIR}`);
  const out: string[] = [];
  const visit = (rel: string): void => {
    for (const entry of readdirSync(path.join(SAMPLES_DIR, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) visit(child);
      else if (/\.(log|ndjson)$/.test(entry.name)) out.push(child);
    }
  };
  visit('');
  return out.sort();
}

/** The non-blank lines of one sample file. */
export function sampleLines(file: string): SampleLine[] {
  const text = readFileSync(path.join(SAMPLES_DIR, file), 'utf8');
  return text
    .split('\n')
    .map((t, i) => ({ file, line: i + 1, text: t.replace(/\r$/, '') }))
    .filter((l) => l.text.trim() !== '');
}

export function allSampleLines(): SampleLine[] {
  return sampleFiles().flatMap(sampleLines);
}
