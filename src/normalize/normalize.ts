/**
 * One record -> Accepted (row + residual) | Rejected (reason, path, message). Never throws.
 */
import type { ColumnValue, EventRow } from '../schema/columns.ts';
import { COLUMN_COUNT, columnIndex, EVENT_TRIE, makeRow, PATH_TRIE } from './column-plan.ts';
import { awsCategoryOf, httpHostnameOf, isObject, logTypeOf, tlsSniOf } from './derived.ts';
import {
  exactNumbers,
  formatPath,
  inexactPaths,
  type JsonPath,
  MAX_NESTING_DEPTH,
  NUMBERS_KEY,
  scanResidual,
} from './exact-numbers.ts';
import { ipToU128 } from './ip.ts';
import { topResidual, walkRecord } from './residual.ts';
import type { NormalizeResult, Rejected, RejectReason } from './types.ts';

type Obj = Record<string, unknown>;

/**
 * Residual key marking a plain Suricata EVE record (no NFW envelope): the record was the event
 * itself, so reconstruction returns the rebuilt `event` object rather than the envelope.
 */
export const PLAIN_EVE_MARKER = '__nfwlens_plain_eve';

const LOG_TYPE = columnIndex('log_type');
const TS = columnIndex('ts');
const AWS_CATEGORY = columnIndex('aws_category');
const TLS_SNI = columnIndex('tls_sni');
const HTTP_HOSTNAME = columnIndex('http_hostname');
const SRC_IP = columnIndex('src_ip');
const DEST_IP = columnIndex('dest_ip');
const SRC_IP_V4 = columnIndex('src_ip_v4');
const SRC_IP_V6 = columnIndex('src_ip_v6');
const DEST_IP_V4 = columnIndex('dest_ip_v4');
const DEST_IP_V6 = columnIndex('dest_ip_v6');
const V4_MAPPED_PREFIX = 0xffffn;

/** Per-record scratch for column values; reused, since normalising is synchronous. */
const values: ColumnValue[] = new Array<ColumnValue>(COLUMN_COUNT).fill(null);

function setDerived(index: number, value: ColumnValue): void {
  if (index >= 0) values[index] = value;
}

/** An address's number into its `_v4` column when in ::ffff:0:0/96, else into its `_v6` column. */
function setIpNumber(ip: ColumnValue | undefined, v4Index: number, v6Index: number): void {
  const n = typeof ip === 'string' ? ipToU128(ip) : null;
  if (n === null) return;
  if (n >> 32n === V4_MAPPED_PREFIX) setDerived(v4Index, n);
  else setDerived(v6Index, n);
}

function reject(reason: RejectReason, message: string, path?: string): Rejected {
  return path === undefined ? { ok: false, reason, message } : { ok: false, reason, path, message };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  const t = typeof v;
  return t === 'object' ? 'an object' : `a ${t}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Parses one framed record (one JSON text) and normalises it. */
export function normalizeLine(text: string): NormalizeResult {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return reject('invalid_json', `invalid JSON: ${errorText(e)}`);
  }
  return normalizeRecord(obj, text);
}

/**
 * Normalises a parsed record; `text`, when given, is its JSON text (for flow ids above 2^53 and the
 * exact text of numbers a double does not hold).
 */
export function normalizeRecord(obj: unknown, text?: string): NormalizeResult {
  if (!isObject(obj)) return reject('not_object', `record is ${describe(obj)}, not a JSON object`);
  let root: Obj | null;
  let event: Obj;
  const ev = obj['event'];
  if (ev !== undefined) {
    if (!isObject(ev)) return reject('no_event', `"event" is ${describe(ev)}, not an object`, 'event');
    root = obj;
    event = ev;
  } else if (obj['event_type'] !== undefined && obj['timestamp'] !== undefined) {
    root = null; // plain Suricata EVE: the record is the event
    event = obj;
  } else {
    return reject(
      'no_event',
      'record has no "event" object and is not a plain EVE record (event_type and timestamp)',
      'event',
    );
  }
  try {
    return build(root, event, text);
  } catch (e) {
    // Only reachable for pathological input, e.g. nesting too deep for JSON.stringify.
    return reject('invalid_json', `record cannot be re-serialised: ${errorText(e)}`);
  }
}

function timestampRejection(root: Obj | null, event: Obj): Rejected {
  const path = root === null ? 'timestamp' : 'event.timestamp';
  const ts = event['timestamp'];
  if (typeof ts === 'string') {
    return reject(
      'bad_timestamp',
      `${path} is not a valid timestamp: ${JSON.stringify(ts.slice(0, 64))}`,
      path,
    );
  }
  const what = ts === undefined ? 'is missing' : `is ${describe(ts)}, not a string`;
  return reject('bad_timestamp', `${path} ${what}`, path);
}

function build(root: Obj | null, event: Obj, text?: string): NormalizeResult {
  values.fill(null);
  // The residual of the record's root (the envelope, or a plain EVE record itself).
  const own = topResidual(walkRecord(root ?? event, root === null ? EVENT_TRIE : PATH_TRIE, values, text));
  let numbers: [JsonPath, string][] = [];
  if (own !== undefined) {
    const scan = scanResidual(own);
    if (scan.tooDeep !== null) {
      const where = formatPath(scan.tooDeep.slice(0, 8));
      return reject(
        'too_deep',
        `objects and arrays nest deeper than ${MAX_NESTING_DEPTH} levels (at ${where}${scan.tooDeep.length > 8 ? '...' : ''})`,
        where,
      );
    }
    if (text !== undefined) numbers = exactNumbers(own, inexactPaths(scan, text), text);
  }
  let rest: Obj | undefined =
    root !== null
      ? own
      : own === undefined
        ? { [PLAIN_EVE_MARKER]: true }
        : { [PLAIN_EVE_MARKER]: true, event: own };
  if (numbers.length > 0) rest = { ...rest, [NUMBERS_KEY]: numbers };
  if (values[TS] === null || values[TS] === undefined) return timestampRejection(root, event);
  setDerived(LOG_TYPE, logTypeOf(event));
  setDerived(AWS_CATEGORY, awsCategoryOf(root, event));
  setDerived(TLS_SNI, tlsSniOf(event));
  setDerived(HTTP_HOSTNAME, httpHostnameOf(event));
  setIpNumber(values[SRC_IP], SRC_IP_V4, SRC_IP_V6);
  setIpNumber(values[DEST_IP], DEST_IP_V4, DEST_IP_V6);
  const row = makeRow(values) as EventRow;
  return { ok: true, row, residual: rest === undefined ? null : JSON.stringify(rest) };
}
