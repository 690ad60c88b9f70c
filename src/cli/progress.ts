/** A one-line progress bar on standard error, only when it is a terminal. */

export interface Progress {
  update(fraction: number, text: string): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(fraction, text) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const width = 24;
      const f = Math.max(0, Math.min(1, fraction));
      const filled = Math.round(f * width);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ${text}`;
      stream.write(`\r${bar.slice(0, (stream.columns ?? 100) - 1)}\u001b[K`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
    },
  };
}
