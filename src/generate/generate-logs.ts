/**
 * Writes generated records to disk in NFW's S3 layout: gzip NDJSON files, streamed, one open file
 * per log type at a time (the record generator visits each file's records contiguously).
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import type { RecordOptions } from './options.ts';
import { resolveOptions } from './options.ts';
import { generateResolved, LOG_TYPES, type LogType } from './records.ts';
import { objectKey } from './s3-layout.ts';

export interface GenerateOptions extends RecordOptions {
  outDir: string;
  onProgress?: (written: number) => void;
}

export interface GenerateSummary {
  files: number;
  records: number;
  byLogType: { alert: number; flow: number; tls: number };
  bytesGz: number;
  outDir: string;
}

const GZIP_LEVEL = 5;
const FLUSH_CHARS = 1 << 20;
const MAX_PENDING = 8 << 20;
const PROGRESS_EVERY = 10_000;

class OpenFile {
  private readonly gz: Gzip;
  private readonly out: WriteStream;
  private buffer: string[] = [];
  private chars = 0;
  bytes = 0;

  constructor(
    readonly key: string,
    path: string,
  ) {
    this.gz = createGzip({ level: GZIP_LEVEL });
    this.out = createWriteStream(path);
    this.gz.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length;
    });
    this.gz.pipe(this.out);
  }

  /** Buffers a line; true when the buffer is full and `flush` should be awaited. */
  add(line: string): boolean {
    this.buffer.push(line);
    this.chars += line.length + 1;
    return this.chars >= FLUSH_CHARS;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.chars = 0;
    // Let zlib (on the thread pool) fall a few MB behind so generation and compression overlap.
    this.gz.write(text);
    if (this.gz.writableLength > MAX_PENDING) await once(this.gz, 'drain');
  }

  async close(): Promise<number> {
    await this.flush();
    this.gz.end();
    await finished(this.out);
    return this.bytes;
  }
}

/** Generates synthetic NFW logs under `outDir` and reports what was written. */
export async function generateLogs(opts: GenerateOptions): Promise<GenerateSummary> {
  const o = resolveOptions(opts);
  const summary: GenerateSummary = {
    files: 0,
    records: 0,
    byLogType: { alert: 0, flow: 0, tls: 0 },
    bytesGz: 0,
    outDir: opts.outDir,
  };
  const open = new Map<LogType, OpenFile>();
  const dirs = new Set<string>();
  const close = async (f: OpenFile): Promise<void> => {
    summary.bytesGz += await f.close();
  };
  try {
    for (const r of generateResolved(o)) {
      const fileMs = r.hour.getTime() + r.fileMinute * 60_000;
      const key = objectKey({ ...o, logType: r.logType, firewall: r.firewall, fileMs });
      let file = open.get(r.logType);
      if (file?.key !== key) {
        if (file) await close(file);
        const path = join(opts.outDir, key);
        const dir = dirname(path);
        if (!dirs.has(dir)) {
          await mkdir(dir, { recursive: true });
          dirs.add(dir);
        }
        file = new OpenFile(key, path);
        open.set(r.logType, file);
        summary.files += 1;
      }
      if (file.add(r.line)) await file.flush();
      summary.records += 1;
      summary.byLogType[r.logType] += 1;
      if (opts.onProgress && summary.records % PROGRESS_EVERY === 0) opts.onProgress(summary.records);
    }
  } finally {
    for (const t of LOG_TYPES) {
      const f = open.get(t);
      if (f) await close(f);
    }
  }
  opts.onProgress?.(summary.records);
  return summary;
}
