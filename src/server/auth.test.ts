import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost, resolveAuth, TOKEN_COOKIE, tokensEqual } from './auth.ts';
import { type Fixture, fixtureApp, openFixtureStore } from './fixture.testing.ts';
import { IMMUTABLE, NO_CACHE } from './static.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await openFixtureStore();
});
afterAll(async () => {
  await fx?.close();
});

describe('token rules', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
    const auth = resolveAuth(host, null);
    expect(auth.token === null).toBe(loopback);
    expect(auth.generated).toBe(!loopback);
  });

  it('keeps a given token, and generates distinct long ones', () => {
    expect(resolveAuth('127.0.0.1', 'given')).toEqual({ token: 'given', generated: false });
    const a = resolveAuth('0.0.0.0').token!;
    const b = resolveAuth('0.0.0.0').token!;
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
  });

  it.each([
    ['secret', 'secret', true],
    ['secret', 'secreT', false],
    ['secret', 'secret-longer', false],
    ['', 'secret', false],
  ])('tokensEqual(%j, %j) = %s', (a, b, equal) => {
    expect(tokensEqual(a, b)).toBe(equal);
  });
});

describe('exposed mode (token required)', () => {
  const TOKEN = resolveAuth('0.0.0.0').token!;
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await fixtureApp(fx.store, { token: TOKEN });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 401 without a token', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/status' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('answers 401 with a wrong token, as cookie or bearer', async () => {
    const cookie = await app.inject({
      method: 'GET',
      url: '/api/status',
      cookies: { [TOKEN_COOKIE]: 'wrong' },
    });
    expect(cookie.statusCode).toBe(401);
    const bearer = await app.inject({
      method: 'GET',
      url: '/api/search',
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(bearer.statusCode).toBe(401);
  });

  it('refuses a login with a wrong token', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/login', payload: { token: 'nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('logs in: 204 and an HttpOnly SameSite=Strict cookie that then works', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: { token: TOKEN } });
    expect(login.statusCode).toBe(204);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${TOKEN_COOKIE}=`));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    const cookie = login.cookies.find((c) => c.name === TOKEN_COOKIE)!;
    const res = await app.inject({
      method: 'GET',
      url: '/api/status',
      cookies: { [TOKEN_COOKIE]: cookie.value },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().records).toBeGreaterThan(0);
  });

  it('accepts an Authorization: Bearer header', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/search/count',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
  });

  it('logs out by clearing the cookie', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/logout' });
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`^${TOKEN_COOKIE}=;`));
  });
});

describe('local mode (no token)', () => {
  it('answers API calls without a token', async () => {
    const app = await fixtureApp(fx.store);
    try {
      const res = await app.inject({ method: 'GET', url: '/api/status' });
      expect(res.statusCode).toBe(200);
      const login = await app.inject({ method: 'POST', url: '/api/login', payload: {} });
      expect(login.statusCode).toBe(204);
    } finally {
      await app.close();
    }
  });
});

describe('headers and the web app', () => {
  let webDir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'nfwlens-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>nfwlens app</title>');
    writeFileSync(join(webDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    app = await fixtureApp(fx.store, { webDir });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('sends the security headers on API answers and pages', async () => {
    for (const url of ['/api/status', '/']) {
      const res = await app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values] as const;
        }),
      );
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('style-src')).toEqual(["'self'"]);
      // chart tooltips' markup carries style attributes; that is the one relaxation
      expect(directives.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
      expect(csp.match(/unsafe/g)).toHaveLength(1);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it.each([
    ['/', NO_CACHE, /nfwlens app/],
    ['/index.html', NO_CACHE, /nfwlens app/],
    ['/assets/index-abc123.js', IMMUTABLE, /console/],
    ['/search?q=x', NO_CACHE, /nfwlens app/],
    ['/reports/hourly-actions', NO_CACHE, /nfwlens app/],
    ['/login', NO_CACHE, /nfwlens app/],
  ])('GET %s -> Cache-Control %s', async (url, cache, body) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe(cache);
    expect(res.body).toMatch(body);
  });

  it('answers a missing asset with 404, not the app', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/missing-000.js' });
    expect(res.statusCode).toBe(404);
  });

  it('marks API answers no-store', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/status' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('says how to build the app when web/dist is missing', async () => {
    const bare = await fixtureApp(fx.store, { webDir: join(webDir, 'nothing-here') });
    try {
      const res = await bare.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/npm run build:web/);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    } finally {
      await bare.close();
    }
  });
});

describe('Host header without a token (DNS rebinding)', () => {
  it.each([
    ['127.0.0.1:8080', 200],
    ['localhost:8080', 200],
    ['[::1]:8080', 200],
    ['localhost', 200],
    ['evil.example:8080', 400],
    ['192.168.1.10:8080', 400],
  ])('Host %s -> %i', async (host, code) => {
    const app = await fixtureApp(fx.store);
    try {
      const res = await app.inject({ method: 'GET', url: '/api/status', headers: { host } });
      expect(res.statusCode).toBe(code);
    } finally {
      await app.close();
    }
  });

  it('accepts any Host when a token is required', async () => {
    const app = await fixtureApp(fx.store, { token: 't' });
    try {
      const res = await app.inject({
        method: 'GET',
        url: '/api/status',
        headers: { host: 'nfwlens.internal:8080', authorization: 'Bearer t' },
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
