/**
 * One record -> Accepted (row + residual) | Rejected (reason, path, message). Never throws.
 */
import type { ColumnValue, EventRow } from '../schema/columns.ts';
import { COLUMN_COUNT, COLUMN_GROUPS, EVENT_TRIE, NULL_ROW, PATH_TRIE } from './column-plan.ts';
import { convertValue, lastMatched } from './convert.ts';
import { awsCategoryOf, httpHostnameOf, isObject, logTypeOf, tlsSniOf } from './derived.ts';
import { ipToU128 } from './ip.ts';
import { residualOf } from './residual.ts';
import { parseEveTimestamp } from './timestamp.ts';
import type { NormalizeResult, Rejected, RejectReason } from './types.ts';

type Obj = Record<string, unknown>;

/**
 * Residual key marking a plain Suricata EVE record (no NFW envelope): the record was the event
 * itself, so reconstruction returns the rebuilt `event` object rather than the envelope.
 */
export const PLAIN_EVE_MARKER = '__nfwlens_plain_eve';

/** Per-record scratch: 1 when source column i renders back exactly. Reused; normalising is synchronous. */
const matched = new Uint8Array(COLUMN_COUNT);

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

/** Normalises a parsed record; `text`, when given, is its JSON text (for flow ids above 2^53). */
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
  const tsPath = root === null ? 'timestamp' : 'event.timestamp';
  const ts = event['timestamp'];
  if (typeof ts !== 'string') {
    const what = ts === undefined ? 'is missing' : `is ${describe(ts)}, not a string`;
    return reject('bad_timestamp', `${tsPath} ${what}`, tsPath);
  }
  if (parseEveTimestamp(ts) === null) {
    return reject(
      'bad_timestamp',
      `${tsPath} is not a valid timestamp: ${JSON.stringify(ts.slice(0, 64))}`,
      tsPath,
    );
  }
  try {
    return build(root, event, text);
  } catch (e) {
    // Only reachable for pathological input, e.g. nesting too deep for JSON.stringify.
    return reject('invalid_json', `record cannot be re-serialised: ${errorText(e)}`);
  }
}

function fillSourceColumns(
  row: Record<string, ColumnValue>,
  root: Obj | null,
  event: Obj,
  text?: string,
): void {
  matched.fill(0);
  for (const group of COLUMN_GROUPS) {
    let parent: unknown;
    if (group.fromEvent) parent = event;
    else if (root !== null) parent = root;
    else continue;
    const rel = group.rel;
    for (let i = 0; i < rel.length && isObject(parent); i++) parent = parent[rel[i] as string];
    if (!isObject(parent)) continue;
    for (const col of group.columns) {
      const v = parent[col.leaf];
      if (v === undefined || v === null) continue;
      const value = convertValue(col.conv, v, text);
      if (value === null) continue;
      row[col.name] = value;
      if (lastMatched()) matched[col.index] = 1;
    }
  }
}

function build(root: Obj | null, event: Obj, text?: string): NormalizeResult {
  const row: Record<string, ColumnValue> = { ...NULL_ROW };
  fillSourceColumns(row, root, event, text);
  row['log_type'] = logTypeOf(event);
  row['aws_category'] = awsCategoryOf(root, event);
  row['tls_sni'] = tlsSniOf(event);
  row['http_hostname'] = httpHostnameOf(event);
  const src = row['src_ip'];
  const dest = row['dest_ip'];
  row['src_ip_n'] = typeof src === 'string' ? ipToU128(src) : null;
  row['dest_ip_n'] = typeof dest === 'string' ? ipToU128(dest) : null;

  let rest: Obj | undefined;
  if (root !== null) {
    rest = residualOf(root, PATH_TRIE, matched);
  } else {
    const inner = residualOf(event, EVENT_TRIE, matched);
    rest = inner === undefined ? { [PLAIN_EVE_MARKER]: true } : { [PLAIN_EVE_MARKER]: true, event: inner };
  }
  return { ok: true, row: row as EventRow, residual: rest === undefined ? null : JSON.stringify(rest) };
}
