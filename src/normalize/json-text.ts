/**
 * JSON.stringify without recursion, for plain JSON data nested deeper than the call stack allows
 * (JSON.stringify gives up near 10,000 levels). Same output as JSON.stringify for parsed JSON.
 */

type Frame =
  | { array: true; items: unknown[]; i: number }
  | { array: false; obj: Record<string, unknown>; keys: string[]; i: number; wrote: boolean };

function scalar(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    default:
      return undefined;
  }
}

export function stringifyDeep(value: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = (v: unknown): void => {
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ array: true, items: v, i: 0 });
    } else if (typeof v === 'object' && v !== null) {
      out.push('{');
      stack.push({
        array: false,
        obj: v as Record<string, unknown>,
        keys: Object.keys(v),
        i: 0,
        wrote: false,
      });
    } else out.push(scalar(v) ?? 'null');
  };
  open(value);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.array) {
      if (top.i >= top.items.length) {
        out.push(']');
        stack.pop();
        continue;
      }
      if (top.i > 0) out.push(',');
      const v = top.items[top.i++];
      open(typeof v === 'object' || scalar(v) !== undefined ? v : null);
      continue;
    }
    if (top.i >= top.keys.length) {
      out.push('}');
      stack.pop();
      continue;
    }
    const key = top.keys[top.i++]!;
    const v = top.obj[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    if (top.wrote) out.push(',');
    top.wrote = true;
    out.push(JSON.stringify(key), ':');
    open(v);
  }
  return out.join('');
}
