/**
 * Access control. A server that listens only on the loopback interface needs no token unless one is
 * given; listening anywhere else requires one (given, or generated at start). With a token, every
 * `/api/*` call must carry it in the `nfwlens_token` cookie (set by `POST /api/login`) or an
 * `Authorization: Bearer` header. Tokens are compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.ts';

export const TOKEN_COOKIE = 'nfwlens_token';

/** Calls that work without the token: logging in, and nothing else under /api. */
const OPEN_API = new Set(['/api/login', '/api/logout']);

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
        );
      }
    });
  } else {
    app.addHook('onRequest', async (request) => {
      const path = request.url.split('?')[0] ?? '';
      if (!path.startsWith('/api/') || OPEN_API.has(path)) return;
      const presented = presentedToken(request);
      if (presented === null || !tokensEqual(presented, token)) {
        throw new HttpError(401, 'unauthorized', 'a valid access token is required (log in at /login)');
      }
    });
  }

  app.post('/api/login', async (request, reply) => {
    const body = request.body as { token?: unknown } | undefined;
    const given = typeof body?.token === 'string' ? body.token : '';
    if (token !== null && !tokensEqual(given, token)) {
      throw new HttpError(401, 'unauthorized', 'wrong access token');
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

  app.post('/api/logout', async (_request, reply) => {
    reply.clearCookie(TOKEN_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
}
