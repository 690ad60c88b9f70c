/** Report errors, with the code of the API's error shape (`bad_request`, `bad_value`, `unknown_field`, `not_found`). */

export type ReportErrorCode = 'bad_request' | 'bad_value' | 'unknown_field' | 'not_found';

export class ReportError extends Error {
  readonly code: ReportErrorCode;
  readonly suggestions?: string[];

  constructor(code: ReportErrorCode, message: string, suggestions?: string[]) {
    super(message);
    this.name = 'ReportError';
    this.code = code;
    if (suggestions && suggestions.length > 0) this.suggestions = suggestions;
  }

  toJSON(): Record<string, unknown> {
    return {
      error: this.code,
      message: this.message,
      ...(this.suggestions ? { suggestions: this.suggestions } : {}),
    };
  }
}
