/**
 * The one HTTP error type and the one handler. Operational errors (HttpError, query errors, bad
 * parameters) answer with their message; anything else is logged with its stack and answered with a
 * generic message. Every error body has the same shape: `{ error, message, position?, expected?, suggestions? }`.
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  MAX_QUERY_LENGTH,
  QueryError,
  QueryFieldError,
  QueryLimitError,
  QuerySyntaxError,
  QueryValueError,
} from '../query/index.ts';
import { ReportError } from '../report/index.ts';
import { SearchInputError } from '../search/index.ts';
import { QueryCancelledError, QueryTimeoutError } from '../store/store.ts';

export type ErrorCode =
  | 'query_syntax'
  | 'unknown_field'
  | 'bad_value'
  | 'query_too_large'
  | 'too_many_terms'
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'cancelled'
  | 'query_timeout'
  | 'internal';

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  position?: { offset: number; line: number; column: number; length: number };
  expected?: string[];
  suggestions?: string[];
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, 'bad_request', message);
export const notFound = (message: string): HttpError => new HttpError(404, 'not_found', message);

function queryErrorCode(err: QueryError): ErrorCode {
  if (err instanceof QueryLimitError) return err.limit === 'terms' ? 'too_many_terms' : 'query_too_large';
  if (err instanceof QueryFieldError) return 'unknown_field';
  if (err instanceof QueryValueError) return 'bad_value';
  return 'query_syntax';
}

function queryErrorBody(err: QueryError): ErrorBody {
  const body: ErrorBody = {
    error: err instanceof QuerySyntaxError ? 'query_syntax' : queryErrorCode(err),
    message: err.message,
    position: { offset: err.offset, line: err.line, column: err.column, length: err.length },
  };
  if (err.expected) body.expected = err.expected;
  if (err instanceof QueryFieldError) body.suggestions = err.suggestions;
  return body;
}

/** The status and body answering `err`; `internal` is true for errors that are not operational. */
export function errorResponse(err: unknown): { status: number; body: ErrorBody; internal: boolean } {
  if (err instanceof QueryError) return { status: 400, body: queryErrorBody(err), internal: false };
  if (err instanceof SearchInputError) {
    return { status: 400, body: { error: 'bad_request', message: err.message }, internal: false };
  }
  if (err instanceof ReportError) {
    const body: ErrorBody = { error: err.code, message: err.message };
    if (err.suggestions) body.suggestions = err.suggestions;
    return { status: err.code === 'not_found' ? 404 : 400, body, internal: false };
  }
  if (err instanceof HttpError) {
    return { status: err.statusCode, body: { error: err.code, message: err.message }, internal: false };
  }
  if (err instanceof QueryTimeoutError) {
    const message =
      `the query ran past the server's time limit of ${err.limitMs / 1000} s and was stopped: narrow it ` +
      '(field terms rather than words over the whole record, a shorter time range), or start the server ' +
      'with a longer --query-timeout';
    return { status: 503, body: { error: 'query_timeout', message }, internal: false };
  }
  if (err instanceof QueryCancelledError) {
    // The client went away; nobody reads this answer.
    return { status: 499, body: { error: 'cancelled', message: err.message }, internal: false };
  }
  const fe = err as Partial<FastifyError>;
  // Fastify's own client errors (bad JSON body, unsupported media type, body too large...).
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode = fe.statusCode === 404 ? 'not_found' : 'bad_request';
    return {
      status: fe.statusCode,
      body: { error: code, message: fe.message ?? 'bad request' },
      internal: false,
    };
  }
  return { status: 500, body: { error: 'internal', message: 'internal server error' }, internal: true };
}

/** Where unexpected errors go: standard error, with the request and the stack. */
export function logToStderr(what: string, err: unknown): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`nfwlens serve: ${what} failed: ${detail}\n`);
}

const TOO_LARGE_BODY = JSON.stringify({
  error: 'bad_request',
  message: `the request line and headers exceed 16 KiB: shorten the query (at most ${MAX_QUERY_LENGTH} characters)`,
} satisfies ErrorBody);
const MALFORMED_BODY = JSON.stringify({
  error: 'bad_request',
  message: 'malformed HTTP request',
} satisfies ErrorBody);

/** Requests Node's HTTP parser refuses (headers over 16 KiB, bad syntax), answered in the same shape. */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, body] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ['431 Request Header Fields Too Large', TOO_LARGE_BODY]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['408 Request Timeout', JSON.stringify({ error: 'bad_request', message: 'request timeout' })]
        : ['400 Bad Request', MALFORMED_BODY];
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Errors Fastify's router answers before any route or hook runs (a path parameter over 100
 * characters: 414, a malformed URL: 400), in the same shape as every other error.
 */
export function answerFrameworkError(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = errorResponse(err);
  void reply.status(status).send(body);
}

export function registerErrorHandler(app: FastifyInstance, logError = logToStderr): void {
  app.server.removeAllListeners('clientError');
  app.server.on('clientError', answerClientError);
  app.setErrorHandler((err, request, reply) => {
    const { status, body, internal } = errorResponse(err);
    if (internal) logError(`${request.method} ${request.url.split('?')[0]}`, err);
    return reply.status(status).send(body);
  });
}
