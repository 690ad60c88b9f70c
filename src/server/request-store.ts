/**
 * The store as one request sees it: every read it makes is cancelled when the client goes away
 * (the connection closes before the answer is sent), so an abandoned search stops at once instead
 * of holding a database connection until it ends or reaches the time limit; and they share one
 * time limit, counted from the start of the request.
 */
import type { FastifyReply } from 'fastify';
import type { ReadOptions, Store } from '../store/store.ts';

/** An AbortSignal that aborts when the client closes the connection before the reply is complete. */
export function clientGoneSignal(reply: FastifyReply): AbortSignal {
  const abort = new AbortController();
  const res = reply.raw;
  if (res.destroyed || res.socket?.destroyed) abort.abort();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  return abort.signal;
}

/** `store`, with `read` passed to each read; everything else is the store itself. */
export function withReadOptions(store: Store, read: ReadOptions): Store {
  const query: Store['query'] = (sql, params, options?: ReadOptions) =>
    store.query(sql, params, { ...read, ...options });
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'query') return query;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The store for the reads of the request `reply` answers: cancelled when the client goes away,
 * and under one time limit together (a search that widens its window makes several reads).
 */
export function requestStore(store: Store, reply: FastifyReply): Store {
  return withReadOptions(store, { signal: clientGoneSignal(reply), since: Date.now() });
}
