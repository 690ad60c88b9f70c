/**
 * Report errors, with the code of the API's error shape (`bad_request`, `bad_value`, `unknown_field`,
 * `not_found`) and, where the message has one, its stable message code and values.
 */
import type { ErrorDetail } from '../schema/error-codes.ts';

export type ReportErrorCode = 'bad_request' | 'bad_value' | 'unknown_field' | 'not_found';

export class ReportError extends Error {
  readonly code: ReportErrorCode;
  readonly suggestions?: string[];
  readonly detail?: ErrorDetail;

  constructor(code: ReportErrorCode, message: string, suggestions?: string[], detail?: ErrorDetail) {
    super(message);
    this.name = 'ReportError';
    this.code = code;
    if (suggestions && suggestions.length > 0) this.suggestions = suggestions;
    if (detail) this.detail = detail;
  }

  toJSON(): Record<string, unknown> {
    return {
      error: this.code,
      message: this.message,
      ...(this.suggestions ? { suggestions: this.suggestions } : {}),
    };
  }
}
