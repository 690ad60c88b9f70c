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

/** One option of the listbox. */
function optionEl(id: string, s: Suggestion, onPick: () => void): HTMLElement {
  return h(
    'li',
    {
      id,
      role: 'option',
      'aria-selected': 'false',
      class: `suggestion ${s.kind}`,
      'data-testid': 'query-suggestion',
      'data-kind': s.kind,
      'data-insert': s.insert,
      // the box keeps the focus (and its caret) while an option is clicked
      onmousedown: (ev: Event) => ev.preventDefault(),
      onclick: onPick,
    },
    h('span', { class: 'suggestion-label' }, s.label),
    h('span', { class: 'suggestion-detail' }, s.detail),
  );
}

/** Field and operator options, their words in the chosen language. */
function namedSuggestions(spot: Extract<CompletionSpot, { kind: 'field' }>): Suggestion[] {
  return fieldSuggestions(spot.partial, spot.negated).map((s) =>
    s.worded ? { ...s, detail: t(`complete.${s.detail}` as MessageKey) } : s,
  );
}

/** Value options from an answer: each value's count and share of the matching records. */
function valueSuggestions(
  at: Extract<CompletionSpot, { kind: 'value' }>,
  ans: FieldValuesAnswer,
): Suggestion[] {
  return ans.values.map((v) => ({
    kind: 'value',
    label: String(v.value),
    detail: `${fmtInt(v.count)} · ${fmtPct(ans.total_records ? v.count / ans.total_records : 0)}`,
    insert: valueInsert(at, String(v.value)),
  }));
}

class Completion {
  readonly list: HTMLElement;
  private readonly listId = `query-suggestions-${++lists}`;
  private items: Suggestion[] = [];
  private spot: CompletionSpot | null = null;
  private active = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ctrl: AbortController | null = null;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly opts: CompletionOptions,
  ) {
    this.list = h('ul', {
      id: this.listId,
      class: 'query-suggestions',
      role: 'listbox',
      hidden: true,
      'aria-label': t('complete.label'),
      'data-testid': 'query-suggestions',
    });
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', this.listId);
    input.setAttribute('aria-expanded', 'false');
    input.addEventListener('input', () => this.update());
    input.addEventListener('blur', () => this.close());
    input.addEventListener('keydown', (ev) => this.onKey(ev));
  }

  private get open(): boolean {
    return !this.list.hidden && this.items.length > 0;
  }

  /** Drops the pending request (and its timer): its answer is for text that has changed. */
  private cancel(): void {
    clearTimeout(this.timer);
    this.ctrl?.abort();
    this.ctrl = null;
  }

  close(): void {
    this.cancel();
    this.items = [];
    this.active = -1;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  private show(items: Suggestion[]): void {
    if (items.length === 0) {
      this.close();
      return;
    }
    this.items = items;
    this.active = -1;
    this.list.replaceChildren(
      ...items.map((s, i) => optionEl(`${this.listId}-${i}`, s, () => this.accept(i))),
    );
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.input.removeAttribute('aria-activedescendant');
  }

  private setActive(i: number): void {
    this.active = i;
    this.list.querySelectorAll('[role="option"]').forEach((el, j) => {
      el.setAttribute('aria-selected', j === i ? 'true' : 'false');
    });
    const el = document.getElementById(`${this.listId}-${i}`);
    if (el) {
      this.input.setAttribute('aria-activedescendant', el.id);
      el.scrollIntoView({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  }

  /** What the term under the cursor calls for: names at once, values after a pause in typing. */
  update(): void {
    this.cancel();
    const spot = completionSpot(this.input.value, this.input.selectionStart ?? this.input.value.length);
    this.spot = spot;
    if (!spot) this.close();
    else if (spot.kind === 'field') this.show(namedSuggestions(spot));
    else {
      // what the list showed belongs to other text: it goes until this term's values arrive
      this.close();
      this.timer = setTimeout(() => this.fetchValues(spot), VALUES_DEBOUNCE_MS);
    }
  }

  private fetchValues(at: Extract<CompletionSpot, { kind: 'value' }>): void {
    const mine = new AbortController();
    this.ctrl = mine;
    const c = this.opts.context();
    const q = andFilters(contextQuery(this.input.value, at, this.opts.parses), c.filter);
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
        if (mine.signal.aborted || this.ctrl !== mine || !this.input.isConnected) return;
        this.ctrl = null;
        this.show(valueSuggestions(at, ans));
      })
      .catch((err) => {
        if (!isAbort(err) && this.ctrl === mine) this.close();
      });
  }

  private accept(i: number): void {
    const item = this.items[i];
    if (!item || !this.spot) return;
    const next = applySuggestion(this.input.value, this.spot, item.insert);
    this.input.value = next.text;
    this.input.setSelectionRange(next.cursor, next.cursor);
    this.opts.onEdit();
    // after a name (`dest_port:`) its values follow; after a whole term the list closes
    if (item.insert.endsWith(' ')) this.close();
    else this.update();
  }

  private onKey(ev: KeyboardEvent): void {
    const n = this.items.length;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (this.open) {
        const step = ev.key === 'ArrowDown' ? 1 : -1;
        this.setActive(this.active < 0 && step < 0 ? n - 1 : (this.active + step + n) % n);
      } else if (ev.key === 'ArrowDown') this.update();
    } else if (ev.key === 'Enter') {
      // Enter with no option chosen goes on to run the search
      if (this.open && this.active >= 0) {
        ev.preventDefault();
        this.accept(this.active);
      } else this.close();
    } else if (ev.key === 'Tab' && !ev.shiftKey && this.open) {
      ev.preventDefault();
      this.accept(Math.max(this.active, 0));
    } else if (ev.key === 'Escape') {
      if (this.open) {
        // the list closes; the box keeps its text (a search input would clear it)
        ev.preventDefault();
        ev.stopPropagation();
      }
      this.close();
    }
  }
}

/** Completion for the query box `input`; returns the listbox to place under it. */
export function attachCompletion(input: HTMLInputElement, opts: CompletionOptions): HTMLElement {
  return new Completion(input, opts).list;
}
