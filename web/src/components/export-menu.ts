/**
 * "Export": CSV or NDJSON of every row a table's query matches (not only the page shown), as plain
 * links to the export endpoints, so the browser streams the download itself. Same-origin links carry
 * the login cookie; no token goes into a URL.
 */
import { apiUrl } from '../api/client.ts';
import type { Params } from '../app/context.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';

export type ExportTable = 'records' | 'sessions' | 'report';

/**
 * The menu; `refusal`, when given, says why this table cannot be exported whole (a report level over
 * the export's limit) and takes the links' place, since the server would refuse them.
 */
export function exportMenu(table: ExportTable, params: Params, refusal?: string): HTMLElement {
  const link = (format: 'csv' | 'ndjson') =>
    h(
      'a',
      {
        class: 'btn small',
        href: apiUrl(`/api/export/${table}`, { ...params, format }),
        download: '',
        'data-testid': `export-${format}`,
      },
      t(format === 'csv' ? 'export.csv' : 'export.ndjson'),
    );
  return h(
    'details',
    { class: 'export-menu', 'data-testid': `export-${table}` },
    h('summary', { class: 'btn export-summary' }, t('export.label')),
    h(
      'div',
      { class: 'export-pop' },
      refusal
        ? h('p', { class: 'muted small', 'data-testid': 'export-refused' }, refusal)
        : [
            h('p', { class: 'muted small' }, t('export.hint')),
            h('div', { class: 'export-links' }, link('csv'), link('ndjson')),
          ],
    ),
  );
}
