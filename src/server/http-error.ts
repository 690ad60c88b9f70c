/**
 * The one HTTP error type and the one handler. Operational errors (HttpError, query errors, bad
 * parameters) answer with their message; anything else is logged with its stack and answered with a
 * generic message. Every error body has the same shape:
 * `{ error, code, params?, message, position?, expected?, suggestions? }`: `error` is the broad kind,
 * `code` the stable message code (`src/schema/error-codes.ts`) and `params` the values its message
 * names, so a client can word the message in its own language.
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  MAX_DEPTH,
  MAX_QUERY_LENGTH,
  MAX_TERMS,
  QueryError,
  QueryFieldError,
  QueryLimitError,
  QuerySyntaxError,
  QueryValueError,
} from '../query/index.ts';
import { ReportError } from '../report/index.ts';
import type { ErrorDetail, ErrorMessageCode, ErrorParams } from '../schema/error-codes.ts';
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
  | 'too_large'
  | 'internal';

export interface ErrorBody {
  error: ErrorCode;
  code: ErrorMessageCode;
  params?: ErrorParams;
  message: string;
  position?: { offset: number; line: number; column: number; length: number };
  expected?: string[];
  suggestions?: string[];
}

/** The message code of an error kind when the error names none. */
const DEFAULT_MESSAGE: Record<ErrorCode, ErrorMessageCode> = {
  query_syntax: 'query.syntax',
  unknown_field: 'query.unknown_field',
  bad_value: 'query.bad_value',
  query_too_large: 'query.too_long',
  too_many_terms: 'query.too_many_terms',
  bad_request: 'request.invalid',
  unauthorized: 'auth.required',
  not_found: 'request.not_found',
  cancelled: 'request.cancelled',
  query_timeout: 'query.timeout',
  too_large: 'export.too_many_rows',
  internal: 'internal',
};

export class HttpError extends Error {
  readonly detail: ErrorDetail;
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    detail?: ErrorDetail,
  ) {
    super(message);
    this.name = 'HttpError';
    this.detail = detail ?? { code: DEFAULT_MESSAGE[code] };
  }
}

export const badRequest = (message: string, detail?: ErrorDetail): HttpError =>
  new HttpError(400, 'bad_request', message, detail);
export const notFound = (message: string, detail?: ErrorDetail): HttpError =>
  new HttpError(404, 'not_found', message, detail);

/** A body of kind `error` with the message code and values of `detail` (the kind's default code without one). */
function body(error: ErrorCode, message: string, detail?: ErrorDetail): ErrorBody {
  const d = detail ?? { code: DEFAULT_MESSAGE[error] };
  return { error, code: d.code, ...(d.params ? { params: d.params } : {}), message };
}

function queryErrorCode(err: QueryError): ErrorCode {
  if (err instanceof QueryLimitError) return err.limit === 'terms' ? 'too_many_terms' : 'query_too_large';
  if (err instanceof QueryFieldError) return 'unknown_field';
  if (err instanceof QueryValueError) return 'bad_value';
  return 'query_syntax';
}

function queryMessage(err: QueryError): ErrorDetail {
  const at = {
    line: err.line,
    column: err.column,
    offset: err.offset,
    length: err.length,
    reason: err.reason,
  };
  if (err instanceof QueryLimitError) {
    const code =
      err.limit === 'terms'
        ? 'query.too_many_terms'
        : err.limit === 'depth'
          ? 'query.too_deep'
          : 'query.too_long';
    const max = err.limit === 'terms' ? MAX_TERMS : err.limit === 'depth' ? MAX_DEPTH : MAX_QUERY_LENGTH;
    return { code, params: { ...at, max } };
  }
  if (err instanceof QueryFieldError) {
    return { code: 'query.unknown_field', params: { ...at, field: err.field, suggestions: err.suggestions } };
  }
  if (err instanceof QueryValueError) return { code: 'query.bad_value', params: at };
  return { code: 'query.syntax', params: { ...at, ...(err.expected ? { expected: err.expected } : {}) } };
}

