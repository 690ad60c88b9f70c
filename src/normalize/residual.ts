/**
 * The residual: the record minus every leaf a column renders back exactly, minus objects emptied by
 * those removals (objects empty in the original stay). Built by walking the record along the column
 * path trie and copying only what is kept, so a fully covered record allocates nothing.
 */
import type { TrieNode } from './column-plan.ts';
import { isObject } from './derived.ts';

type Obj = Record<string, unknown>;

/** Sets an own property, also for the key `__proto__` (which plain assignment would not create). */
export function setOwn(obj: Obj, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

function hasKeys(obj: Obj): boolean {
  for (const _ in obj) return true;
  return false;
}

/**
 * What of `obj` the columns do not reproduce, or undefined when they reproduce all of it.
 * `matched[i]` is 1 when source column i renders back to exactly its original value.
 */
export function residualOf(obj: Obj, node: TrieNode, matched: Uint8Array): Obj | undefined {
  const children = node.children;
  let out: Obj | undefined;
  for (const key in obj) {
    const value = obj[key];
    const child = children === null ? undefined : children.get(key);
    if (child !== undefined) {
      if (child.column >= 0 && matched[child.column] === 1) continue;
      if (child.children !== null && isObject(value) && hasKeys(value)) {
        const sub = residualOf(value, child, matched);
        if (sub === undefined) continue;
        out ??= {};
        setOwn(out, key, sub);
        continue;
      }
    }
    out ??= {};
    setOwn(out, key, value);
  }
  return out;
}
