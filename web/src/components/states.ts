/** Loading skeletons, empty and error states: they keep the space the content will take. */
import { ApiError } from '../api/client.ts';
import { h } from '../dom.ts';
import { errorText } from '../i18n/errors.ts';
import { t } from '../i18n/index.ts';

export function skeletonRows(n = 6): HTMLElement {
  return h(
    'div',
    { class: 'skeleton-rows', 'aria-busy': 'true', 'aria-label': t('common.loading') },
    Array.from({ length: n }, () => h('div', { class: 'skeleton-line' })),
  );
}

export function emptyState(text: string): HTMLElement {
  return h('div', { class: 'empty' }, text);
}

export function errorState(err: unknown): HTMLElement {
  const message =
    err instanceof ApiError ? errorText(err.body) : err instanceof Error ? err.message : String(err);
  return h('div', { class: 'error-box', role: 'alert' }, t('common.error', { message }));
}

/** What was asked for (a flow, a record) does not exist: said once, in place of the empty panels. */
export function notFoundState(text: string): HTMLElement {
  return h(
    'section',
    { class: 'panel wide not-found', role: 'alert', 'data-testid': 'not-found' },
    h('h2', null, t('common.notFoundTitle')),
    h('p', { class: 'muted' }, text),
  );
}
