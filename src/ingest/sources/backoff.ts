/** Exponential backoff with full jitter, and a sleep that a stop signal cuts short. */

export interface BackoffOptions {
  /** First delay in ms (default 200). */
  initialMs?: number;
  /** Longest delay in ms (default 30,000). */
  maxMs?: number;
  /** Attempts before giving up (default 8). */
  attempts?: number;
}

/** Delay before retry number `attempt` (0-based): uniform in [d/2, d] with d = initial * 2^attempt. */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const d = Math.min(opts.maxMs ?? 30_000, (opts.initialMs ?? 200) * 2 ** attempt);
  return d / 2 + Math.random() * (d / 2);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `fn`, retrying while `retryable(err)` with backoff; `onRetry` is told of each retry
 * (so the source can count it). A stop signal ends the wait and rethrows the last error.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  retryable: (err: unknown) => boolean,
  opts: BackoffOptions & { onRetry?: (err: unknown, attempt: number) => void; signal?: AbortSignal } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 8;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!retryable(err) || attempt + 1 >= attempts || opts.signal?.aborted) throw err;
      opts.onRetry?.(err, attempt);
      await sleep(backoffDelay(attempt, opts), opts.signal);
      if (opts.signal?.aborted) throw err;
    }
  }
}
