/** A data table: aligned numeric columns, rows that open something (click, Enter or Space). */
import { type Child, h } from '../dom.ts';

export interface Column<R> {
  key: string;
  label: string;
  /** The header's tooltip: the raw field name the query language uses, when the label is a display name. */
  title?: string;
  align?: 'left' | 'right';
  className?: string;
  render?: (row: R) => Child;
}

export interface TableOptions<R> {
  columns: readonly Column<R>[];
  rows: readonly R[];
  onRow?: (row: R, index: number) => void;
  rowLabel?: (row: R) => string;
  className?: string;
  testId?: string;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

export function rowElement<R>(opts: TableOptions<R>, row: R, i: number): HTMLTableRowElement {
  const cells = opts.columns.map((c) =>
    h(
      'td',
      { class: [c.align === 'right' ? 'num' : '', c.className ?? ''].join(' ').trim() || null },
      c.render ? c.render(row) : cellText((row as Record<string, unknown>)[c.key]),
    ),
  );
  if (!opts.onRow) return h('tr', null, cells);
  const open = () => opts.onRow?.(row, i);
  // a link, button or value menu inside the row does its own thing, not the row's
  const own = (ev: Event) => !!(ev.target as Element | null)?.closest?.('a, button, details');
  return h(
    'tr',
    {
      class: 'clickable',
      tabindex: 0,
      'aria-label': opts.rowLabel?.(row),
      onclick: (ev: MouseEvent) => {
        if (!own(ev)) open();
      },
      onkeydown: (ev: KeyboardEvent) => {
        if (own(ev)) return;
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          open();
        }
      },
    },
    cells,
  );
}

export function dataTable<R>(opts: TableOptions<R>): HTMLTableElement {
  const head = h(
    'tr',
    null,
    opts.columns.map((c) =>
      h(
        'th',
        {
          class: c.align === 'right' ? 'num' : null,
          scope: 'col',
          title: c.title ?? null,
          'data-field': c.title ?? null,
        },
        c.label,
      ),
    ),
  );
  return h(
    'table',
    { class: `data ${opts.className ?? ''}`.trim(), 'data-testid': opts.testId },
    h('thead', null, head),
    h(
      'tbody',
      null,
      opts.rows.map((r, i) => rowElement(opts, r, i)),
    ),
  );
}
