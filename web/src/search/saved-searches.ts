/**
 * The search page's saved searches: a disclosure listing them (each opens its query and range, and
 * can be deleted) with a form that saves the current query and range under a name. A saved search
 * is also a URL: `/search?saved=NAME`.
 */
import { ApiError, getJson, sendJson } from '../api/client.ts';
import type { SavedSearch } from '../api/types.ts';
import { href } from '../app/context.ts';
import { announce } from '../components/announcer.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';

/** The search URL of a saved search: its query and range, the rest of the context kept. */
export function savedSearchHref(s: SavedSearch): string {
  return href('/search', { q: s.query || null, from: s.from ?? null, to: s.to ?? null, saved: null });
}

export function savedSearchesMenu(current: {
  q: string;
  from: string | null;
  to: string | null;
}): HTMLElement {
  const list = h('ul', { class: 'saved-list', 'data-testid': 'saved-list' });
  const status = h('p', { class: 'muted', role: 'status' });
  const name = h('input', {
    type: 'text',
    maxlength: 100,
    required: true,
    'aria-label': t('saved.name'),
    placeholder: t('saved.name'),
    'data-testid': 'saved-name',
  }) as HTMLInputElement;

  const load = async () => {
    try {
      const { rows } = await getJson<{ rows: SavedSearch[] }>('/api/saved-searches');
      list.replaceChildren(
        ...(rows.length === 0
          ? [h('li', { class: 'muted' }, t('saved.none'))]
          : rows.map((s) =>
              h(
                'li',
                null,
                h('a', { href: savedSearchHref(s), 'data-testid': 'saved-open', title: s.query }, s.name),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'btn small',
                    'aria-label': t('saved.delete', { name: s.name }),
                    'data-testid': 'saved-delete',
                    onclick: async () => {
                      await sendJson('DELETE', `/api/saved-searches/${encodeURIComponent(s.name)}`);
                      await load();
                    },
                  },
                  '×',
                ),
              ),
            )),
      );
      list.dataset.ready = 'true';
    } catch (err) {
      status.textContent = String(err instanceof ApiError ? err.body.message : err);
    }
  };

  const form = h(
    'form',
    {
      class: 'saved-form',
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const n = name.value.trim();
        if (!n) return;
        try {
          await sendJson('PUT', `/api/saved-searches/${encodeURIComponent(n)}`, {
            query: current.q,
            ...(current.from ? { from: current.from } : {}),
            ...(current.to ? { to: current.to } : {}),
          });
          status.textContent = t('saved.saved', { name: n });
          announce(status.textContent);
          name.value = '';
          await load();
        } catch (err) {
          status.textContent = String(err instanceof ApiError ? err.body.message : err);
        }
      },
    },
    name,
    h('button', { type: 'submit', class: 'btn small', 'data-testid': 'saved-save' }, t('saved.save')),
  );

  const menu = h(
    'details',
    {
      class: 'saved-searches',
      'data-testid': 'saved-searches',
      ontoggle: (ev: Event) => {
        if ((ev.target as HTMLDetailsElement).open) void load();
      },
    },
    h('summary', { class: 'btn small' }, t('saved.title')),
    h('div', { class: 'saved-panel' }, list, form, status),
  );
  return menu;
}
