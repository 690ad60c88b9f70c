/** `nfwlens search [--from T] [--to T] [--limit N] [--cursor C] [--count] [--histogram] QUERY...` */
import type { Command } from 'commander';
import { QueryError } from '../../query/index.ts';
import { countEvents, type Histogram, histogram, type SearchPage, searchEvents } from '../../search/index.ts';
import { listSavedSearches, type SavedSearch, savedSearch, saveSearch } from '../../search/saved.ts';
import { ServerApiError, type ServerClient, viaServer } from '../../server/client.ts';
import { fetchOriginals } from '../../store/original.ts';
import type { Store } from '../../store/store.ts';
import { clusterOption, dbOption, dbPath, formatOption, storeOption, withExistingStore } from '../context.ts';
import { positiveInt } from '../number-options.ts';
import {
  formatEndpoint,
  formatObject,
  formatRows,
  humanBytes,
  type OutputFormat,
  writeLines,
  writeRowPages,
} from '../output.ts';
import { DESCRIPTIONS } from './catalog.ts';

interface SearchFlags {
  db?: string;
  store?: string;
  cluster?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
  format: OutputFormat | 'raw';
  count?: boolean;
  histogram?: boolean;
  bucket?: string;
  saved?: string;
  save?: string;
  listSaved?: boolean;
}

/** What to run: the words given, or a saved search (its range unless --from/--to say otherwise). */
interface Resolved {
  query: string;
  from: string | undefined;
  to: string | undefined;
}

class SavedSearchMissingError extends Error {}

const TABLE_COLUMNS = ['ts', 'type', 'firewall', 'src', 'dest', 'proto', 'app', 'action', 'bytes', 'detail'];

function tableRow(r: Record<string, unknown>): Record<string, unknown> {
  return {
    ts: String(r.ts ?? '')
      .replace('T', ' ')
      .replace(/Z$/, ''),
    type: r.log_type,
    firewall: r.firewall_name,
    src: formatEndpoint(r.src_ip, r.src_port),
    dest: formatEndpoint(r.dest_ip, r.dest_port),
    proto: r.proto,
    app: r.app_proto,
    action: r.alert_action ?? r.revocation_action ?? '',
    bytes:
      r.netflow_bytes === null || r.netflow_bytes === undefined ? '' : humanBytes(Number(r.netflow_bytes)),
    detail: r.alert_signature || r.tls_sni || r.http_hostname || r.tls_error_message || '',
  };
}

