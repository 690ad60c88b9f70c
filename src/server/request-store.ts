/**
 * The store as one request sees it: every read it makes is cancelled when the client goes away
 * (the connection closes before the answer is sent), so an abandoned search stops at once instead
 * of holding a database connection until it ends or reaches the time limit; and they share one
 * time limit, counted from the start of the request.
 */
import type { FastifyReply } from 'fastify';
import { EVENT_READ_OPTIONS_AT } from '../store/event-reads.ts';
import { REPORT_READ_OPTIONS_AT } from '../store/report-query.ts';
import { SAVED_READ_OPTIONS_AT } from '../store/saved.ts';
import { SESSION_READ_OPTIONS_AT } from '../store/sessions.ts';
import type { ReadOptions, Store } from '../store/store.ts';
import { SUMMARY_READ_OPTIONS_AT } from '../store/summary.ts';

/** The read operations of a store and where each takes its ReadOptions. */
export const READ_OPTIONS_AT: Readonly<Partial<Record<keyof Store, number>>> = {
  ...EVENT_READ_OPTIONS_AT,
  ...SUMMARY_READ_OPTIONS_AT,
  ...REPORT_READ_OPTIONS_AT,
  ...SESSION_READ_OPTIONS_AT,
  ...SAVED_READ_OPTIONS_AT,
};

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

/** `store`, with `read` passed to each read operation; everything else is the store itself. */
export function withReadOptions(store: Store, read: ReadOptions): Store {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const at = Object.hasOwn(READ_OPTIONS_AT, prop) ? READ_OPTIONS_AT[prop as keyof Store] : undefined;
      if (at === undefined) return value.bind(target);
      if (!wrapped.has(prop)) {
        wrapped.set(prop, (...args: unknown[]) => {
          const given = args[at] as ReadOptions | undefined;
          const all = [...args];
          all.length = Math.max(all.length, at + 1);
          all[at] = { ...read, ...given };
          return (value as (...a: unknown[]) => unknown).apply(target, all);
        });
      }
      return wrapped.get(prop);
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
