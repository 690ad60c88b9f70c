/** Breadcrumbs: the path of a drill-down, each step a link back to that level. */
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';

export interface Crumb {
  label: string;
  href?: string;
}

export function breadcrumbs(crumbs: readonly Crumb[]): HTMLElement {
  return h(
    'nav',
    { class: 'crumbs', 'aria-label': t('crumbs.label') },
    h(
      'ol',
      null,
      crumbs.map((c, i) =>
        h(
          'li',
          null,
          c.href && i < crumbs.length - 1
            ? h('a', { href: c.href }, c.label)
            : h('span', { 'aria-current': i === crumbs.length - 1 ? 'page' : null }, c.label),
        ),
      ),
    ),
  );
}
