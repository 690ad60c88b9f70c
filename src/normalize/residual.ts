/**
 * One walk over the record along the column path trie fills the source columns and builds the
 * residual: the record minus every leaf a column renders back exactly, minus objects emptied by those
 * removals (objects empty in the original stay). Only what is kept is copied, so a record the columns
 * cover entirely allocates nothing here.
 */
import type { ColumnValue } from '../schema/columns.ts';
import type { TrieNode } from './column-plan.ts';
import { convertValue, lastMatched } from './convert.ts';

type Obj = Record<string, unknown>;

/** Sets an own property, also for the key `__proto__` (which plain assignment would not create). */
export function setOwn(obj: Obj, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** Returned by walk for an object that had no keys at all (kept as is: it was empty in the original). */
const EMPTY: Obj = Object.freeze({}) as Obj;

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Fills `values` (indexed like EVENT_COLUMNS) with the source columns found in `obj` below trie
 * `node` and returns what the columns do not reproduce: undefined when they reproduce everything,
 * EMPTY when `obj` has no keys.
 */
export function walkRecord(
  obj: Obj,
  node: TrieNode,
  values: ColumnValue[],
  text: string | undefined,
): Obj | undefined {
  const children = node.children;
  let out: Obj | undefined;
  let any = false;
  for (const key in obj) {
    any = true;
    const value = obj[key];
    const child = children === null ? undefined : children.get(key);
    if (child !== undefined) {
      if (child.column >= 0) {
        if (value !== null && value !== undefined) {
          const converted = convertValue(child.conv, value, text);
          if (converted !== null) {
            values[child.column] = converted;
            if (lastMatched()) continue;
          }
        }
      } else if (child.children !== null && isPlainObject(value)) {
        const sub = walkRecord(value, child, values, text);
        if (sub === undefined) continue;
        out ??= {};
        setOwn(out, key, sub === EMPTY ? value : sub);
        continue;
      }
    }
    out ??= {};
    setOwn(out, key, value);
  }
  return any ? out : EMPTY;
}

/** The residual object of a top-level walk (EMPTY at the top means `{}`: nothing to keep). */
export function topResidual(rest: Obj | undefined): Obj | undefined {
  return rest === EMPTY ? undefined : rest;
}
