/** The syntax tree of a query. It names fields as written; resolving them against a field set is compilation's job. */

import type { QueryPosition } from './errors.ts';

/** A span of the query text: 0-based offset, length, and 1-based line and column of its start. */
export type Span = QueryPosition;

/** One piece of an unquoted value holding `*` (any run) or `?` (one character). */
export type GlobPart = { kind: 'lit'; text: string } | { kind: 'star' } | { kind: 'one' };

export type Value =
  /** An unquoted word; `glob` is set when it holds an unescaped `*` or `?`. */
  | { kind: 'word'; text: string; glob?: GlobPart[]; span: Span }
  /** A "quoted" value: always literal. */
  | { kind: 'quoted'; text: string; span: Span }
  /** A /regex/flags value. */
  | { kind: 'regex'; pattern: string; flags: string; span: Span }
  /** `field:*`: the field is present. */
  | { kind: 'exists'; span: Span };

export type CompareOp = ':' | '>' | '>=' | '<' | '<=';

export type Ast =
  | { type: 'all' }
  | { type: 'and'; children: Ast[] }
  | { type: 'or'; children: Ast[] }
  | { type: 'not'; child: Ast; span: Span }
  /** `field<op>value`. */
  | { type: 'field'; field: string; fieldSpan: Span; op: CompareOp; value: Value; span: Span }
  /** A bare word or "phrase": case-insensitive substring of the whole record as text. */
  | { type: 'text'; text: string; glob?: GlobPart[]; span: Span }
  /** A bare /regex/ over the whole record as text. */
  | { type: 'textRegex'; pattern: string; flags: string; span: Span };
