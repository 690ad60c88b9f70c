/**
 * The one HTTP error type and the one handler. Operational errors (HttpError, query errors, bad
 * parameters) answer with their message; anything else is logged with its stack and answered with a
 * generic message. Every error body has the same shape: `{ error, message, position?, expected?, suggestions? }`.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { QueryError, QueryFieldError, QuerySyntaxError, QueryValueError } from '../query/index.ts';
import { ReportError } from '../report/index.ts';
import { SearchInputError } from '../search/index.ts';

export type ErrorCode =
  | 'query_syntax'
  | 'unknown_field'
  | 'bad_value'
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
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

function queryErrorBody(err: QueryError): ErrorBody {
  const code: ErrorCode =
    err instanceof QueryFieldError
      ? 'unknown_field'
      : err instanceof QueryValueError
        ? 'bad_value'
        : 'query_syntax';
  const body: ErrorBody = {
    error: err instanceof QuerySyntaxError ? 'query_syntax' : code,
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

export function registerErrorHandler(app: FastifyInstance, logError = logToStderr): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body, internal } = errorResponse(err);
    if (internal) logError(`${request.method} ${request.url.split('?')[0]}`, err);
    return reply.status(status).send(body);
  });
}
