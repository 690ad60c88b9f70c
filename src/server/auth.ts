/**
 * Access control. A server that listens only on the loopback interface needs no token unless one is
 * given; listening anywhere else requires one (given, or generated at start). With a token, every
 * route requires it in the `nfwlens_token` cookie (set by `POST /api/login`) or an
 * `Authorization: Bearer` header, unless the route was registered as public (logging in and out, the
 * web app's files). Tokens are compared in constant time.
 *
 * The decision is made on the route the router matched, never on the URL's text: the router decodes
 * the path (`/%61pi/status` is `/api/status`), so a check on the raw text could be walked around.
 * A route is protected unless it says otherwise (deny by default); a request that matches no route
 * reaches only the not-found handler, which serves the web app's page or a 404 and no data.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { HttpError } from './http-error.ts';

export const TOKEN_COOKIE = 'nfwlens_token';

/**
 * A route's access rule, in its `config.access`: `token` (the default) needs the access token;
 * `public` needs nothing (logging in, the web app's static files).
 */
export type RouteAccess = 'token' | 'public';

/** Route config that makes a route public: `app.get(url, { config: PUBLIC_ROUTE }, handler)`. */
export const PUBLIC_ROUTE: { access: RouteAccess } = { access: 'public' };

function routeAccess(config: unknown): RouteAccess {
  const access = (config as { access?: unknown } | undefined)?.access;
  return access === 'public' ? 'public' : 'token';
}

/**
 * Registers every route added inside `scope` (and its children) as public: for plugins whose routes
 * take no config of ours, such as the static file server.
 */
export function markRoutesPublic(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route: RouteOptions) => {
    route.config = { ...(route.config as object | undefined), ...PUBLIC_ROUTE };
  });
}

/** True when the request matched a route that needs the token (every route not marked public). */
export function needsToken(request: FastifyRequest): boolean {
  // No matched route (404): the not-found handler answers, with no data.
  if (request.is404) return false;
  return routeAccess(request.routeOptions.config) !== 'public';
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface AuthSettings {
  /** The token calls must present; null when no auth is required. */
  token: string | null;
  /** True when the token was generated here (the caller prints it). */
  generated: boolean;
}

/** The token the server uses: the one given, else a generated one when `host` is not loopback. */
export function resolveAuth(host: string, given?: string | null): AuthSettings {
  if (given) return { token: given, generated: false };
  if (isLoopbackHost(host)) return { token: null, generated: false };
  return { token: generateToken(), generated: true };
}

/** Constant-time equality (hashing first makes lengths equal, so length leaks nothing either). */
export function tokensEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function presentedToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return request.cookies[TOKEN_COOKIE] ?? null;
}

/** The host name of a Host header (`127.0.0.1:8080` -> `127.0.0.1`, `[::1]:8080` -> `::1`). */
export function hostName(header: string | undefined): string {
  const h = (header ?? '').trim();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/**
 * Adds the token check and the login/logout routes. Needs @fastify/cookie registered first.
 * Without a token, requests must name a loopback host, so a web page cannot reach the API through
 * DNS rebinding (a hostile name resolving to 127.0.0.1).
 */
export function registerAuth(app: FastifyInstance, token: string | null, secureCookie: boolean): void {
  if (token === null) {
    app.addHook('onRequest', async (request) => {
      if (!isLoopbackHost(hostName(request.headers.host))) {
        throw new HttpError(
          400,
          'bad_request',
          'this server answers only requests addressed to a loopback host',
          { code: 'auth.loopback_only' },
        );
      }
    });
  } else {
    app.addHook('onRequest', async (request) => {
      if (!needsToken(request)) return;
      const presented = presentedToken(request);
      if (presented === null || !tokensEqual(presented, token)) {
        throw new HttpError(401, 'unauthorized', 'a valid access token is required (log in at /login)', {
          code: 'auth.required',
        });
      }
    });
  }

  app.post('/api/login', { config: PUBLIC_ROUTE }, async (request, reply) => {
    const body = request.body as { token?: unknown } | undefined;
    const given = typeof body?.token === 'string' ? body.token : '';
    if (token !== null && !tokensEqual(given, token)) {
      throw new HttpError(401, 'unauthorized', 'wrong access token', { code: 'auth.wrong_token' });
    }
    if (token !== null) {
      reply.setCookie(TOKEN_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        secure: secureCookie,
      });
    }
    return reply.status(204).send();
  });

  app.post('/api/logout', { config: PUBLIC_ROUTE }, async (_request, reply) => {
    reply.clearCookie(TOKEN_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
}
