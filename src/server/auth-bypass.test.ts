/**
 * The token check is made on the route the router matched, not on the URL's text: every spelling of
 * every route (percent-encoded, doubled slashes, dot segments, case, trailing slash, double encoding)
 * is tried over real HTTP with the raw path sent as written, and none answers data without the token.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSearch } from '../search/saved.ts';
import { TOKEN_COOKIE } from './auth.ts';
import { type Fixture, fixtureApp, openFixtureStore, STORY } from './fixture.testing.ts';

const TOKEN = 'bypass-test-token-0123456789';
/** The API routes that answer without the token (and give no data). */
const PUBLIC_API = ['/api/login', '/api/logout', '/api/health'];
const PAGE = '<!doctype html><title>nfwlens app page</title>';

interface Answer {
  status: number;
  type: string;
  body: string;
}

let fx: Fixture;
let app: FastifyInstance;
let port: number;
let webDir: string;

/** Sends `path` byte for byte (no URL normalisation on the way), as `curl --path-as-is` does. */
function send(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every route the app has, read from Fastify's own route tree: `[method, path]`. */
function registeredRoutes(server: FastifyInstance): [string, string][] {
  const out: [string, string][] = [];
  const stack: string[] = [];
  for (const line of server.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([\s│├└─]*)(\S+) \(([^)]+)\)/.exec(line);
    if (!m) continue;
    const depth = Math.floor((m[1] ?? '').length / 4);
    stack.length = depth;
    const parent = stack[depth - 1] ?? '';
    const seg = m[2] ?? '';
    const path =
      depth === 0 ? seg : `${parent}${parent.endsWith('/') || seg.startsWith('/') ? '' : '/'}${seg}`;
    stack[depth] = path;
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim())) out.push([method, path]);
  }
  return out;
}

/** A concrete URL path for a route pattern (parameters filled with values that exist). */
function concrete(pattern: string): string {
  return pattern.replace(':id', '1').replace(':name', 'hourly-actions').replace('/*', '/index.html');
}

const QUERY: Record<string, string> = {
  '/api/flows': `?flow_id=${STORY.flowId}`,
  '/api/export/report': '?report=protocols',
  '/api/search/values': '?field=dest_port',
  '/api/traffic': '?dim=dest_ip',
};

/** Spellings of one path that a router or a proxy may take for the same route. */
function variants(path: string): string[] {
  const out = new Set<string>();
  for (let i = 1; i < path.length; i++) {
    const c = path[i] ?? '';
    if (/[a-z]/i.test(c)) {
      const hex = c.charCodeAt(0).toString(16);
      out.add(`${path.slice(0, i)}%${hex}${path.slice(i + 1)}`);
      out.add(`${path.slice(0, i)}%${hex.toUpperCase()}${path.slice(i + 1)}`);
      out.add(`${path.slice(0, i)}%25${hex}${path.slice(i + 1)}`); // double encoding
    }
  }
  const encodedAll = path
    .split('/')
    .map((s) => [...s].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(''))
    .join('/');
  out.add(encodedAll);
  out.add(`/${path.slice(1).replaceAll('/', '%2F')}`);
  out.add(path.replace('/api/', '/api%2F'));
  out.add(`/${path}`);
  out.add(path.replace('/api/', '/api//'));
  out.add(path.replace('/api/', '//api//'));
  out.add(path.replace('/api/', '/api/./'));
  out.add(path.replace('/api/', '/./api/'));
  out.add(path.replace('/api/', '/x/../api/'));
  out.add(path.replace('/api/', '/api/x/../'));
  out.add(path.replace('/api/', '/%2e/api/'));
  out.add(path.replace('/api/', '/x/%2e%2e/api/'));
  out.add(path.replace('/api/', '/assets/../api/'));
  out.add(path.toUpperCase());
  out.add(path.replace('/api/', '/API/'));
  out.add(path.replace('/api/', '/Api/'));
  out.add(`${path}/`);
  out.add(`${path}/.`);
  out.add(`${path}%2F`);
  out.add(`${path};`);
  out.add(`${path};x=1`);
  out.add(`${path}%00`);
  out.add(`${path}%20`);
  out.add(`${path}#`);
  out.add(path.replace('/api/', '/api\\'));
  out.delete(path);
  return [...out];
}

beforeAll(async () => {
  fx = await openFixtureStore();
  // `concrete` names every `:name` hourly-actions: a saved search of that name exists to be read.
  await saveSearch(fx.store, 'hourly-actions', { query: 'type:alert' });
  webDir = mkdtempSync(join(tmpdir(), 'nfwlens-web-'));
  writeFileSync(join(webDir, 'index.html'), PAGE);
  app = await fixtureApp(fx.store, { token: TOKEN, webDir });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await app?.close();
  await fx?.close();
  rmSync(webDir, { recursive: true, force: true });
});

describe('token bypass through other spellings of a route', () => {
  it('knows every API route', () => {
    const paths = registeredRoutes(app).map(([, p]) => p);
    for (const p of ['/api/status', '/api/search', '/api/events/:id', '/api/sessions', '/api/rejected']) {
      expect(paths).toContain(p);
    }
    expect(paths).toContain('/api/reports/:name');
    expect(paths).toContain('/api/summary');
  });

  it('answers every protected route with data only when the token is given', async () => {
    const routes = registeredRoutes(app).filter(
      ([m, p]) => p.startsWith('/api/') && !PUBLIC_API.includes(p) && m !== 'HEAD',
    );
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const [method, pattern] of routes) {
      const path = concrete(pattern) + (QUERY[pattern] ?? '');
      const without = await send(method, path);
      expect([method, path, without.status]).toEqual([method, path, 401]);
      // With the token the route itself answers: 200, or for an ingest (which also wants the lock
      // file's key, and a body) its own 4xx, never the token's 401.
      const passed = (status: number) => (method === 'GET' ? status === 200 : status !== 401 && status < 500);
      const withToken = await send(method, path, { authorization: `Bearer ${TOKEN}` });
      expect([method, path, passed(withToken.status)]).toEqual([method, path, true]);
      const withCookie = await send(method, path, { cookie: `${TOKEN_COOKIE}=${TOKEN}` });
      expect([method, path, passed(withCookie.status)]).toEqual([method, path, true]);
    }
  });

  it('never answers data for another spelling of a protected route', async () => {
    const routes = registeredRoutes(app).filter(([, p]) => p.startsWith('/api/') && !PUBLIC_API.includes(p));
    let tried = 0;
    for (const [method, pattern] of routes) {
      const query = QUERY[pattern] ?? '';
      for (const v of variants(concrete(pattern))) {
        const answer = await send(method, v + query).catch((e: Error) => {
          throw new Error(`${method} ${v}: ${e.message}`);
        });
        tried++;
        // 401 (protected route matched), 404 (no route), 400 or 403 (malformed), or the app's page.
        const leaked = answer.status < 300 && !answer.type.startsWith('text/html');
        expect({ method, path: v, status: answer.status, leaked }).toMatchObject({ leaked: false });
        expect([200, 400, 401, 403, 404]).toContain(answer.status);
        if (answer.status === 200 && method === 'GET') expect(answer.body).toBe(PAGE);
      }
    }
    expect(tried).toBeGreaterThan(500);
  });

  it('keeps the web app and login public', async () => {
    expect((await send('GET', '/')).body).toBe(PAGE);
    expect((await send('GET', '/login')).body).toBe(PAGE);
    expect((await send('GET', '/index.html')).status).toBe(200);
    const login = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/login',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ token: TOKEN }));
    });
    expect(login).toBe(204);
  });
});
