/**
 * Decoding a Firehose HTTP endpoint request (format reference, section 9): the body
 * `{requestId, timestamp, records: [{data: base64}]}`, each record either one NFW JSON line or a
 * CloudWatch Logs subscription payload (gzip JSON; control messages dropped).
 */
import { gunzipSync } from 'node:zlib';
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
  data: string[];
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
  const data = b.records.map((r, i) => {
    const d = (r as { data?: unknown } | null)?.data;
    if (typeof d !== 'string') throw new FirehoseRequestError(`records[${i}].data is not a string`);
    return d;
  });
  return {
    requestId: typeof b.requestId === 'string' ? b.requestId : null,
    timestamp: typeof b.timestamp === 'number' ? b.timestamp : null,
    data,
  };
}

export interface DecodedRecords {
  events: EventInput[];
  rejects: RejectInput[];
  stats: PollResult;
}

interface SubscriptionPayload {
  messageType?: string;
  logGroup?: string;
  logStream?: string;
  logEvents?: { id?: string; message?: string }[];
}

/** Normalises every record of a request. Bad records are rejected with their origin; never throws. */
export function decodeRecords(data: readonly string[], origin: string): DecodedRecords {
  const out: DecodedRecords = { events: [], rejects: [], stats: { records: 0, rejected: 0, bytes: 0 } };
  const add = (r: ReturnType<typeof normalizeFramed>) => {
    for (const e of r.events) out.events.push(e);
    for (const e of r.rejects) out.rejects.push(e);
    out.stats.records += r.stats.records;
    out.stats.rejected += r.stats.rejected;
    out.stats.bytes += r.stats.bytes;
  };
  const plain: { text: string; line: number }[] = [];
  for (let i = 0; i < data.length; i++) {
    const raw = Buffer.from(data[i]!, 'base64');
    const line = i + 1;
    if (raw[0] !== 0x1f || raw[1] !== 0x8b) {
      for (const text of raw.toString('utf8').split('\n')) if (text.trim() !== '') plain.push({ text, line });
      continue;
    }
    let payload: SubscriptionPayload;
    try {
      payload = JSON.parse(gunzipSync(raw).toString('utf8')) as SubscriptionPayload;
    } catch (e) {
      const reason = (e as Error).name === 'SyntaxError' ? 'invalid_json' : 'bad_gzip';
      add({
        events: [],
        rejects: [
          { origin, line, reason, message: `record ${line}: ${(e as Error).message}`, raw: data[i]! },
        ],
        stats: { records: 0, rejected: 1, bytes: raw.length, byLogType: {} },
      });
      continue;
    }
    if (payload.messageType === 'CONTROL_MESSAGE') continue;
    for (const ev of payload.logEvents ?? []) {
      const evOrigin = `cloudwatch:${payload.logGroup ?? ''}/${payload.logStream ?? ''}#${ev.id ?? ''}`;
      add(normalizeFramed([{ text: ev.message ?? '', line }], evOrigin));
    }
  }
  if (plain.length > 0) add(normalizeFramed(plain, origin));
  return out;
}