function queryErrorBody(err: QueryError): ErrorBody {
  const out: ErrorBody = {
    ...body(
      err instanceof QuerySyntaxError ? 'query_syntax' : queryErrorCode(err),
      err.message,
      queryMessage(err),
    ),
    position: { offset: err.offset, line: err.line, column: err.column, length: err.length },
  };
  if (err.expected) out.expected = err.expected;
  if (err instanceof QueryFieldError) out.suggestions = err.suggestions;
  return out;
}

/** A report error's message code: the one it names, else one for its kind. */
function reportMessage(err: ReportError): ErrorDetail {
  if (err.detail) return err.detail;
  if (err.code === 'not_found') return { code: 'report.not_found' };
  if (err.code === 'unknown_field')
    return { code: 'report.unknown_dimension', params: { suggestions: err.suggestions ?? [] } };
  return { code: 'report.invalid' };
}

/** The status and body answering `err`; `internal` is true for errors that are not operational. */
export function errorResponse(err: unknown): { status: number; body: ErrorBody; internal: boolean } {
  if (err instanceof QueryError) return { status: 400, body: queryErrorBody(err), internal: false };
  if (err instanceof SearchInputError) {
    return {
      status: 400,
      body: body('bad_request', err.message, err.detail ?? { code: 'search.invalid' }),
      internal: false,
    };
  }
  if (err instanceof ReportError) {
    const out = body(err.code, err.message, reportMessage(err));
    if (err.suggestions) out.suggestions = err.suggestions;
    return { status: err.code === 'not_found' ? 404 : 400, body: out, internal: false };
  }
  if (err instanceof HttpError) {
    return { status: err.statusCode, body: body(err.code, err.message, err.detail), internal: false };
  }
  if (err instanceof QueryTimeoutError) {
    const message =
      `the query ran past the server's time limit of ${err.limitMs / 1000} s and was stopped: narrow it ` +
      '(field terms rather than words over the whole record, a shorter time range), or start the server ' +
      'with a longer --query-timeout';
    return {
      status: 503,
      body: body('query_timeout', message, {
        code: 'query.timeout',
        params: { seconds: err.limitMs / 1000 },
      }),
      internal: false,
    };
  }
  if (err instanceof QueryCancelledError) {
    // The client went away; nobody reads this answer.
    return { status: 499, body: body('cancelled', err.message), internal: false };
  }
  const fe = err as Partial<FastifyError>;
  // Fastify's own client errors (bad JSON body, unsupported media type, body too large...).
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode = fe.statusCode === 404 ? 'not_found' : 'bad_request';
    const detail: ErrorDetail =
      fe.statusCode === 404
        ? { code: 'request.not_found' }
        : fe.statusCode === 413
          ? { code: 'request.too_large' }
          : { code: 'request.invalid' };
    return { status: fe.statusCode, body: body(code, fe.message ?? 'bad request', detail), internal: false };
  }
  return { status: 500, body: body('internal', 'internal server error'), internal: true };
}

/** Where unexpected errors go: standard error, with the request and the stack. */
export function logToStderr(what: string, err: unknown): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`nfwlens serve: ${what} failed: ${detail}\n`);
}

const TOO_LARGE_BODY = JSON.stringify({
  error: 'bad_request',
  code: 'request.too_large',
  params: { max: MAX_QUERY_LENGTH },
  message: `the request line and headers exceed 16 KiB: shorten the query (at most ${MAX_QUERY_LENGTH} characters)`,
} satisfies ErrorBody);
const TIMEOUT_BODY = JSON.stringify(body('bad_request', 'request timeout', { code: 'request.timeout' }));
const MALFORMED_BODY = JSON.stringify({
  error: 'bad_request',
  code: 'request.invalid',
  message: 'malformed HTTP request',
} satisfies ErrorBody);

/** Requests Node's HTTP parser refuses (headers over 16 KiB, bad syntax), answered in the same shape. */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, text] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ['431 Request Header Fields Too Large', TOO_LARGE_BODY]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['408 Request Timeout', TIMEOUT_BODY]
        : ['400 Bad Request', MALFORMED_BODY];
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
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
