/**
 * What the query box offers at the cursor (pure: no DOM): field names and aliases while a term's name
 * is typed, the operators a field takes once its name is whole, and after `field:` the field's values
 * (which the caller fetches) written as the query language needs them.
 */
import { EVENT_FIELDS, type FieldDef } from '../../../src/query/fields.ts';
import { queryTerm } from './query-term.ts';

/** The term under the cursor: its span in the text, and what is being written. */
export type CompletionSpot =
  | { kind: 'field'; start: number; end: number; negated: boolean; partial: string }
  | {
      kind: 'value';
      start: number;
      end: number;
      negated: boolean;
      /** The name as written (an alias kept) and the field it stands for. */
      written: string;
      field: FieldDef;
      /** The value's text typed so far, unquoted. */
      partial: string;
    };

export interface Suggestion {
  kind: 'field' | 'operator' | 'value';
  /** What the list shows. */
  label: string;
  /**
   * Beside the label: a value's count, the field an alias stands for; or, for the caller to word, a
   * field's kind (`kind.number`) or what an operator does (`op.atLeast`).
   */
  detail: string;
  /** Whether `detail` is a message to word (`complete.<detail>`) rather than text to show. */
  worded?: boolean;
  /** The text replacing the term under the cursor. */
  insert: string;
}

const NAME = /^[A-Za-z_][\w.]*$/;
const FIELD_TERM = /^([A-Za-z_][\w.]*)(:|>=|<=|>|<)(.*)$/s;
const KEYWORDS = new Set(['and', 'or', 'not']);

/** The field a name stands for: a field, or an alias of exactly one. */
export function resolveField(name: string): FieldDef | undefined {
  const key = name.toLowerCase();
  const alias = Object.hasOwn(EVENT_FIELDS.aliases, key) ? EVENT_FIELDS.aliases[key] : undefined;
  if (Array.isArray(alias)) return undefined;
  return EVENT_FIELDS.byName.get(typeof alias === 'string' ? alias : key);
}

/** Where the term holding `cursor` starts: after the last space or parenthesis outside quotes. */
function termStart(text: string, cursor: number): number {
  let start = 0;
  let quoted = false;
  for (let i = 0; i < cursor; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ' ' || c === '\t' || c === '\n' || c === '(' || c === ')') start = i + 1;
  }
  return start;
}

