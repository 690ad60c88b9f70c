/** Derived columns: computed from the record, never written back into it. */
import type { LogType } from '../schema/columns.ts';

type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** alert | flow | tls (the NFW TLS log: no event_type, has tls_error or revocation_check) | other. */
export function logTypeOf(event: Obj): LogType {
  const t = event['event_type'];
  if (t === 'alert') return 'alert';
  if (t === 'netflow' || t === 'flow') return 'flow';
  if (t === undefined && (event['tls_error'] !== undefined || event['revocation_check'] !== undefined)) {
    return 'tls';
  }
  return 'other';
}

function categoriesOf(v: unknown): string[] | null {
  let value = v;
  if (typeof value === 'string') {
    if (!value.startsWith('[')) return value === '' ? null : [value];
    try {
      value = JSON.parse(value);
    } catch {
      return [v as string];
    }
  }
  if (!Array.isArray(value)) return null;
  const out: string[] = [];
  for (const item of value) if (typeof item === 'string') out.push(item);
  // No category is none at all: a list column of either engine holds no empty list (ClickHouse's
  // arrays cannot be null, so an empty one stands for null there).
  return out.length > 0 ? out : null;
}

/**
 * URL/domain categories from the top level (the documented place) or `event.aws_category` (where the
 * doc examples put it), as an array or a JSON-encoded array string.
 */
export function awsCategoryOf(root: Obj | null, event: Obj): string[] | null {
  const top = root === null ? undefined : root['aws_category'];
  if (top !== undefined) {
    const c = categoriesOf(top);
    if (c !== null) return c;
  }
  const inner = event['aws_category'];
  return inner === undefined ? null : categoriesOf(inner);
}

function sniValue(v: unknown): string | null {
  return typeof v === 'string' && v !== '' && v !== '-' ? v : null;
}

/** `event.tls.sni`, else the TLS log's `event.sni`; `"-"` and `""` mean none. */
export function tlsSniOf(event: Obj): string | null {
  const tls = event['tls'];
  const fromTls = isObject(tls) ? sniValue(tls['sni']) : null;
  return fromTls ?? sniValue(event['sni']);
}

/** `event.http.hostname`, else the HTTP/2 `:authority` request header. */
export function httpHostnameOf(event: Obj): string | null {
  const http = event['http'];
  if (!isObject(http)) return null;
  const host = http['hostname'];
  if (typeof host === 'string' && host !== '') return host;
  const headers = http['request_headers'];
  if (!Array.isArray(headers)) return null;
  for (const h of headers) {
    if (isObject(h) && h['name'] === ':authority' && typeof h['value'] === 'string' && h['value'] !== '') {
      return h['value'];
    }
  }
  return null;
}
