/**
 * The HTTP server: the app factory (`buildApp`), starting and stopping with the lock file next to the
 * database (`startServer`), the routes under `/api` (one file per area in `routes/`), one error
 * handler, token auth and the web app's static files; and the client the CLI uses to ask a running
 * server when it holds the database (`viaServer`). The API is documented in API.md.
 */
export { type AppOptions, buildApp, DEFAULT_WEB_DIR } from './app.ts';
export { generateToken, isLoopbackHost, resolveAuth, TOKEN_COOKIE, tokensEqual } from './auth.ts';
export {
  ServerApiError,
  ServerClient,
  ServerUnavailableError,
  serverClientFor,
  viaServer,
} from './client.ts';
export { type ErrorBody, type ErrorCode, HttpError } from './http-error.ts';
export { readServerLock, type ServerLock, serverLockPath } from './server-lock.ts';
export { type RunningServer, type StartServerOptions, startServer } from './start-server.ts';
