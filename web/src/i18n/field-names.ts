/**
 * Field names for people: the display name of a column from the column tables (events, then
 * sessions), in the UI's language. Queries keep the raw names, so the UI shows the raw name beside
 * the display name wherever a user might type it (as a tooltip or secondary text).
 */
import { type DisplayName, EVENT_COLUMNS, META_COLUMNS } from '../../../src/schema/columns.ts';
import { SESSION_COLUMN_TABLE } from '../../../src/schema/session-columns.ts';
import { currentLang } from './index.ts';
import { REPORT_COLUMN_LABELS } from './report-titles.ts';

const EVENT_LABELS = new Map<string, DisplayName>(
  [...EVENT_COLUMNS, ...META_COLUMNS].map((c) => [c.name, c.label]),
);
const SESSION_LABELS = new Map<string, DisplayName>(SESSION_COLUMN_TABLE.map((c) => [c.name, c.label]));

/** An event field's display name; the raw name when the table has none. */
export function fieldLabel(name: string): string {
  return EVENT_LABELS.get(name)?.[currentLang()] ?? name;
}

/** A session column's display name; the raw name when the table has none. */
export function sessionFieldLabel(name: string): string {
  return SESSION_LABELS.get(name)?.[currentLang()] ?? name;
}

/** A report column's display name: a measure or computed key, a session column, an event field, else the raw name. */
export function reportFieldLabel(name: string): string {
  const own = Object.hasOwn(REPORT_COLUMN_LABELS, name) ? REPORT_COLUMN_LABELS[name] : undefined;
  const label = own ?? SESSION_LABELS.get(name) ?? EVENT_LABELS.get(name);
  return label?.[currentLang()] ?? name;
}
