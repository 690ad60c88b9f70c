/** Unknown paths. */
import { href } from '../app/context.ts';
import type { PageInstance } from '../app/router.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';

export function mount(root: HTMLElement): PageInstance {
  root.append(
    h('h1', { class: 'page-title' }, t('common.notFoundTitle')),
    h('div', { class: 'empty' }, t('common.notFound'), ' ', h('a', { href: href('/') }, t('nav.dashboard'))),
  );
  return {};
}
