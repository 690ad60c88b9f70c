/** One stored record: where it came from and its original JSON, with the query's matches marked. */
import { ApiError, getJson } from '../api/client.ts';
import type { EventAnswer } from '../api/types.ts';
import { h } from '../dom.ts';
import { fmtTime } from '../format.ts';
import { t } from '../i18n/index.ts';
import { queryMatchers } from '../search/highlight.ts';
import { jsonView, prettyJson } from './json-view.ts';
import { flowHref } from './sessions-table.ts';
import { errorState, notFoundState, skeletonRows } from './states.ts';

export function recordView(
  id: string,
  q: string,
  actions: HTMLElement[] = [],
  signal?: AbortSignal,
): HTMLElement {
  const title = h('h2', { id: 'record-title' }, t('record.title', { id }));
  const meta = h('div', { class: 'record-meta' });
  const body = h('div', { class: 'record-body' }, skeletonRows(12));
  const el = h(
    'section',
    { class: 'record', 'data-testid': 'record', 'aria-labelledby': 'record-title' },
    h('header', { class: 'record-head' }, title, h('span', { class: 'spacer' }), actions),
    meta,
    body,
  );
  getJson<EventAnswer>(`/api/events/${encodeURIComponent(id)}`, {}, signal)
    .then((ev) => {
      const row = ev.row;
      const copy = h(
        'button',
        {
          type: 'button',
          class: 'btn small',
          onclick: () => void navigator.clipboard?.writeText(prettyJson(ev.original)),
        },
        t('record.copy'),
      );
      meta.replaceChildren(
        h('span', { class: `type type-${String(row.log_type)}` }, String(row.log_type ?? '')),
        h('span', { class: 'num' }, fmtTime(row.ts)),
        h('span', { class: 'muted' }, `${t('record.origin')}: `, h('code', null, `${ev.origin}:${ev.line}`)),
        h('span', { class: 'spacer' }),
        row.flow_id === null || row.flow_id === undefined
          ? ''
          : h(
              'a',
              {
                class: 'btn small',
                'data-testid': 'record-flow',
                href: flowHref({
                  firewall_name: (row.firewall_name as string | null) ?? null,
                  availability_zone: (row.availability_zone as string | null) ?? null,
                  flow_id: row.flow_id as number | string,
                }),
              },
              t('record.flow'),
            ),
        copy,
      );
      body.replaceChildren(jsonView(ev.original, queryMatchers(q)));
      el.dataset.ready = 'true';
    })
    .catch((err) => {
      if (signal?.aborted) return;
      if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
        meta.replaceChildren();
        body.replaceChildren(notFoundState(t('record.notFound', { id })));
        el.dataset.state = 'not-found';
      } else body.replaceChildren(errorState(err));
    });
  return el;
}
