/** Chooses the result table's columns among the event columns. */
import { EVENT_COLUMNS } from '../../../src/schema/columns.ts';
import { h } from '../dom.ts';
import { fieldLabel } from '../i18n/field-names.ts';
import { t } from '../i18n/index.ts';

export const PICKABLE = EVENT_COLUMNS.filter((c) => c.ipNumber === undefined).map((c) => c.name);

export function columnsPicker(chosen: readonly string[], onChange: (cols: string[]) => void): HTMLElement {
  const set = new Set(chosen);
  return h(
    'details',
    { class: 'columns-picker' },
    h('summary', { class: 'btn' }, t('search.columns')),
    h(
      'div',
      { class: 'columns-pop' },
      PICKABLE.map((name) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            checked: set.has(name),
            onchange: (ev: Event) => {
              if ((ev.target as HTMLInputElement).checked) set.add(name);
              else set.delete(name);
              onChange(PICKABLE.filter((n) => set.has(n)));
            },
          }),
          h('span', null, fieldLabel(name), ' ', h('span', { class: 'mono muted small' }, name)),
        ),
      ),
    ),
  );
}
