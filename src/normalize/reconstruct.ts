/**
 * Row + residual -> the original record's JSON: every non-null source column written at its path
 * (rendered by its codec), then the residual deep-merged over it (residual values win), then the
 * source text of the numbers a double does not hold written back in place.
 */
import { Conv, SOURCE_COLUMNS } from './column-plan.ts';
import { isObject } from './derived.ts';
import { NUMBERS_KEY } from './exact-numbers.ts';
import { stringifyDeep } from './json-text.ts';
import { PLAIN_EVE_MARKER } from './normalize.ts';
import { setOwn } from './residual.ts';
import { formatEveTimestamp } from './timestamp.ts';

type Obj = Record<string, unknown>;

/** Stands in for a flow id above 2^53 until the JSON text exists, then becomes its exact digits. */
const FLOW_ID_TOKEN = '\u0000nfwlens:flow_id\u0000';
const FLOW_ID_TOKEN_JSON = JSON.stringify(FLOW_ID_TOKEN);

function toBigInt(v: unknown): bigint | null {
  try {
    if (typeof v === 'bigint') return v;
    if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
    if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  } catch {
    return null;
  }
  return null;
}

/** The JSON value a column value renders to; undefined when it cannot be rendered. */
function render(conv: Conv, v: unknown): unknown {
  switch (conv) {
    case Conv.String:
    case Conv.Upper:
    case Conv.Ip:
      return typeof v === 'string' ? v : String(v);
    case Conv.EveTs:
      return formatEveTimestamp(Number(v));
    case Conv.EpochString:
      return String(v);
    case Conv.Int:
    case Conv.BigInt:
      return Number(v);
    case Conv.Bool:
      return typeof v === 'boolean' ? v : v === 'true' || (typeof v !== 'string' && Boolean(v));
    default:
      return undefined;
  }
}

function setPath(target: Obj, path: readonly string[], value: unknown): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    let next = node[key];
    if (!isObject(next)) {
      next = {};
      setOwn(node, key, next);
    }
    node = next as Obj;
  }
  setOwn(node, path[path.length - 1] as string, value);
}

function deepMerge(target: Obj, src: Obj): void {
  for (const key in src) {
    const sv = src[key];
    const tv = Object.hasOwn(target, key) ? target[key] : undefined;
    if (isObject(sv) && isObject(tv)) deepMerge(tv, sv);
    else setOwn(target, key, sv);
  }
}

/**
 * The original record's JSON text from a row's source columns and its residual. Accepts database
 * forms: bigint or decimal-string flow ids, bigint integers, epoch-µs numbers for timestamps.
 */
export function reconstructRecord(row: Record<string, unknown>, residual: string | null): string {
  const out: Obj = {};
  let flowIdDigits: string | null = null;
  for (const col of SOURCE_COLUMNS) {
    const v = row[col.name];
    if (v === null || v === undefined) continue;
    let rendered: unknown;
    if (col.conv === Conv.FlowId) {
      const b = toBigInt(v);
      if (b === null) continue;
      if (b <= BigInt(Number.MAX_SAFE_INTEGER)) {
        rendered = Number(b);
      } else {
        flowIdDigits = b.toString();
        rendered = FLOW_ID_TOKEN;
      }
    } else {
      rendered = render(col.conv, v);
      if (rendered === undefined) continue;
    }
    setPath(out, col.path, rendered);
  }
  let plain = false;
  let numbers: unknown;
  if (residual !== null) {
    const rest: unknown = JSON.parse(residual);
    if (isObject(rest)) {
      if (rest[PLAIN_EVE_MARKER] === true) {
        plain = true;
        delete rest[PLAIN_EVE_MARKER];
      }
      if (Object.hasOwn(rest, NUMBERS_KEY)) {
        numbers = rest[NUMBERS_KEY];
        delete rest[NUMBERS_KEY];
      }
      deepMerge(out, rest);
    }
  }
  const result = plain ? (out['event'] ?? {}) : out;
  const exact = Array.isArray(numbers) ? placeNumbers(result, numbers) : null;
  let json: string;
  try {
    json = JSON.stringify(result);
  } catch (e) {
    // Nested too deep for the call stack (a record stored before ingest bounded the depth).
    if (!(e instanceof RangeError)) throw e;
    json = stringifyDeep(result);
  }
  if (flowIdDigits !== null) json = json.replace(FLOW_ID_TOKEN_JSON, flowIdDigits);
  if (exact !== null) json = json.replace(exact.pattern, (token) => exact.texts.get(token) ?? token);
  return json;
}

/**
 * Puts a token string at the path of each `[path, text]` in `numbers` (see `exactNumbers`) and
 * returns how to turn the tokens, once serialised, into the numbers' source text. The tokens carry a
 * random tag, so no string of the record can be taken for one.
 */
function placeNumbers(
  result: unknown,
  numbers: unknown[],
): { pattern: RegExp; texts: Map<string, string> } | null {
  const tag = Math.random().toString(36).slice(2, 12);
  const texts = new Map<string, string>();
  for (const entry of numbers) {
    if (!Array.isArray(entry) || !Array.isArray(entry[0]) || typeof entry[1] !== 'string') continue;
    const [path, text] = entry as [(string | number)[], string];
    if (path.length === 0 || !/^-?[0-9][0-9eE.+-]*$/.test(text)) continue;
    let node: unknown = result;
    for (let i = 0; i < path.length - 1 && node !== undefined; i++) {
      node = typeof node === 'object' && node !== null ? (node as Obj)[path[i] as string] : undefined;
    }
    if (typeof node !== 'object' || node === null) continue;
    const last = path[path.length - 1] as string;
    // JSON.stringify writes what a double could not hold (Infinity) as null.
    const held = (node as Obj)[last];
    if (typeof held !== 'number' && held !== null) continue;
    const token = `\u0000${tag}:${texts.size}\u0000`;
    (node as Obj)[last] = token;
    texts.set(JSON.stringify(token), text);
  }
  if (texts.size === 0) return null;
  return { pattern: new RegExp(`"\\\\u0000${tag}:\\d+\\\\u0000"`, 'g'), texts };
}
