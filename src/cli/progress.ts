/**
 * Progress of long work on standard error. On a terminal: a one-line bar redrawn in place. Otherwise
 * (piped, logged, under a service manager): a plain line every few seconds, so a long `ingest` or
 * `generate` is never silent for minutes. With a count, both show its rate.
 */

export interface Progress {
  /** `fraction` done (0..1), a text such as "12/240 files, 1,234 records", and the count so far. */
  update(fraction: number, text: string, count?: number): void;
  done(): void;
}

export interface ProgressOptions {
  /** Seconds between two lines when the stream is not a terminal (default 5). */
  intervalSeconds?: number;
  /** What the lines start with (default `nfwlens`). */
  label?: string;
  now?: () => number;
}

/** "85,000/s" from a count and the milliseconds since the start ("" before there is a rate). */
function rate(count: number | undefined, elapsedMs: number): string {
  if (count === undefined || elapsedMs < 1) return '';
  return `, ${Math.round((count * 1000) / elapsedMs).toLocaleString('en-US')}/s`;
}

function percent(fraction: number): string {
  return `${(Math.max(0, Math.min(1, fraction)) * 100).toFixed(0)}%`;
}

export function createProgress(
  stream:
    | NodeJS.WriteStream
    | { isTTY?: boolean; write(s: string): unknown; columns?: number } = process.stderr,
  opts: ProgressOptions = {},
): Progress {
  const now = opts.now ?? Date.now;
  const started = now();
  if (!stream.isTTY) {
    const every = (opts.intervalSeconds ?? 5) * 1000;
    let last = started;
    return {
      update(fraction, text, count) {
        const t = now();
        if (t - last < every) return;
        last = t;
        stream.write(`${opts.label ?? 'nfwlens'}: ${percent(fraction)} ${text}${rate(count, t - started)}\n`);
      },
      done() {},
    };
  }
  let last = 0;
  let shown = false;
  return {
    update(fraction, text, count) {
      const t = now();
      if (t - last < 100) return;
      last = t;
      const width = 24;
      const f = Math.max(0, Math.min(1, fraction));
      const filled = Math.round(f * width);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent(f).padStart(4)} ${text}${rate(count, t - started)}`;
      stream.write(`\r${bar.slice(0, (stream.columns ?? 100) - 1)}\u001b[K`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
    },
  };
}
