/** Unknown paths. */
import type { PageInstance } from '../app/router.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';

export function mount(root: HTMLElement): PageInstance {
  root.append(
    h('div', { class: 'empty' }, t('common.notFound'), ' ', h('a', { href: '/' }, t('nav.dashboard'))),
  );
  return {};
}
