/**
 * Decoding a Firehose HTTP endpoint request (format reference, section 9): the body
 * `{requestId, timestamp, records: [{data: base64}]}`, each record either one NFW JSON line or a
 * CloudWatch Logs subscription payload (gzip JSON; control messages dropped).
 */
import { gunzipSync } from 'node:zlib';
import type { RejectReason } from '../../../normalize/index.ts';
import type { EventInput, RejectInput } from '../../../store/store.ts';
import { normalizeFramed } from '../../pipeline.ts';
import type { PollResult } from '../collector.ts';

/** A request the endpoint must refuse as a whole (400 unless said otherwise). */
export class FirehoseRequestError extends Error {
  constructor(
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = 'FirehoseRequestError';
  }
}

export interface FirehoseBody {
  requestId: string | null;
  timestamp: number | null;
  /** Each record's `data`; a record without a string there is its JSON text, to reject (`NotData`). */
  data: (string | NotData)[];
}

/** A record whose `data` is not a string: kept as its JSON text, rejected with the others kept. */
export interface NotData {
  notData: string;
}

interface SubscriptionPayload {
  messageType?: unknown;
  logGroup?: unknown;
  logStream?: unknown;
}

export function parseBody(text: string): FirehoseBody {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new FirehoseRequestError(`body is not JSON: ${(e as Error).message}`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new FirehoseRequestError('body is not a JSON object');
  }
  const b = obj as { requestId?: unknown; timestamp?: unknown; records?: unknown };
  if (!Array.isArray(b.records)) throw new FirehoseRequestError('body has no "records" array');
  const data = b.records.map((r): string | NotData => {
    const d = (r as { data?: unknown } | null)?.data;
    return typeof d === 'string' ? d : { notData: JSON.stringify(r) ?? String(r) };
  });
  return {
    requestId: typeof b.requestId === 'string' ? b.requestId : null,
    timestamp: typeof b.timestamp === 'number' ? b.timestamp : null,
    data,
  };
}

/** The records of one CloudWatch Logs event of a subscription payload, under its event id. */
export interface SubscriptionEvent {
  /** `<logGroup>/<logStream>#<event id>`: the event's origin, and its key for deduplication. */
  key: string;
  events: EventInput[];
  rejects: RejectInput[];
  stats: PollResult;
}

export interface DecodedRecords {
  /** Plain records and the rejections of whole records (not subscription events). */
  events: EventInput[];
  rejects: RejectInput[];
  /** Subscription events that carry an event id (stored once per id, see `FirehoseWriter`). */
  subscription: SubscriptionEvent[];
  /** Totals of `events` and `rejects` (each subscription event has its own). */
  stats: PollResult;
}

type Normalized = ReturnType<typeof normalizeFramed>;

