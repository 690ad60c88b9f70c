/**
 * `POST /api/ingest`: `nfwlens ingest` run by the server that holds the database (DuckDB allows one
 * writing process). The caller proves it can read the server's lock file by presenting the ingest
 * key written there (`X-Nfwlens-Ingest-Key`); the token rules apply as to every route. The answer
 * streams NDJSON: `{"progress": ...}` lines every second, then one `{"report": ...}` line, or one
 * `{"error": {error, message}}` line if the ingest failed part-way (what was committed stays).
 */
import { isAbsolute } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { tokensEqual } from '../auth.ts';
import type { HandedIngestOptions, RouteContext } from '../context.ts';
import { badRequest, errorResponse, HttpError, notFound } from '../http-error.ts';

export const INGEST_KEY_HEADER = 'x-nfwlens-ingest-key';
const MAX_PATHS = 1_000_000;

interface IngestBody {
  paths?: unknown;
  batch_size?: unknown;
  final?: unknown;
  final_after_seconds?: unknown;
}

function wholeNumber(v: unknown, name: string, min: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw badRequest(`${name} must be a whole number >= ${min}, got ${JSON.stringify(v)}`, {
      code: 'param.integer',
      params: { param: name, value: JSON.stringify(v) },
    });
  }
  return v;
}

function parseBody(body: IngestBody | undefined): { paths: string[]; opts: HandedIngestOptions } {
  const paths = body?.paths;
  if (!Array.isArray(paths) || paths.length === 0 || paths.length > MAX_PATHS) {
    throw badRequest(`paths must be a list of 1 to ${MAX_PATHS} absolute paths`, {
      code: 'param.invalid',
      params: { param: 'paths' },
    });
  }
  for (const p of paths) {
    if (typeof p !== 'string' || !isAbsolute(p))
      throw badRequest(`paths: not an absolute path: ${JSON.stringify(p)}`, {
        code: 'param.invalid',
        params: { param: 'paths', value: JSON.stringify(p) },
      });
  }
  if (body?.final !== undefined && typeof body.final !== 'boolean')
    throw badRequest('final must be true or false', { code: 'param.invalid', params: { param: 'final' } });
  const opts: HandedIngestOptions = {};
  const batchSize = wholeNumber(body?.batch_size, 'batch_size', 1);
  const finalAfter = wholeNumber(body?.final_after_seconds, 'final_after_seconds', 0);
  if (batchSize !== undefined) opts.batchSize = batchSize;
  if (finalAfter !== undefined) opts.finalAfterSeconds = finalAfter;
  if (body?.final === true) opts.final = true;
  return { paths: paths as string[], opts };
}

export function registerIngestRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/api/ingest', { bodyLimit: 256 * 1024 * 1024 }, async (request, reply) => {
    const ingest = ctx.ingest;
    if (!ingest)
      throw notFound('this server takes no ingest (it was started without a database file)', {
        code: 'ingest.unavailable',
      });
    const key = request.headers[INGEST_KEY_HEADER];
    if (typeof key !== 'string' || !tokensEqual(key, ingest.key)) {
      throw new HttpError(
        401,
        'unauthorized',
        `the ingest key of the server's lock file is required (${INGEST_KEY_HEADER})`,
        { code: 'auth.ingest_key' },
      );
    }
    const { paths, opts } = parseBody(request.body as IngestBody | undefined);
    const out = new PassThrough();
    const line = (o: unknown) => out.write(`${JSON.stringify(o)}\n`);
    let last = 0;
    const run = ingest.run(paths, opts, (progress) => {
      const now = Date.now();
      if (now - last < 1000) return;
      last = now;
      line({ progress });
    });
    // A line now and then while nothing else is said (waiting, the sessions refresh), so no client
    // or proxy between takes the quiet for a dead connection.
    const alive = setInterval(() => line({ alive: true }), 10_000);
    run
      .then(
        (report) => line({ report }),
        (err: unknown) => {
          const { body, internal } = errorResponse(err);
          line({
            error: internal ? { error: 'internal', code: 'internal', message: (err as Error).message } : body,
          });
        },
      )
      .finally(() => {
        clearInterval(alive);
        out.end();
      });
    return reply.type('application/x-ndjson').send(out);
  });
}
