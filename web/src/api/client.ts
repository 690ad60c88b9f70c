/** The API client: JSON GETs with query parameters; 401 sends the user to the login page. */
import type { Params } from '../app/context.ts';
import type { ApiErrorBody } from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message || body.error);
    this.name = 'ApiError';
  }
}

export function apiUrl(path: string, params: Params = {}): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) for (const x of v as readonly string[]) sp.append(k, x);
    else sp.set(k, String(v));
  }
  const qs = sp.toString();
  return qs ? `${path}?${qs}` : path;
}

function toLogin(): void {
  if (window.location.pathname === '/login') return;
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

async function errorBody(res: Response): Promise<ApiErrorBody> {
  try {
    const body = (await res.json()) as Partial<ApiErrorBody>;
    return { ...body, error: body.error ?? 'internal', message: body.message ?? res.statusText };
  } catch {
    return { error: 'internal', message: `${res.status} ${res.statusText}` };
  }
}

export async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const res = await fetch(apiUrl(path, params), {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    signal,
  });
  if (res.status === 401) toLogin();
  if (!res.ok) throw new ApiError(res.status, await errorBody(res));
  return (await res.json()) as T;
}

export async function postJson(path: string, body: unknown): Promise<Response> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new ApiError(res.status, await errorBody(res));
  return res;
}

/** A PUT or DELETE with an optional JSON body; the answer's JSON. */
export async function sendJson<T>(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      accept: 'application/json',
    },
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status === 401) toLogin();
  if (!res.ok) throw new ApiError(res.status, await errorBody(res));
  return (await res.json()) as T;
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