/** Strict base64 (RFC 4648 section 4, padded), as Firehose sends it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function rejection(
  origin: string,
  line: number,
  reason: RejectReason,
  message: string,
  raw: string,
  bytes: number,
  path?: string,
): Normalized {
  const reject: RejectInput = { origin, line, reason, message: `${origin}:${line}: ${message}`, raw };
  if (path !== undefined) reject.path = path;
  return { events: [], rejects: [reject], stats: { records: 0, rejected: 1, bytes, byLogType: {} } };
}

/** The payload of a gzip record: the subscription object, or the rejection that stands for it. */
function subscriptionPayload(raw: Buffer, data: string, origin: string, line: number) {
  let text: string;
  try {
    text = gunzipSync(raw).toString('utf8');
  } catch (e) {
    return rejection(origin, line, 'bad_gzip', `record ${line}: ${(e as Error).message}`, data, raw.length);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (e) {
    return rejection(
      origin,
      line,
      'invalid_json',
      `record ${line}: ${(e as Error).message}`,
      text,
      raw.length,
    );
  }
  if (!isObject(payload)) {
    const what = `record ${line}: the CloudWatch Logs subscription payload is ${describe(payload)}, not an object`;
    return rejection(origin, line, 'bad_subscription', what, text, raw.length);
  }
  const logEvents = payload['logEvents'];
  if (logEvents !== undefined && !Array.isArray(logEvents)) {
    const what = `record ${line}: logEvents is ${describe(logEvents)}, not an array`;
    return rejection(origin, line, 'bad_subscription', what, text, raw.length, 'logEvents');
  }
  return payload as SubscriptionPayload & { logEvents?: unknown[] };
}

/** One log event of a subscription payload, normalised (a malformed event is rejected). */
function subscriptionEvent(payload: SubscriptionPayload, ev: unknown, i: number, line: number) {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const stream = `cloudwatch:${text(payload.logGroup)}/${text(payload.logStream)}`;
  if (!isObject(ev)) {
    const what = `logEvents[${i}] is ${describe(ev)}, not an object`;
    return {
      id: null,
      result: rejection(
        `${stream}#`,
        line,
        'bad_subscription',
        what,
        JSON.stringify(ev) ?? '',
        0,
        `logEvents[${i}]`,
      ),
    };
  }
  const id = typeof ev['id'] === 'string' && ev['id'] !== '' ? ev['id'] : null;
  const origin = `${stream}#${id ?? ''}`;
  const message = ev['message'];
  if (typeof message !== 'string') {
    const what = `logEvents[${i}].message is ${describe(message)}, not a string`;
    const result = rejection(
      origin,
      line,
      'bad_subscription',
      what,
      JSON.stringify(ev),
      0,
      `logEvents[${i}].message`,
    );
    return { id, result };
  }
  return { id, result: normalizeFramed([{ text: message, line }], origin) };
}

/**
 * Normalises every record of a request. A bad record (not base64, corrupt gzip, a payload or log
 * event of the wrong shape) is rejected with its origin and the rest are kept; never throws.
 */
export function decodeRecords(data: readonly (string | NotData)[], origin: string): DecodedRecords {
  const out: DecodedRecords = {
    events: [],
    rejects: [],
    subscription: [],
    stats: { records: 0, rejected: 0, bytes: 0 },
  };
  const add = (r: Normalized) => {
    for (const e of r.events) out.events.push(e);
    for (const e of r.rejects) out.rejects.push(e);
    addTo(out.stats, r.stats);
  };
  const plain: { text: string; line: number }[] = [];
  for (let i = 0; i < data.length; i++) {
    const line = i + 1;
    const d = data[i]!;
    if (typeof d !== 'string') {
      const what = `record ${line}: records[${i}].data is not a string`;
      add(rejection(origin, line, 'bad_base64', what, d.notData, d.notData.length, `records[${i}].data`));
      continue;
    }
    if (!BASE64.test(d)) {
      add(rejection(origin, line, 'bad_base64', `record ${line}: data is not valid base64`, d, d.length));
      continue;
    }
    const raw = Buffer.from(d, 'base64');
    if (raw[0] !== 0x1f || raw[1] !== 0x8b) {
      for (const text of raw.toString('utf8').split('\n')) if (text.trim() !== '') plain.push({ text, line });
      continue;
    }
    const payload = subscriptionPayload(raw, d, origin, line);
    if ('rejects' in payload) {
      add(payload);
      continue;
    }
    if (payload.messageType === 'CONTROL_MESSAGE') continue;
    const logEvents = payload.logEvents ?? [];
    for (let j = 0; j < logEvents.length; j++) {
      const { id, result } = subscriptionEvent(payload, logEvents[j], j, line);
      if (id === null) add(result);
      else out.subscription.push({ key: result.events[0]?.origin ?? result.rejects[0]!.origin, ...result });
    }
  }
  if (plain.length > 0) add(normalizeFramed(plain, origin));
  return out;
}

function addTo(into: PollResult, from: PollResult): void {
  into.records += from.records;
  into.rejected += from.rejected;
  into.bytes += from.bytes;
}
