/**
 * Row + residual -> the original record's JSON: every non-null source column written at its path
 * (rendered by its codec), then the residual deep-merged over it (residual values win).
 */
import { Conv, SOURCE_COLUMNS } from './column-plan.ts';
import { isObject } from './derived.ts';
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
  if (residual !== null) {
    const rest: unknown = JSON.parse(residual);
    if (isObject(rest)) {
      if (rest[PLAIN_EVE_MARKER] === true) {
        plain = true;
        delete rest[PLAIN_EVE_MARKER];
      }
      deepMerge(out, rest);
    }
  }
  const result = plain ? (out['event'] ?? {}) : out;
  const json = JSON.stringify(result);
  return flowIdDigits === null ? json : json.replace(FLOW_ID_TOKEN_JSON, flowIdDigits);
}
