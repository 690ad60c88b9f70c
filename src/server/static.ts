/**
 * The built web app (`web/dist`): hashed files under `/assets/` cached for a year, everything else
 * (index.html, the login page) revalidated on every load; client-side routes fall back to index.html.
 * Without a build, `/` answers a short page saying how to make one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const NO_CACHE = 'no-cache';

const MISSING_BUILD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nfwlens</title></head>
<body><h1>nfwlens</h1>
<p>The web app is not built. Run <code>npm run build:web</code>, then reload this page.</p>
<p>The JSON API is available under <code>/api/</code> (for instance <code>/api/status</code>).</p>
</body></html>
`;

function sendMissing(reply: FastifyReply): FastifyReply {
  return reply.header('Cache-Control', NO_CACHE).type('text/html; charset=utf-8').send(MISSING_BUILD);
}

export async function registerStatic(app: FastifyInstance, webDir: string): Promise<void> {
  const built = existsSync(join(webDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: true,
      index: ['index.html'],
      cacheControl: false, // set per file below
      setHeaders(reply, path) {
        const underAssets = /[\\/]assets[\\/]/.test(path.slice(webDir.length));
        reply.header('Cache-Control', underAssets ? IMMUTABLE : NO_CACHE);
      },
    });
  } else {
    app.get('/', async (_request, reply) => sendMissing(reply));
  }

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage = request.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/assets/');
    if (!isPage) {
      return reply.status(404).send({
        error: 'not_found',
        code: 'request.not_found',
        params: { path },
        message: `no route ${request.method} ${path}`,
      });
    }
    if (!built) return sendMissing(reply);
    // Client-side route (/search, /reports/x, /login...): the app's index.html.
    return reply.header('Cache-Control', NO_CACHE).sendFile('index.html');
  });
}
