/**
 * The query box. A mirror layer behind the transparent-background input underlines the part of the
 * query an error points at (`position` of a 400 answer, or the local parser while typing); given a
 * context for values, it completes field names, operators and values as the user types.
 */

import { type QueryLimit, QueryLimitError, type QuerySyntaxError } from '../../../src/query/errors.ts';
import { MAX_DEPTH, MAX_QUERY_LENGTH, MAX_TERMS, parseQuery } from '../../../src/query/parser.ts';
import type { ErrorMessageCode } from '../../../src/schema/error-codes.ts';
import type { ErrorPosition } from '../api/types.ts';
import { h } from '../dom.ts';
import { errorText } from '../i18n/errors.ts';
import { t } from '../i18n/index.ts';
import { attachCompletion, type CompletionContext } from './completion-list.ts';
import { syntaxHelp } from './syntax-help.ts';

export interface QueryError {
  message: string;
  position?: Pick<ErrorPosition, 'offset' | 'length'>;
}

export interface QueryInput {
  el: HTMLElement;
  input: HTMLInputElement;
  setError(err: QueryError | null): void;
}

const LIMIT_CODES: Record<QueryLimit, ErrorMessageCode> = {
  length: 'query.too_long',
  terms: 'query.too_many_terms',
  depth: 'query.too_deep',
};
const LIMIT_MAX: Partial<Record<ErrorMessageCode, number>> = {
  'query.too_long': MAX_QUERY_LENGTH,
  'query.too_many_terms': MAX_TERMS,
  'query.too_deep': MAX_DEPTH,
};

/** Syntax errors found without asking the server (fields and values are checked by the server). */
export function localSyntaxError(q: string): QueryError | null {
  try {
    parseQuery(q);
    return null;
  } catch (err) {
    const e = err as QuerySyntaxError;
    if (typeof e.offset !== 'number') return null;
    // Worded as the server words it, by message code, in the UI's language.
    const params = {
      line: e.line,
      column: e.column,
      reason: e.reason,
      ...(e.expected ? { expected: e.expected } : {}),
    };
    const code = err instanceof QueryLimitError ? LIMIT_CODES[err.limit] : 'query.syntax';
    const message = errorText({
      code,
      params: { ...params, max: LIMIT_MAX[code] ?? '' },
      message: String(e.message),
    });
    return { message, position: { offset: e.offset, length: Number(e.length) || 0 } };
  }
}

export function queryInput(
  initial: string,
  onSubmit: (q: string) => void,
  completion?: { context(): CompletionContext },
): QueryInput {
  const mirror = h('div', { class: 'query-mirror', 'aria-hidden': 'true' });
  const message = h('div', { class: 'query-error', role: 'alert', 'data-testid': 'query-error' });
  const input = h('input', {
    class: 'query-text',
    type: 'search',
    name: 'q',
    value: initial,
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: t('search.placeholder'),
    'aria-label': t('nav.search'),
    'aria-describedby': 'query-error',
    'data-testid': 'query',
  });
  message.id = 'query-error';
  let error: QueryError | null = null;

  const paint = () => {
    const text = input.value;
    if (!error?.position) {
      mirror.replaceChildren(text);
      return;
    }
    const start = Math.min(error.position.offset, text.length);
    const end = Math.min(text.length, start + Math.max(error.position.length, 0));
    const bad = text.slice(start, end);
    mirror.replaceChildren(
      text.slice(0, start),
      h('span', { class: bad ? 'squiggle' : 'squiggle at-end' }, bad || '\u00a0'),
      text.slice(end),
    );
    mirror.scrollLeft = input.scrollLeft;
  };
  const setError = (err: QueryError | null) => {
    error = err;
    input.setAttribute('aria-invalid', err ? 'true' : 'false');
    message.textContent = err?.message ?? '';
    paint();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    if (error) setError(null);
    clearTimeout(timer);
    timer = setTimeout(() => setError(localSyntaxError(input.value)), 300);
  });
  input.addEventListener('scroll', () => {
    mirror.scrollLeft = input.scrollLeft;
  });
  const suggestions = completion
    ? attachCompletion(input, {
        context: completion.context,
        parses: (q) => localSyntaxError(q) === null,
        onEdit: () => (error ? setError(null) : paint()),
      })
    : null;
  const form = h(
    'form',
    {
      class: 'query-form',
      role: 'search',
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        // a query with a syntax error is submitted too: the page says so and clears the old results
        const local = localSyntaxError(input.value);
        if (local) setError(local);
        onSubmit(input.value.trim());
      },
    },
    h('div', { class: 'query-field' }, mirror, input, suggestions ?? ''),
    h('button', { class: 'btn primary', type: 'submit', 'data-testid': 'run-search' }, t('search.run')),
    syntaxHelp((example) => {
      input.value = example;
      setError(null);
      input.focus();
    }),
  );
  paint();
  return { el: h('div', { class: 'query-box' }, form, message), input, setError };
}
