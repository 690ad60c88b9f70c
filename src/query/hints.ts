/**
 * Hints about a query that runs but probably not as meant. Today one: a bare word right before a
 * `field:value` term whose name, joined to the word by `_`, is a field or alias (`dest port:443`
 * reads as the word "dest" AND `port:443`; `dest_port:443` was meant). Pure: text in, hints out.
 */
import type { FieldSet } from './fields.ts';
import { Lexer, type Token } from './lexer.ts';

export interface QueryHint {
  /** e.g. `did you mean dest_port:443?` */
  message: string;
  /** The whole query with the fix applied. */
  query: string;
  /** The fixed text of the part the hint is about (`dest_port:443`). */
  replacement: string;
  /** The part of the query the hint is about. */
  offset: number;
  length: number;
}

function tokens(text: string): Token[] {
  try {
    return new Lexer(text).tokenize();
  } catch {
    return []; // a query that does not parse gets its syntax error, not hints
  }
}

/** Hints for `text` over the fields of `fields`, in query order. */
export function queryHints(text: string, fields: FieldSet): QueryHint[] {
  const toks = tokens(text);
  const hints: QueryHint[] = [];
  for (let i = 0; i + 1 < toks.length; i++) {
    const word = toks[i]!;
    const term = toks[i + 1]!;
    if (word.kind !== 'word' || word.glob || term.kind !== 'field') continue;
    const gap = text.slice(word.span.offset + word.span.length, term.span.offset);
    if (!/^[ \t]+$/.test(gap)) continue;
    const joined = `${word.text}_${term.field}`.toLowerCase();
    if (!fields.byName.has(joined) && !Object.hasOwn(fields.aliases, joined)) continue;
    const start = word.span.offset;
    const end = term.span.offset + term.span.length;
    const fixed = `${word.text}_${text.slice(term.span.offset, end)}`;
    hints.push({
      message: `did you mean ${fixed}?`,
      query: text.slice(0, start) + fixed + text.slice(end),
      replacement: fixed,
      offset: start,
      length: end - start,
    });
  }
  return hints;
}