/** A query error (local, or from the server's 400 answer) with a caret under the offending text. */
export function describeQueryError(
  query: string,
  message: string,
  pos: { line: number; column: number; length: number },
): string {
  const line = query.split('\n')[pos.line - 1] ?? '';
  const caret = `${' '.repeat(Math.max(0, pos.column - 1))}${'^'.repeat(Math.max(1, pos.length))}`;
  return `${message}\n  ${line}\n  ${caret}\n`;
}

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description(DESCRIPTIONS.search)
    .argument('[query...]', 'the query (empty: everything)')
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(clusterOption())
    .option('--from <time>', 'from (inclusive): ISO 8601 or relative (-24h, -7d, now)')
    .option('--to <time>', 'to (exclusive)')
    .option('--limit <n>', 'rows per page', positiveInt, 100)
    .option('--cursor <c>', 'continue after a previous page (printed as next_cursor)')
    .option('--count', 'print the number of matches')
    .option('--histogram', 'print matches per time bucket')
    .option('--bucket <size>', 'histogram bucket (1m, 15m, 1h, 1d); default chosen from the range')
    .option('--saved <name>', 'run a saved search (its query and range; --from/--to override the range)')
    .option('--save <name>', 'save this query and range under a name (in the database), then run it')
    .option('--list-saved', 'list the saved searches')
    .addOption(formatOption(['raw']))
    .action(async (words: string[], flags: SearchFlags) => {
      const typed = words.join(' ');
      if (flags.saved !== undefined && typed.trim() !== '') {
        process.stderr.write('give a query or --saved NAME, not both\n');
        process.exitCode = 2;
        return;
      }
      let query = typed;
      /** The words given, or the saved search named by --saved (from the store or the running server). */
      const resolve = async (
        get: (name: string) => Promise<{ query: string; from?: string; to?: string } | null>,
      ): Promise<Resolved> => {
        if (flags.saved === undefined) return { query: typed, from: flags.from, to: flags.to };
        const s = await get(flags.saved);
        if (!s) {
          throw new SavedSearchMissingError(
            `no saved search named "${flags.saved}" (nfwlens search --list-saved)`,
          );
        }
        query = s.query;
        return { query: s.query, from: flags.from ?? s.from, to: flags.to ?? s.to };
      };
      const local = (store: Store, range: Resolved): SearchBackend => ({
        count: () => countEvents(store, range),
        histogram: () => histogram(store, { ...range, bucket: flags.bucket }),
        page: () => searchEvents(store, { ...range, limit: flags.limit, cursor: flags.cursor }),
        // In the page's order (newest first), as --format json lists them.
        originals: async (ids) => {
          const byId = new Map((await fetchOriginals(store, ids)).map((o) => [o.id, o.json]));
          return ids.flatMap((id) => {
            const json = byId.get(id);
            return json === undefined ? [] : [json];
          });
        },
      });
      // While `nfwlens serve` holds the database, ask it instead.
      const remote = (server: ServerClient, range: Resolved): SearchBackend => {
        const q = { q: range.query, from: range.from, to: range.to };
        return {
          count: async () => (await server.get<{ count: number }>('/api/search/count', q)).count,
          histogram: () => server.get<Histogram>('/api/search/histogram', { ...q, bucket: flags.bucket }),
          page: () =>
            server.get<SearchPage>('/api/search', { ...q, limit: flags.limit, cursor: flags.cursor }),
          originals: (ids) =>
            Promise.all(
              ids.map(async (id) => (await server.get<{ original: string }>(`/api/events/${id}`)).original),
            ),
        };
      };
      const serverSaved = (server: ServerClient) => async (name: string) => {
        try {
          return await server.get<SavedSearch>(`/api/saved-searches/${encodeURIComponent(name)}`);
        } catch (err) {
          if (err instanceof ServerApiError && err.status === 404) return null;
          throw err;
        }
      };
      const printSaved = async (rows: SavedSearch[]) => {
        const fmt = flags.format === 'raw' ? 'ndjson' : flags.format;
        const out = rows.map((r) => ({ name: r.name, query: r.query, from: r.from ?? '', to: r.to ?? '' }));
        await writeRowPages(process.stdout, [out], fmt);
      };
      try {
        if (flags.listSaved) {
          await withExistingStore(flags, async (store) => printSaved(await listSavedSearches(store))).catch(
            (err) =>
              viaServer(err, dbPath(flags.db), async (server) =>
                printSaved((await server.get<{ rows: SavedSearch[] }>('/api/saved-searches')).rows),
              ),
          );
          return;
        }
        await withExistingStore(flags, async (store) => {
          const range = await resolve((name) => savedSearch(store, name));
          if (flags.save !== undefined) await saveSearch(store, flags.save, range);
          await printSearch(local(store, range), flags);
        }).catch((err) =>
          viaServer(err, dbPath(flags.db), async (server) => {
            const range = await resolve(serverSaved(server));
            if (flags.save !== undefined) {
              await server.put(`/api/saved-searches/${encodeURIComponent(flags.save)}`, range);
            }
            await printSearch(remote(server, range), flags);
          }),
        );
      } catch (err) {
        if (err instanceof SavedSearchMissingError) {
          process.stderr.write(`${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        const pos =
          err instanceof QueryError ? err : err instanceof ServerApiError ? err.body.position : null;
        if (pos) {
          process.stderr.write(describeQueryError(query, (err as Error).message, pos));
          process.exitCode = 2;
          return;
        }
        throw err;
      }
    });
}

interface SearchBackend {
  count(): Promise<number>;
  histogram(): Promise<Histogram>;
  page(): Promise<SearchPage>;
  originals(ids: number[]): Promise<string[]>;
}

async function printSearch(backend: SearchBackend, flags: SearchFlags): Promise<void> {
  const fmt = flags.format === 'raw' ? 'ndjson' : flags.format;
  if (flags.count) {
    const count = await backend.count();
    process.stdout.write(fmt === 'table' ? `${count}\n` : formatObject({ count }, fmt));
    return;
  }
  if (flags.histogram) {
    const h = await backend.histogram();
    await writeRowPages(process.stdout, [h.rows], fmt, { title: `bucket ${h.bucket}` });
    return;
  }
  const page = await backend.page();
  if (flags.format === 'raw') {
    const originals = await backend.originals(page.rows.map((r) => Number(r.id)));
    await writeLines(process.stdout, originals);
  } else if (fmt === 'table') {
    process.stdout.write(formatRows(page.rows.map(tableRow), 'table', { columns: TABLE_COLUMNS }));
  } else {
    await writeRowPages(process.stdout, [page.rows], fmt);
  }
  if (page.next_cursor) process.stderr.write(`next page: --cursor ${page.next_cursor}\n`);
}
