/**
 * The stable codes of the API's error messages: every error body carries one (`code`) beside its
 * English `message`, with the values the message names in `params`, so a client can say the same in
 * its own language. A code never changes meaning; a new kind of message gets a new code. The web
 * UI's dictionaries have one entry per code (a test holds them to this list).
 */
export const ERROR_MESSAGE_CODES = [
  // The query language: positions in `params.line`/`params.column`, the text at fault in `params.near`.
  'query.syntax',
  'query.unknown_field',
  'query.bad_value',
  'query.too_long',
  'query.too_many_terms',
  'query.too_deep',
  // Query-string and body parameters: `params.param` names the parameter.
  'param.integer',
  'param.out_of_range',
  'param.time',
  'param.choice',
  'param.required',
  'param.invalid',
  'param.cursor',
  // A time range that ends before it starts.
  'range.invalid',
  // Reports.
  'report.not_found',
  'report.unknown_dimension',
  'report.time_zone',
  'report.invalid',
  // Search and saved searches.
  'search.invalid',
  'saved.not_found',
  // Exports.
  'export.too_many_rows',
  // Other look-ups.
  'event.not_found',
  'request.not_found',
  // Access.
  'auth.required',
  'auth.wrong_token',
  'auth.loopback_only',
  'auth.ingest_key',
  // Ingest handed to the server.
  'ingest.unavailable',
  // The request itself.
  'request.invalid',
  'request.too_large',
  'request.timeout',
  'request.cancelled',
  'query.timeout',
  'internal',
] as const;

export type ErrorMessageCode = (typeof ERROR_MESSAGE_CODES)[number];

/** The values a message names (a parameter's name, a position, a limit...). */
export type ErrorParams = Record<string, string | number | readonly string[]>;

/** A code and its values, as an error carries them. */
export interface ErrorDetail {
  code: ErrorMessageCode;
  params?: ErrorParams;
}
