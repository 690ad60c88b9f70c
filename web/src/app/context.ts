/**
 * The state shared by every view and kept in the URL: time range (`from`, `to`), firewall (`fw`) and
 * time zone (`tz`: any IANA zone, else the browser's zone). Links carry it, so any view is a shareable link.
 */
import { canonicalZone } from './zone-time.ts';

export const CONTEXT_KEYS = ['from', 'to', 'fw', 'tz'] as const;

export type ParamValue = string | number | readonly string[] | null | undefined;
export type Params = Record<string, ParamValue>;

export function currentUrl(): URL {
  return new URL(window.location.href);
}

/** The browser's IANA zone. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The zone views display in: the URL's `tz` when the browser knows it, else the browser's zone. */
export function displayZone(url: URL = currentUrl()): string {
  return chosenZone(url) ?? browserZone();
}

/** The zone chosen in the URL (canonical name), null when none or unknown. */
export function chosenZone(url: URL = currentUrl()): string | null {
  const tz = url.searchParams.get('tz');
  return tz ? canonicalZone(tz) : null;
}

function setParam(sp: URLSearchParams, key: string, value: ParamValue): void {
  sp.delete(key);
  if (value === null || value === undefined || value === '') return;
  if (Array.isArray(value)) for (const v of value as readonly string[]) sp.append(key, v);
  else sp.set(key, String(value));
}

/** A link to `path` with `params`, keeping the shared context of the current URL unless overridden. */
export function href(path: string, params: Params = {}, from: URL = currentUrl()): string {
  const sp = new URLSearchParams();
  for (const k of CONTEXT_KEYS) {
    for (const v of from.searchParams.getAll(k)) sp.append(k, v);
  }
  for (const [k, v] of Object.entries(params)) setParam(sp, k, v);
  const qs = sp.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The current URL with some parameters changed (null removes). */
export function withParams(params: Params, url: URL = currentUrl()): string {
  const sp = new URLSearchParams(url.search);
  for (const [k, v] of Object.entries(params)) setParam(sp, k, v);
  const qs = sp.toString();
  return qs ? `${url.pathname}?${qs}` : url.pathname;
}

/** Range and firewall of a URL as API parameters. */
export function rangeParams(url: URL = currentUrl()): Params {
  return {
    from: url.searchParams.get('from') ?? undefined,
    to: url.searchParams.get('to') ?? undefined,
  };
}

/** The firewall picker as a query-language filter ('' when all firewalls). */
export function firewallFilter(url: URL = currentUrl()): string {
  const fw = url.searchParams.get('fw');
  return fw ? `firewall_name:"${fw.replace(/["\\]/g, '\\$&')}"` : '';
}

/** Joins filters with `and`, parenthesising each. */
export function andFilters(...parts: (string | null | undefined)[]): string {
  const kept = parts.map((p) => p?.trim()).filter((p): p is string => !!p);
  if (kept.length <= 1) return kept[0] ?? '';
  return kept.map((p) => `(${p})`).join(' and ');
}
