/** The API's error messages in English, by message code (`src/schema/error-codes.ts`), `{param}` filled in. */
import type { ErrorMessageCode } from '../../../src/schema/error-codes.ts';

export const errorsEn: Record<ErrorMessageCode, string> = {
  'query.syntax': '{reason} (line {line}, column {column})',
  'query.unknown_field': 'Unknown field "{field}" at column {column}{suggestionsText}',
  'query.bad_value': '{reason} (line {line}, column {column})',
  'query.too_long': 'The query is too long: at most {max} characters',
  'query.too_many_terms': 'Too many terms: at most {max}; narrow the query',
  'query.too_deep': '"not" and parentheses nested more than {max} deep',
  'param.integer': '{param} must be a whole number, got "{value}"',
  'param.out_of_range': '{param} must be between {min} and {max}',
  'param.time':
    '{param}: invalid time "{value}" (use ISO 8601 such as 2024-01-01T00:00:00Z, or -24h, -7d, now)',
  'param.choice': '{param} must be one of {allowed}',
  'param.required': '{param} is required',
  'param.invalid': 'Invalid {param}',
  'param.cursor': 'The {param} is no longer valid: start again from the first page',
  'range.invalid': 'The time range ends before it starts (from {from} to {to})',
  'report.not_found': 'No report named "{name}"',
  'report.unknown_dimension': 'Unknown dimension "{field}"{suggestionsText}',
  'report.time_zone': 'Unknown time zone "{tz}": use an IANA name such as Asia/Tokyo or UTC',
  'report.invalid': '{detail}',
  'search.invalid': '{detail}',
  'saved.not_found': 'No saved search named "{name}"',
  'export.too_many_rows':
    'This level holds {total} rows, more than an export may ({limit}): narrow the range or the filter, or drill further',
  'event.not_found': 'No event with id {id}',
  'request.not_found': 'Not found',
  'auth.required': 'Please log in: a valid access token is required',
  'auth.wrong_token': 'Wrong access token',
  'auth.loopback_only': 'This server answers only requests addressed to a loopback host',
  'auth.ingest_key': "The ingest key of the server's lock file is required",
  'ingest.unavailable': 'This server takes no ingest',
  'request.invalid': 'Bad request: {detail}',
  'request.too_large': 'The request is too large (a query holds at most {max} characters)',
  'request.timeout': 'The request timed out',
  'request.cancelled': 'The request was cancelled',
  'query.timeout':
    'The query ran past the time limit of {seconds} s and was stopped: narrow it (field terms, a shorter range)',
  internal: 'Internal server error',
};
