/** `/record?id=N&q=...`: one record on its own page (from drill-downs and flows). */
import { href } from '../app/context.ts';
import type { PageInstance } from '../app/router.ts';
import { recordView } from '../components/record-view.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';

export function mount(root: HTMLElement, url: URL): PageInstance {
  let ctrl = new AbortController();
  const wrap = h('div', { class: 'panel wide' });
  root.append(wrap);
  const show = (u: URL) => {
    ctrl.abort();
    ctrl = new AbortController();
    const id = u.searchParams.get('id') ?? '';
    const q = u.searchParams.get('q') ?? '';
    const back = h(
      'a',
      { class: 'btn small', href: href('/search', { q: q || undefined }) },
      t('nav.search'),
    );
    wrap.replaceChildren(
      h('h1', { class: 'sr-only' }, t('record.title', { id })),
      recordView(id, q, [back], ctrl.signal),
    );
  };
  show(url);
  return { update: show, destroy: () => ctrl.abort() };
}
