/**
 * Expands the paths given on the command line into the list of log files to read: directories are
 * walked recursively (any layout, the S3 key layout included) and sorted by path.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface InputFileList {
  /** Files to read, in order; `-` (standard input) passed through where it was given. */
  files: string[];
  /** Files found in directories and left out because their name says they are not logs. */
  skipped: string[];
  /** Paths that could not be listed (missing, unreadable directory), with the reason. */
  errors: { path: string; reason: string }[];
}

/** An error's message, with its code (`ENOENT: no such file or directory, stat 'x'`). */
export function errorReason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Extensions read when found in a directory (files without an extension are read too). */
const LOG_EXTENSIONS = ['.log', '.gz', '.json', '.ndjson', '.jsonl'];

/** A rotated log (`c.log.1`, `c.log.2.gz`, as logrotate names them). */
const ROTATED = /\.(?:log|json|ndjson|jsonl)\.\d+(?:\.gz)?$/;

/** Whether a file met while walking a directory looks like a log file (`x.log.gz`, `000000`, ...). */
export function looksLikeLogFile(name: string): boolean {
  const lower = name.toLowerCase();
  if (!lower.includes('.')) return true;
  return LOG_EXTENSIONS.some((ext) => lower.endsWith(ext)) || ROTATED.test(lower);
}

const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function walk(dir: string, seen: Set<string>, out: InputFileList): Promise<void> {
  let entries: Dirent[];
  try {
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    out.errors.push({ path: dir, reason: errorReason(err) });
    return;
  }
  entries.sort((a, b) => byPath(a.name, b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(path).catch((err: unknown) => {
        // A link to nothing is a file that cannot be read, not a file that is not there.
        out.errors.push({ path, reason: errorReason(err) });
        return null;
      });
      isDir = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDir) await walk(path, seen, out);
    else if (isFile) (looksLikeLogFile(entry.name) ? out.files : out.skipped).push(path);
  }
}

/**
 * Lists the input files for `paths`. Directories are walked (hidden entries ignored, non-log
 * names reported in `skipped`); files named explicitly are always kept; `-` is kept as is.
 * A path that does not exist, or a directory that cannot be read, is reported in `errors`.
 */
export async function listInputFiles(paths: string[]): Promise<InputFileList> {
  const out: InputFileList = { files: [], skipped: [], errors: [] };
  const seen = new Set<string>();
  for (const path of paths) {
    if (path === '-') {
      out.files.push(path);
      continue;
    }
    const info = await stat(path).catch((err: unknown) => {
      out.errors.push({ path, reason: errorReason(err) });
      return null;
    });
    if (info === null) continue;
    if (info.isDirectory()) {
      const found: InputFileList = { files: [], skipped: [], errors: out.errors };
      await walk(path, seen, found);
      out.files.push(...found.files.sort(byPath));
      out.skipped.push(...found.skipped.sort(byPath));
    } else {
      out.files.push(path);
    }
  }
  out.files = [...new Set(out.files)];
  const kept = new Set(out.files);
  out.skipped = out.skipped.filter((f) => !kept.has(f));
  return out;
}
