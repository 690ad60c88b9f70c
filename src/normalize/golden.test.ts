/**
 * Golden tests: every public sample record normalises to the reviewed output in `golden/`, and every
 * one rebuilds to the original. Regenerate with `UPDATE_GOLDEN=1 npx vitest run src/normalize` and
 * review the diff: the golden files are the reviewed truth.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeLine, reconstructRecord } from './index.ts';
import { allSampleLines, sampleFiles, sampleLines } from './public-samples.testing.ts';
import type { NormalizeResult } from './types.ts';

const GOLDEN_DIR = path.join(import.meta.dirname, 'golden');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/**
 * JSON-safe form of a result: bigints become `{ "$bigint": "<digits>" }`, and null columns are left
 * out to keep the files reviewable (that every column is present is tested in normalize.test.ts).
 */
function toGolden(result: NormalizeResult): unknown {
  const view = result.ok
    ? { ...result, row: Object.fromEntries(Object.entries(result.row).filter(([, v]) => v !== null)) }
    : result;
  return JSON.parse(
    JSON.stringify(view, (_key, value: unknown) =>
      typeof value === 'bigint' ? { $bigint: value.toString() } : value,
    ),
  );
}

function goldenPath(file: string): string {
  return path.join(GOLDEN_DIR, `${file.replaceAll('/', '__')}.json`);
}

describe.each(sampleFiles())('golden %s', (file) => {
  it('normalises every record to the reviewed output', () => {
    const actual = sampleLines(file).map((l) => ({ line: l.line, result: toGolden(normalizeLine(l.text)) }));
    const target = goldenPath(file);
    if (UPDATE || !existsSync(target)) {
      if (!UPDATE) throw new Error(`missing golden file ${target}; run with UPDATE_GOLDEN=1 and review it`);
      writeFileSync(target, `${JSON.stringify(actual, null, 2)}\n`);
    }
    expect(actual).toEqual(JSON.parse(readFileSync(target, 'utf8')));
  });
});

describe('round trip of every public sample record', () => {
  it.each(allSampleLines().map((l) => [`${l.file}:${l.line}`, l.text]))('%s', (_name, text) => {
    const result = normalizeLine(text);
    if (!result.ok) throw new Error(`rejected: ${result.message}`);
    expect(JSON.parse(reconstructRecord(result.row, result.residual))).toEqual(JSON.parse(text));
  });
});
