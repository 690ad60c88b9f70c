/** The app factory: one Fastify instance with auth, security headers, the API routes and the web app. */
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Store } from '../store/store.ts';
import { markRoutesPublic, registerAuth } from './auth.ts';
import type { RouteContext } from './context.ts';
import { answerFrameworkError, logToStderr, registerErrorHandler } from './http-error.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerExportRoutes } from './routes/export.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerIngestRoutes } from './routes/ingest.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerSavedSearchRoutes } from './routes/saved-searches.ts';
import { registerSearchRoutes } from './routes/search.ts';
import { registerSessionRoutes } from './routes/sessions.ts';
import { registerStatusRoutes } from './routes/status.ts';
import { registerSummaryRoutes } from './routes/summary.ts';
import { registerTrafficRoutes } from './routes/traffic.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerStatic } from './static.ts';

export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface AppOptions {
  store: Store;
  /** The access token every /api call must carry; null or absent: no auth (loopback only). */
  token?: string | null;
  /** The built web app (default: `web/dist` of this checkout). */
  webDir?: string;
  /** Fastify's logger setting (default: off). */
  logger?: FastifyServerOptions['logger'];
  /** Mark the login cookie `Secure` (when served over HTTPS by a proxy). */
  secureCookie?: boolean;
  now?: () => Date;
  /** Where unexpected errors are reported (default: standard error with the stack). */
  logError?: (what: string, err: unknown) => void;
  collectorStatus?: RouteContext['collectorStatus'];
  /** Ingest handed over by the CLI (`POST /api/ingest`); absent: that route answers 404. */
  ingest?: RouteContext['ingest'];
  /** Rows an export reads per page (default: the listings' page sizes). */
  exportPageSize?: number;
  /** Extra routes registered after auth (for instance the Firehose receiver). */
  plugins?: readonly ((app: FastifyInstance) => Promise<void> | void)[];
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: false,
    frameworkErrors: answerFrameworkError,
  });
  const ctx: RouteContext = {
    store: opts.store,
    now: opts.now ?? (() => new Date()),
    ...(opts.collectorStatus ? { collectorStatus: opts.collectorStatus } : {}),
    ...(opts.ingest ? { ingest: opts.ingest } : {}),
    ...(opts.exportPageSize ? { exportPageSize: opts.exportPageSize } : {}),
  };
  registerErrorHandler(app, opts.logError);
  registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  registerAuth(app, opts.token ?? null, opts.secureCookie ?? false);
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url ?? '';
    if (route.startsWith('/api/') || request.url.startsWith('/api/')) {
      reply.header('Cache-Control', 'no-store');
    }
    return payload;
  });
  registerHealthRoutes(app, ctx);
  registerStatusRoutes(app, ctx);
  registerSummaryRoutes(app, ctx);
  registerSearchRoutes(app, ctx);
  registerSavedSearchRoutes(app, ctx);
  registerEventRoutes(app, ctx);
  registerSessionRoutes(app, ctx);
  registerReportRoutes(app, ctx);
  registerTrafficRoutes(app, ctx);
  registerIngestRoutes(app, ctx);
  registerExportRoutes(app, ctx, opts.logError ?? logToStderr);
  for (const plugin of opts.plugins ?? []) await plugin(app);
  // The web app's files are public (the login page must load); every other route needs the token.
  await app.register(async (scope) => {
    markRoutesPublic(scope);
    await registerStatic(scope, opts.webDir ?? DEFAULT_WEB_DIR);
  });
  return app;
}
