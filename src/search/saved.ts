/**
 * Saved searches: a named query with its time range, stored in the database (a saved object of kind
 * `search`), listed in the web app, run from the CLI (`nfwlens search --saved NAME`) and shared as a
 * URL (`/search?saved=NAME`).
 */
import { compileFilter, EVENT_FIELDS, parseTimeMicros } from '../query/index.ts';
import type { SavedObject } from '../store/saved.ts';
import type { Store } from '../store/store.ts';
import { SearchInputError } from './index.ts';

export const SAVED_SEARCH_KIND = 'search';

export interface SavedSearch {
  name: string;
  query: string;
  /** ISO 8601 or relative (`-24h`): kept as written, so `-24h` stays the last day whenever it runs. */
  from?: string;
  to?: string;
  created_at: string;
  updated_at: string;
}

export interface SavedSearchInput {
  query: string;
  from?: string | undefined;
  to?: string | undefined;
}

/** 1 to 100 characters; no control characters. */
export function checkSavedSearchName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100 || /\p{Cc}/u.test(trimmed)) {
    throw new SearchInputError(`a saved search's name is 1 to 100 characters, got "${name}"`, {
      code: 'param.invalid',
      params: { param: 'name', value: name },
    });
  }
  return trimmed;
}

function fromObject(o: SavedObject): SavedSearch {
  const v = (o.value ?? {}) as Partial<SavedSearchInput>;
  return {
    name: o.name,
    query: typeof v.query === 'string' ? v.query : '',
    ...(typeof v.from === 'string' ? { from: v.from } : {}),
    ...(typeof v.to === 'string' ? { to: v.to } : {}),
    created_at: o.created_at,
    updated_at: o.updated_at,
  };
}

/** Saves (or replaces) a search after checking that its query compiles and its times parse. */
export async function saveSearch(
  store: Store,
  name: string,
  input: SavedSearchInput,
  now = new Date(),
): Promise<SavedSearch> {
  const n = checkSavedSearchName(name);
  compileFilter(input.query, EVENT_FIELDS, store.dialect, { now }); // a QueryError names the fault
  for (const [label, t] of [
    ['from', input.from],
    ['to', input.to],
  ] as const) {
    if (t !== undefined && t !== '' && parseTimeMicros(t, now) === null) {
      throw new SearchInputError(
        `${label}: invalid time "${t}" (use ISO 8601 such as 2024-01-01T00:00:00Z, or -24h)`,
        { code: 'param.time', params: { param: label, value: t } },
      );
    }
  }
  const value = {
    query: input.query,
    ...(input.from ? { from: input.from } : {}),
    ...(input.to ? { to: input.to } : {}),
  };
  return fromObject(await store.saveObject(SAVED_SEARCH_KIND, n, value));
}

export async function savedSearch(store: Store, name: string): Promise<SavedSearch | null> {
  const o = await store.savedObject(SAVED_SEARCH_KIND, name.trim());
  return o ? fromObject(o) : null;
}

export async function listSavedSearches(store: Store): Promise<SavedSearch[]> {
  return (await store.listSavedObjects(SAVED_SEARCH_KIND)).map(fromObject);
}

export function deleteSavedSearch(store: Store, name: string): Promise<boolean> {
  return store.deleteSavedObject(SAVED_SEARCH_KIND, name.trim());
}
