/**
 * Completion under the query box, an ARIA combobox: the input owns a listbox of options (field names,
 * operators, a field's top values in the current range and filters). Up/Down move, Tab/Enter accept,
 * Escape closes, a click accepts; Enter with no option chosen runs the search as before. Values come
 * from one request per pause in typing (debounced), and a request overtaken by newer typing is
 * cancelled and its answer never shown.
 */
import { getJson, isAbort } from '../api/client.ts';
import type { FieldValuesAnswer } from '../api/types.ts';
import { andFilters } from '../app/context.ts';
import { h } from '../dom.ts';
import { fmtInt, fmtPct } from '../format.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import {
  applySuggestion,
  type CompletionSpot,
  completionSpot,
  contextQuery,
  fieldSuggestions,
  type Suggestion,
  valueInsert,
} from './completion.ts';

/** Where values are counted: the page's own filter (the firewall picker) and time range. */
export interface CompletionContext {
  filter: string;
  from?: string;
  to?: string;
}

export interface CompletionOptions {
  context(): CompletionContext;
  /** Whether a query parses on its own (the rest of the box is used as the values' filter only then). */
  parses(q: string): boolean;
  /** The box's text was changed by accepting an option. */
  onEdit(): void;
}

export const VALUES_DEBOUNCE_MS = 180;
const VALUE_LIMIT = 10;
let lists = 0;

export function attachCompletion(input: HTMLInputElement, opts: CompletionOptions): HTMLElement {
  const listId = `query-suggestions-${++lists}`;
  const list = h('ul', {
    id: listId,
    class: 'query-suggestions',
    role: 'listbox',
    hidden: true,
    'aria-label': t('complete.label'),
    'data-testid': 'query-suggestions',
  });
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', listId);
  input.setAttribute('aria-expanded', 'false');

  let items: Suggestion[] = [];
  let spot: CompletionSpot | null = null;
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ctrl: AbortController | null = null;

  const cancel = () => {
    clearTimeout(timer);
    ctrl?.abort();
    ctrl = null;
  };
  const close = () => {
    cancel();
    items = [];
    active = -1;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const setActive = (i: number) => {
    active = i;
    list.querySelectorAll('[role="option"]').forEach((el, j) => {
      el.setAttribute('aria-selected', j === i ? 'true' : 'false');
    });
    const el = i >= 0 ? document.getElementById(`${listId}-${i}`) : null;
    if (el) {
      input.setAttribute('aria-activedescendant', el.id);
      el.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const show = (next: Suggestion[]) => {
    items = next;
    active = -1;
    if (next.length === 0) {
      close();
      return;
    }
    list.replaceChildren(
      ...next.map((s, i) =>
        h(
          'li',
          {
            id: `${listId}-${i}`,
            role: 'option',
            'aria-selected': 'false',
            class: `suggestion ${s.kind}`,
            'data-testid': 'query-suggestion',
            'data-kind': s.kind,
            'data-insert': s.insert,
            onmousedown: (ev: Event) => ev.preventDefault(),
            onclick: () => accept(i),
          },
          h('span', { class: 'suggestion-label' }, s.label),
          h('span', { class: 'suggestion-detail' }, s.detail),
        ),
      ),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.removeAttribute('aria-activedescendant');
  };

  const fetchValues = (at: Extract<CompletionSpot, { kind: 'value' }>) => {
    const mine = new AbortController();
    ctrl = mine;
    const c = opts.context();
    const q = andFilters(contextQuery(input.value, at, opts.parses), c.filter);
    const params = {
      field: at.field.name,
      prefix: at.partial,
      limit: VALUE_LIMIT,
      q,
      from: c.from,
      to: c.to,
    };
    getJson<FieldValuesAnswer>('/api/search/values', params, mine.signal)
      .then((ans) => {
        // an answer overtaken by newer typing, or for a box no longer on the page, is dropped
        if (mine.signal.aborted || ctrl !== mine || !input.isConnected) return;
        ctrl = null;
        show(
          ans.values.map((v) => ({
            kind: 'value',
            label: String(v.value),
            detail: `${fmtInt(v.count)} · ${fmtPct(ans.total_records ? v.count / ans.total_records : 0)}`,
            insert: valueInsert(at, String(v.value)),
          })),
        );
      })
      .catch((err) => {
        if (!isAbort(err) && ctrl === mine) close();
      });
  };

  const update = () => {
    cancel();
    spot = completionSpot(input.value, input.selectionStart ?? input.value.length);
    if (!spot) {
      close();
      return;
    }
    if (spot.kind === 'field') {
      show(
        fieldSuggestions(spot.partial, spot.negated).map((s) =>
          s.worded ? { ...s, detail: t(`complete.${s.detail}` as MessageKey) } : s,
        ),
      );
      return;
    }
    // what the list showed belongs to other text: it goes until this term's values arrive
    close();
    const at = spot;
    timer = setTimeout(() => fetchValues(at), VALUES_DEBOUNCE_MS);
  };

  const accept = (i: number) => {
    const item = items[i];
    if (!item || !spot) return;
    const next = applySuggestion(input.value, spot, item.insert);
    input.value = next.text;
    input.setSelectionRange(next.cursor, next.cursor);
    opts.onEdit();
    // after a name (`dest_port:`) its values follow; after a whole term the list closes
    if (item.insert.endsWith(' ')) close();
    else update();
  };

  input.addEventListener('input', update);
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (ev) => {
    const open = !list.hidden && items.length > 0;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (!open) {
        if (ev.key === 'ArrowDown') update();
        return;
      }
      const step = ev.key === 'ArrowDown' ? 1 : -1;
      setActive(active < 0 && step < 0 ? items.length - 1 : (active + step + items.length) % items.length);
    } else if (ev.key === 'Enter') {
      if (open && active >= 0) {
        ev.preventDefault();
        accept(active);
      } else close();
    } else if (ev.key === 'Tab' && !ev.shiftKey && open) {
      ev.preventDefault();
      accept(Math.max(active, 0));
    } else if (ev.key === 'Escape') {
      if (open) {
        // the list closes; the box keeps its text (a search input would clear it)
        ev.preventDefault();
        ev.stopPropagation();
      }
      close();
    }
  });
  return list;
}
