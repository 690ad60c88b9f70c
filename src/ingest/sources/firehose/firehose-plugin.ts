/**
 * The Firehose HTTP endpoint as a Fastify plugin: `registerFirehose(app, {store, ...})` mounts
 * `POST <path>` speaking the Firehose HTTP endpoint delivery protocol. 200 `{requestId, timestamp}`
 * is sent only after the request's records are committed; 401 on a wrong access key (compared in
 * constant time), 413 on a body over the limit (before or after gzip), 400 on a malformed body,
 * 500 when the store fails (Firehose then retries with the same request id).
 */
import { timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../../../store/store.ts';
import { DEFAULT_MAX_BODY_BYTES } from './config.ts';
import { decodeRecords, FirehoseRequestError, parseBody } from './firehose-records.ts';
import { FirehoseWriter } from './firehose-writer.ts';

const gunzipAsync = promisify(gunzip);

export interface FirehoseOptions {
  store: Store;
  /** Source name: the checkpoints are `collector:<name>` and `firehose:<name>:ids:<slot>`. */
  name: string;
  accessKey: string;
  path?: string;
  maxBodyBytes?: number;
  /** The clock of the 24-hour request-id window (tests move it). */
  now?: () => number;
}

/** Constant-time comparison of the presented key with the expected one. */
export function accessKeyMatches(presented: string | undefined, expected: string): boolean {
  const want = Buffer.from(expected, 'utf8');
  const got = Buffer.from(presented ?? '', 'utf8');
  // Compare equal-length buffers either way, so the time does not depend on where they differ.
  const same = got.length === want.length;
  return timingSafeEqual(same ? got : want, want) && same;
}

function errorReply(reply: FastifyReply, status: number, requestId: string | null, message: string) {
  return reply
    .code(status)
    .type('application/json')
    .send({ requestId: requestId ?? '', timestamp: Date.now(), errorMessage: message.slice(0, 8192) });
}

function headerRequestId(req: FastifyRequest): string | null {
  const h = req.headers['x-amz-firehose-request-id'];
  return typeof h === 'string' && h !== '' ? h : null;
}

export async function registerFirehose(app: FastifyInstance, opts: FirehoseOptions): Promise<FirehoseWriter> {
  const writer = new FirehoseWriter(opts.store, opts.name, opts.now);
  const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
      const status = err instanceof FirehoseRequestError ? err.statusCode : (err.statusCode ?? 500);
      if (status >= 500) req.log.error(err);
      const message =
        status === 413
          ? `request body larger than ${limit} bytes`
          : status >= 500
            ? 'could not store the records'
            : err.message;
      return errorReply(reply, status, headerRequestId(req), message);
    });
    scope.post(opts.path ?? '/firehose', {
      onRequest: async (req, reply) => {
        const key = req.headers['x-amz-firehose-access-key'];
        if (!accessKeyMatches(typeof key === 'string' ? key : undefined, opts.accessKey)) {
          return errorReply(reply, 401, headerRequestId(req), 'invalid access key');
        }
      },
      handler: async (req, reply) => {
        let raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (String(req.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') {
          try {
            raw = await gunzipAsync(raw, { maxOutputLength: limit });
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
              throw new FirehoseRequestError(
                `request body larger than ${limit} bytes once decompressed`,
                413,
              );
            }
            throw new FirehoseRequestError(`body is not valid gzip: ${(e as Error).message}`);
          }
        }
        const body = parseBody(raw.toString('utf8'));
        const requestId = headerRequestId(req) ?? body.requestId;
        if (!requestId) throw new FirehoseRequestError('no request id (X-Amz-Firehose-Request-Id)');
        const records = decodeRecords(body.data, `firehose:${opts.name}:${requestId}`);
        await writer.write(requestId, body.timestamp, records);
        return reply.code(200).type('application/json').send({ requestId, timestamp: Date.now() });
      },
    });
  });
  return writer;
}
