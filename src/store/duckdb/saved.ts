/** DuckDB SQL of the saved objects (one row per kind and name, the value as JSON text). */
import { type SavedObject, savedObjectFromRow } from '../saved.ts';
import type { ReadOptions } from '../store.ts';
import type { DuckDbStore } from './duckdb-store.ts';

type Db = Pick<DuckDbStore, 'query' | 'transaction'>;

const toObject = savedObjectFromRow;

const SELECT = 'SELECT kind, name, value, created_at, updated_at FROM saved_objects';

export async function saveObject(db: Db, kind: string, name: string, value: unknown): Promise<SavedObject> {
  const json = JSON.stringify(value);
  await db.transaction((tx) =>
    tx.run(
      `INSERT INTO saved_objects VALUES (?, ?, ?, now(), now())
       ON CONFLICT (kind, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [kind, name, json],
    ),
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
  const rows = await db.query(`${SELECT} WHERE kind = ? AND name = ?`, [kind, name], options);
  return rows[0] ? toObject(rows[0]) : null;
}

export async function listSavedObjects(db: Db, kind: string, options?: ReadOptions): Promise<SavedObject[]> {
  const rows = await db.query(`${SELECT} WHERE kind = ? ORDER BY name`, [kind], options);
  return rows.map(toObject);
}

export async function deleteSavedObject(db: Db, kind: string, name: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query('SELECT count(*) AS n FROM saved_objects WHERE kind = ? AND name = ?', [
      kind,
      name,
    ]);
    if (Number(rows[0]?.n ?? 0) === 0) return false;
    await tx.run('DELETE FROM saved_objects WHERE kind = ? AND name = ?', [kind, name]);
    return true;
  });
}
