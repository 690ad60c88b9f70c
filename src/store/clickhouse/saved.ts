/**
 * ClickHouse SQL of the saved objects: a `ReplacingMergeTree(version)` row per kind and name; the
 * newest row wins, and a deletion is a newer row marked deleted. Read with FINAL (a small table).
 */
import { type SavedObject, savedObjectFromRow } from '../saved.ts';
import type { ReadOptions } from '../store.ts';
import type { ClickHouseStore } from './clickhouse-store.ts';

type Db = Pick<ClickHouseStore, 'select' | 'command'>;

const toObject = savedObjectFromRow;

const SELECT = 'SELECT kind, name, value, created_at, updated_at FROM saved_objects FINAL';

/** A version above every stored one for this key (the clock, unless it went back). */
async function nextVersion(db: Db, kind: string, name: string): Promise<string> {
  const rows = await db.select(
    'SELECT toString(greatest(ifNull(max(version), 0) + 1, toUInt64(toUnixTimestamp64Micro(now64(6))))) AS v FROM saved_objects WHERE kind = {kind:String} AND name = {name:String}',
    { kind, name },
  );
  return String(rows[0]?.v);
}

export async function saveObject(db: Db, kind: string, name: string, value: unknown): Promise<SavedObject> {
  const existing = await savedObject(db, kind, name);
  await db.command(
    `INSERT INTO saved_objects (kind, name, value, created_at, updated_at, deleted, version)
     VALUES ({kind:String}, {name:String}, {value:String},
       ${existing ? "parseDateTime64BestEffort({created:String}, 6, 'UTC')" : 'now64(6)'}, now64(6), 0, {version:UInt64})`,
    {
      kind,
      name,
      value: JSON.stringify(value),
      created: existing?.created_at ?? '',
      version: await nextVersion(db, kind, name),
    },
    { async_insert: 0 },
  );
  const saved = await savedObject(db, kind, name);
  if (!saved) throw new Error(`saved object ${kind}/${name} was not stored`);
  return saved;
}

export async function savedObject(
  db: Db,
  kind: string,
  name: string,
  options?: ReadOptions,
): Promise<SavedObject | null> {
  const rows = await db.select(
    `${SELECT} WHERE kind = {kind:String} AND name = {name:String} AND deleted = 0`,
    { kind, name },
    options,
  );
  return rows[0] ? toObject(rows[0]) : null;
}

export async function listSavedObjects(db: Db, kind: string, options?: ReadOptions): Promise<SavedObject[]> {
  const rows = await db.select(
    `${SELECT} WHERE kind = {kind:String} AND deleted = 0 ORDER BY name`,
    { kind },
    options,
  );
  return rows.map(toObject);
}

export async function deleteSavedObject(db: Db, kind: string, name: string): Promise<boolean> {
  const existing = await savedObject(db, kind, name);
  if (!existing) return false;
  await db.command(
    `INSERT INTO saved_objects (kind, name, value, created_at, updated_at, deleted, version)
     VALUES ({kind:String}, {name:String}, '', now64(6), now64(6), 1, {version:UInt64})`,
    { kind, name, version: await nextVersion(db, kind, name) },
    { async_insert: 0 },
  );
  return true;
}
