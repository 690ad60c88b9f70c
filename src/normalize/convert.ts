/**
 * Source value -> column value, per conversion code. Each call also records whether the column
 * renders back to exactly the original JSON value (then the residual can drop it): read it with
 * `lastMatched()` right after the call. Module state instead of a result object keeps the hot path
 * allocation-free; the normaliser is synchronous, so nothing interleaves.
 */
import type { ColumnValue } from '../schema/columns.ts';
import { Conv } from './column-plan.ts';
import { canonicalIp } from './ip.ts';
import { lastParseWasCanonical, parseEveTimestamp } from './timestamp.ts';

const U64_MAX = 18446744073709551615n;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const UNSIGNED_TEXT = /^\d{1,20}$/;

let matched = false;

export function lastMatched(): boolean {
  return matched;
}

/** `-?\d{1,16}` -> its value (safe integers only), else null. Hand-rolled: it runs on every record. */
function intFromText(s: string): number | null {
  const len = s.length;
  const neg = len > 0 && s.charCodeAt(0) === 45;
  const start = neg ? 1 : 0;
  if (len === start || len - start > 16) return null;
  let n = 0;
  for (let i = start; i < len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return null;
    n = n * 10 + c;
  }
  if (!Number.isSafeInteger(n)) return null;
  return neg ? -n : n;
}

function toInt(v: unknown, min: number, max: number): number | null {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < min || v > max) return null;
    matched = true;
    return v;
  }
  if (typeof v === 'string') {
    const n = intFromText(v);
    return n !== null && n >= min && n <= max ? n : null;
  }
  return null;
}

/**
 * The exact flow id. JSON.parse rounds integers above 2^53, so when the parsed number is not safe the
 * digits come from the raw text: the `"flow_id": <digits>` whose value parses to the same number.
 */
export function exactFlowId(n: number, text: string | undefined): bigint | null {
  if (!Number.isInteger(n) || n < 0) return null;
  if (Number.isSafeInteger(n)) return BigInt(n);
  if (text !== undefined) {
    for (const m of text.matchAll(/"flow_id"\s*:\s*(\d+)/g)) {
      const digits = m[1] as string;
      if (Number(digits) === n) {
        const b = BigInt(digits);
        if (b <= U64_MAX) return b;
      }
    }
  }
  const b = BigInt(n);
  return b <= U64_MAX ? b : null;
}

function toFlowId(v: unknown, text: string | undefined): bigint | null {
  if (typeof v === 'number') {
    const b = exactFlowId(v, text);
    matched = b !== null;
    return b;
  }
  if (typeof v === 'string' && UNSIGNED_TEXT.test(v)) {
    const b = BigInt(v);
    return b <= U64_MAX ? b : null;
  }
  return null;
}

function toEpochSeconds(v: unknown): number | null {
  if (typeof v === 'string') {
    const n = intFromText(v);
    matched = n !== null && String(n) === v;
    return n;
  }
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : null;
  return null;
}

function toText(conv: Conv, v: string): string | null {
  switch (conv) {
    case Conv.String:
      matched = true;
      return v;
    case Conv.Upper: {
      const up = v.toUpperCase();
      matched = up === v;
      return up;
    }
    case Conv.Ip: {
      const ip = canonicalIp(v);
      matched = ip === v;
      return ip;
    }
    default:
      return null;
  }
}

/** Converts `v` (the JSON value at a source column's path) per `conv`; null when it cannot. */
export function convertValue(conv: Conv, v: unknown, text: string | undefined): ColumnValue {
  matched = false;
  switch (conv) {
    case Conv.String:
    case Conv.Upper:
    case Conv.Ip:
      return typeof v === 'string' ? toText(conv, v) : null;
    case Conv.EveTs: {
      if (typeof v !== 'string') return null;
      const us = parseEveTimestamp(v);
      matched = us !== null && lastParseWasCanonical();
      return us;
    }
    case Conv.EpochString:
      return toEpochSeconds(v);
    case Conv.Int:
      return toInt(v, INT32_MIN, INT32_MAX);
    case Conv.BigInt:
      return toInt(v, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case Conv.Bool:
      if (typeof v !== 'boolean') return null;
      matched = true;
      return v;
    case Conv.FlowId:
      return toFlowId(v, text);
    default:
      return null;
  }
}
