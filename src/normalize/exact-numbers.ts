/**
 * Numbers JSON.parse cannot hold exactly (integers beyond 2^53, `1e400`, decimals with more digits
 * than a double keeps) keep their source text: the residual lists them as `[path, text]` under
 * NUMBERS_KEY and the rebuild writes that text back in place. The same pass over the residual bounds
 * how deeply a record nests (MAX_NESTING_DEPTH).
 */

type Obj = Record<string, unknown>;
export type JsonPath = (string | number)[];

/** Residual key listing the source text of numbers a double does not reproduce. */
export const NUMBERS_KEY = '__nfwlens_numbers';

/**
 * Deepest nesting of objects and arrays accepted (the record itself is depth 1); deeper records are
 * rejected as `too_deep`. EVE records nest 4 or 5 deep.
 */
export const MAX_NESTING_DEPTH = 64;

export interface ResidualScan {
  /** The path of a value nested deeper than MAX_NESTING_DEPTH, if any. */
  tooDeep: JsonPath | null;
  /** Paths of the numbers that are not safe integers (their text may not survive a double). */
  inexact: JsonPath[];
  /** Paths of the zeros (a source text such as 1e-400 reads as 0). */
  zeros: JsonPath[];
}

/** An exponent in the text: only then can a number have underflowed to 0. */
const EXPONENT = /[0-9][eE][-+]?[0-9]/;

/** The paths whose numbers must be checked against the record's `text`. */
export function inexactPaths(scan: ResidualScan, text: string): JsonPath[] {
  if (scan.zeros.length === 0 || !EXPONENT.test(text)) return scan.inexact;
  return [...scan.inexact, ...scan.zeros];
}

/** Walks `rest` (iteratively: depth is what it checks) for nesting depth and inexact numbers. */
export function scanResidual(rest: Obj): ResidualScan {
  const inexact: JsonPath[] = [];
  const zeros: JsonPath[] = [];
  const stack: { value: unknown; path: JsonPath }[] = [{ value: rest, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'number') {
      if (value === 0) zeros.push(path);
      else if (!Number.isSafeInteger(value)) inexact.push(path);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_NESTING_DEPTH) return { tooDeep: path, inexact, zeros };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else {
      for (const key of Object.keys(value)) stack.push({ value: (value as Obj)[key], path: [...path, key] });
    }
  }
  return { tooDeep: null, inexact, zeros };
}

/** A path as text: `event.x[3].y`. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

const pathKey = (path: JsonPath): string => path.join('\u0001');

interface Frame {
  array: boolean;
  key: string | number;
}

/**
 * The source text of every number in the JSON `text`, by path (a repeated key: its last value, as
 * JSON.parse keeps). Only for valid JSON; iterative, so any depth.
 */
export function numberTexts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const frames: Frame[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      frames.push({ array: c === 0x5b, key: c === 0x5b ? 0 : '' });
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      frames.pop();
      i++;
    } else if (c === 0x2c /* , */) {
      const top = frames[frames.length - 1];
      if (top?.array) top.key = (top.key as number) + 1;
      i++;
    } else if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      const top = frames[frames.length - 1];
      let k = j + 1;
      while (k < n && (text[k] === ' ' || text[k] === '\t' || text[k] === '\n' || text[k] === '\r')) k++;
      if (top && !top.array && text[k] === ':') {
        top.key = JSON.parse(text.slice(i, j + 1)) as string;
        i = k + 1;
      } else i = j + 1;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && /[0-9eE.+-]/.test(text[j]!)) j++;
      out.set(pathKey(frames.map((f) => f.key)), text.slice(i, j));
      i = j;
    } else i++;
  }
  return out;
}

/**
 * The `[path, text]` of each inexact number whose double does not print as its source text, looked
 * up in the record's JSON `text`; `prefix` is the path of the text's root inside the residual.
 */
export function exactNumbers(
  rest: Obj,
  inexact: readonly JsonPath[],
  text: string,
  prefix: JsonPath = [],
): [JsonPath, string][] {
  if (inexact.length === 0) return [];
  const texts = numberTexts(text);
  const out: [JsonPath, string][] = [];
  for (const path of inexact) {
    const source = texts.get(pathKey(path.slice(prefix.length)));
    if (source === undefined) continue;
    let v: unknown = rest;
    for (const p of path) v = (v as Obj)[p as string];
    if (JSON.stringify(v) !== source) out.push([path.slice(prefix.length), source]);
  }
  return out;
}
