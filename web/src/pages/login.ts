/** `/login`: a token field; on success, back to where the user was (`next`). */
import { ApiError, postJson } from '../api/client.ts';
import type { PageInstance } from '../app/router.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';

function safeNext(url: URL): string {
  const next = url.searchParams.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function mount(root: HTMLElement, url: URL): PageInstance {
  const input = h('input', {
    id: 'token',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'data-testid': 'token',
  });
  const error = h('p', { class: 'query-error', role: 'alert' });
  const submit = h('button', { class: 'btn primary', type: 'submit' }, t('login.submit'));
  const form = h(
    'form',
    {
      class: 'login',
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        submit.disabled = true;
        error.textContent = '';
        try {
          await postJson('/api/login', { token: input.value });
          window.location.assign(safeNext(url));
        } catch (err) {
          error.textContent = err instanceof ApiError && err.status === 401 ? t('login.failed') : String(err);
          submit.disabled = false;
          input.select();
        }
      },
    },
    h('div', { class: 'brand big' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'nfwlens'),
    h('h1', null, t('login.title')),
    h('label', { for: 'token' }, t('login.token')),
    input,
    h('p', { class: 'hint' }, t('login.hint')),
    error,
    submit,
  );
  root.append(h('div', { class: 'login-wrap' }, form));
  input.focus();
  return {};
}
