/**
 * Saved objects: small named documents the user keeps in the database beside the records (saved
 * searches today). A kind and a name identify one; saving again under the same name replaces it.
 */
import type { ReadOptions, SqlRow } from './store.ts';

export interface SavedObject {
  kind: string;
  name: string;
  /** JSON-safe value. */
  value: unknown;
  /** ISO instants. */
  created_at: string;
  updated_at: string;
}

export interface SavedObjectStore {
  /** Saves `value` under (kind, name), replacing what was there; returns what is stored. */
  saveObject(kind: string, name: string, value: unknown): Promise<SavedObject>;
  savedObject(kind: string, name: string, options?: ReadOptions): Promise<SavedObject | null>;
  /** The objects of a kind, by name. */
  listSavedObjects(kind: string, options?: ReadOptions): Promise<SavedObject[]>;
  /** Removes one; false when there was none. */
  deleteSavedObject(kind: string, name: string): Promise<boolean>;
}

/** Where each read operation of `SavedObjectStore` takes its ReadOptions. */
export const SAVED_READ_OPTIONS_AT = { savedObject: 2, listSavedObjects: 1 } as const satisfies Partial<
  Record<keyof SavedObjectStore, number>
>;

/** A saved object from an engine's row (kind, name, value as JSON text, created_at, updated_at). */
export function savedObjectFromRow(r: SqlRow): SavedObject {
  return {
    kind: String(r.kind),
    name: String(r.name),
    value: JSON.parse(String(r.value)),
    created_at: String(r.created_at),
    updated_at: String(r.updated_at),
  };
}
