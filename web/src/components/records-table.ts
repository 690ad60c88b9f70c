/** A list of event records with chosen columns; a row opens the original record. */
import type { EventRow } from '../api/types.ts';
import { h } from '../dom.ts';
import { fmtBytes, fmtNumberIn, fmtTimeMs } from '../format.ts';
import { fieldLabel } from '../i18n/field-names.ts';
import { t } from '../i18n/index.ts';
import { actionBadge } from './badges.ts';
import { type Column, cellText, dataTable, rowElement, type TableOptions } from './table.ts';
import { ACTIONABLE, withActions } from './value-actions.ts';

export const DEFAULT_COLUMNS = [
  'ts',
  'log_type',
  'src_ip',
  'src_port',
  'dest_ip',
  'dest_port',
  'proto',
  'app_proto',
  'alert_action',
  'alert_signature',
  'netflow_bytes',
];

const NUMERIC = /(_port|_bytes|_pkts|_id|_age|_count|severity|status|length|^id)$/;

/** A records-table column; the values of some columns (addresses, ports, signatures...) offer actions. */
export function recordColumn(key: string): Column<EventRow> {
  const col = plainColumn(key);
  const render = col.render;
  if (!ACTIONABLE.has(key) || !render) return col;
  return { ...col, render: (r) => withActions(key, r[key], h('span', null, render(r))) };
}

/** A records-table column, headed by the field's display name, its raw name as the tooltip. */
function plainColumn(key: string): Column<EventRow> {
  return { ...rawColumn(key), label: fieldLabel(key), title: key };
}

function rawColumn(key: string): Column<EventRow> {
  if (key === 'ts') return { key, label: t('col.time'), className: 'nowrap', render: (r) => fmtTimeMs(r.ts) };
  if (key === 'log_type')
    return {
      key,
      label: t('col.type'),
      render: (r) => h('span', { class: `type type-${r.log_type}` }, r.log_type),
    };
  if (key === 'alert_action')
    return { key, label: t('col.action'), render: (r) => actionBadge(r.alert_action) };
  if (key.endsWith('_bytes'))
    return { key, label: key, align: 'right', render: (r) => fmtBytes(r[key] ?? undefined) };
  if (NUMERIC.test(key))
    return {
      key,
      label: key,
      align: 'right',
      render: (r) => {
        const v = r[key];
        return typeof v === 'number' ? fmtNumberIn(key, v) : cellText(v);
      },
    };
  return {
    key,
    label: key,
    className: key.endsWith('_ip') ? 'mono' : 'ellipsis',
    render: (r) => cellText(r[key]),
  };
}

export function recordsTableOptions(
  rows: readonly EventRow[],
  columns: readonly string[],
  onRow: (r: EventRow) => void,
): TableOptions<EventRow> {
  return {
    testId: 'records-table',
    className: 'records',
    rows,
    onRow,
    rowLabel: (r) => `${r.log_type} ${r.id}`,
    columns: columns.map(recordColumn),
  };
}

export function recordsTable(
  rows: readonly EventRow[],
  columns: readonly string[],
  onRow: (r: EventRow) => void,
): HTMLTableElement {
  return dataTable(recordsTableOptions(rows, columns, onRow));
}

/** Adds rows at the top (live mode) or the bottom (load more) of a records table. */
export function addRecordRows(
  table: HTMLTableElement,
  opts: TableOptions<EventRow>,
  rows: readonly EventRow[],
  where: 'top' | 'bottom',
): void {
  const body = table.tBodies[0];
  if (!body) return;
  const els = rows.map((r, i) => rowElement(opts, r, i));
  if (where === 'top') {
    for (const el of els) el.classList.add('fresh');
    body.prepend(...els);
  } else body.append(...els);
}
