/**
 * Expands the paths given on the command line into the list of log files to read: directories are
 * walked recursively (any layout, the S3 key layout included) and sorted by path.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface InputFileList {
  /** Files to read, in order; `-` (standard input) passed through where it was given. */
  files: string[];
  /** Files found in directories and left out because their name says they are not logs. */
  skipped: string[];
}

/** Extensions read when found in a directory (files without an extension are read too). */
const LOG_EXTENSIONS = ['.log', '.gz', '.json', '.ndjson', '.jsonl'];

/** Whether a file met while walking a directory looks like a log file (`x.log.gz`, `000000`, ...). */
export function looksLikeLogFile(name: string): boolean {
  const lower = name.toLowerCase();
  if (!lower.includes('.')) return true;
  return LOG_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function walk(dir: string, seen: Set<string>, out: InputFileList): Promise<void> {
  const real = await realpath(dir);
  if (seen.has(real)) return;
  seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => byPath(a.name, b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => null);
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
 * A path that does not exist is an error.
 */
export async function listInputFiles(paths: string[]): Promise<InputFileList> {
  const out: InputFileList = { files: [], skipped: [] };
  const seen = new Set<string>();
  for (const path of paths) {
    if (path === '-') {
      out.files.push(path);
      continue;
    }
    const info = await stat(path);
    if (info.isDirectory()) {
      const found: InputFileList = { files: [], skipped: [] };
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