/** The term being written at `cursor`, or null where nothing is offered (a regex, a phrase, a number compare). */
export function completionSpot(text: string, cursor: number): CompletionSpot | null {
  const start = termStart(text, cursor);
  let end = cursor;
  while (end < text.length && !/[\s()]/.test(text[end] ?? '')) end++;
  let term = text.slice(start, cursor);
  const negated = term.startsWith('-');
  if (negated) term = term.slice(1);
  if (term === '' || NAME.test(term)) {
    return { kind: 'field', start, end, negated, partial: term };
  }
  const m = FIELD_TERM.exec(term);
  if (m?.[2] !== ':') return null;
  const field = resolveField(m[1] ?? '');
  const raw = m[3] ?? '';
  if (!field || raw.startsWith('/')) return null;
  const partial = raw.startsWith('"') ? raw.slice(1).replace(/"$/, '').replace(/\\(.)/g, '$1') : raw;
  return { kind: 'value', start, end, negated, written: m[1] ?? '', field, partial };
}

/** How a field's kind is worded beside its name. */
const KIND_WORD: Record<FieldDef['kind'], string> = {
  string: 'text',
  'string[]': 'list',
  int: 'number',
  bigint: 'number',
  ubigint: 'number',
  bool: 'bool',
  timestamp: 'time',
  ip: 'ip',
};

const ORDERED = new Set(['int', 'bigint', 'ubigint', 'timestamp']);

/** The operators of a whole field name, for the list (what each does is the caller's label). */
export function operatorSuggestions(name: string, negated: boolean, field: FieldDef): Suggestion[] {
  const neg = negated ? '-' : '';
  const ops: [string, string][] = [[':', 'equals']];
  if (ORDERED.has(field.kind)) ops.push(['>=', 'atLeast'], ['>', 'above'], ['<=', 'atMost'], ['<', 'below']);
  const out: Suggestion[] = ops.map(([op, detail]) => ({
    kind: 'operator' as const,
    label: `${neg}${name}${op}`,
    detail: `op.${detail}`,
    worded: true,
    insert: `${neg}${name}${op}`,
  }));
  out.push({
    kind: 'operator',
    label: `${neg}${name}:*`,
    detail: negated ? 'op.absent' : 'op.present',
    worded: true,
    insert: `${neg}${name}:* `,
  });
  if (!negated)
    out.push({
      kind: 'operator',
      label: `-${name}:`,
      detail: 'op.notEquals',
      worded: true,
      insert: `-${name}:`,
    });
  return out;
}

/** Field names and aliases matching a partial name: those starting with it first, then those holding it. */
export function fieldSuggestions(partial: string, negated: boolean, max = 50): Suggestion[] {
  const p = partial.toLowerCase();
  const neg = negated ? '-' : '';
  const names: { name: string; detail: string; worded: boolean }[] = [
    ...EVENT_FIELDS.fields.map((f) => ({ name: f.name, detail: `kind.${KIND_WORD[f.kind]}`, worded: true })),
    ...Object.entries(EVENT_FIELDS.aliases).map(([a, target]) => ({
      name: a,
      detail: `→ ${typeof target === 'string' ? target : target.join(' | ')}`,
      worded: false,
    })),
  ];
  const starts = names.filter((n) => n.name.startsWith(p) && n.name !== p);
  const holds = p.length >= 2 ? names.filter((n) => !n.name.startsWith(p) && n.name.includes(p)) : [];
  const out: Suggestion[] = [];
  // a whole name takes its operators; an alias of several fields (`port`) those of its first
  const alias = Object.hasOwn(EVENT_FIELDS.aliases, p) ? EVENT_FIELDS.aliases[p] : undefined;
  const exact = Array.isArray(alias) ? EVENT_FIELDS.byName.get(alias[0] ?? '') : resolveField(p);
  if (exact && p !== '' && (EVENT_FIELDS.byName.has(p) || alias !== undefined)) {
    out.push(...operatorSuggestions(p, negated, exact));
  }
  if (p !== '' && KEYWORDS.has(p) && out.length === 0) return [];
  for (const n of [...starts, ...holds].slice(0, max)) {
    out.push({
      kind: 'field',
      label: n.name,
      detail: n.detail,
      worded: n.worded,
      insert: `${neg}${n.name}:`,
    });
  }
  return out;
}

const NUMERIC = new Set(['int', 'bigint', 'ubigint']);

/**
 * A value as the query language reads it after `field:`: numbers bare, a free-text field's value as
 * an anchored regex (a quoted value would be a phrase inside it), anything else quoted and escaped,
 * as the value menus write it.
 */
export function valueSyntax(field: FieldDef, value: string): string {
  if (NUMERIC.has(field.kind) && /^-?\d+$/.test(value)) return value;
  if (field.kind === 'bool') return value;
  return queryTerm(field.name, value).slice(field.name.length + 1);
}

/** The term that puts `value` after the field name as written (`dst:"10.0.0.1" `, `-proto:"TCP" `). */
export function valueInsert(spot: Extract<CompletionSpot, { kind: 'value' }>, value: string): string {
  return `${spot.negated ? '-' : ''}${spot.written}:${valueSyntax(spot.field, value)} `;
}

/** The text with the term under the cursor replaced, and where the cursor goes. */
export function applySuggestion(
  text: string,
  spot: CompletionSpot,
  insert: string,
): { text: string; cursor: number } {
  const after = text.slice(spot.end);
  const glue = insert.endsWith(' ') && after.startsWith(' ') ? insert.slice(0, -1) : insert;
  return { text: text.slice(0, spot.start) + glue + after, cursor: spot.start + glue.length };
}

/**
 * The query the values of the term under the cursor are counted in: the rest of the box, without a
 * dangling `and` / `or` / `not` next to the term; '' when what is left is not a query on its own.
 */
export function contextQuery(text: string, spot: CompletionSpot, parses: (q: string) => boolean): string {
  const rest = `${text.slice(0, spot.start).replace(/(^|\s)(and|or|not)\s*$/i, '$1')} ${text
    .slice(spot.end)
    .replace(/^\s*(and|or)(\s|$)/i, '')}`.trim();
  return rest !== '' && parses(rest) ? rest : '';
}
