/** `nfwlens sessions [--filter Q] [--from T] [--to T] [--sort start|total_bytes] [--limit N]` */
import { type Command, Option } from 'commander';
import {
  SESSION_BRIEF_COLUMN_NAMES,
  SESSION_COLUMN_TABLE,
  SESSION_SORTS,
  type SessionColumnKind,
} from '../../schema/session-columns.ts';
import { viaServer } from '../../server/client.ts';
import {
  listSessionPages,
  listSessions,
  SESSION_COLUMNS,
  type Session,
  type SessionSort,
} from '../../sessions/index.ts';
import { clusterOption, dbOption, dbPath, formatOption, storeOption, withExistingStore } from '../context.ts';
import { positiveInt } from '../number-options.ts';
import {
  formatEndpoint,
  formatRows,
  humanBytes,
  type OutputFormat,
  type TableOptions,
  writeRowPages,
} from '../output.ts';
import { DESCRIPTIONS } from './catalog.ts';

/** The compact table's columns (the column table's `brief` ones), and how each is shown. */
const BRIEF = SESSION_BRIEF_COLUMN_NAMES;
const BRIEF_DEFS = SESSION_COLUMN_TABLE.filter((c) => c.brief !== undefined);
const ENDPOINTS = BRIEF_DEFS.flatMap((c) => (c.endpoint ? [{ ip: c.name, ...c.endpoint }] : []));
const bytes = (v: unknown) => humanBytes(Number(v ?? 0));
const SHOW: Partial<Record<SessionColumnKind, (v: unknown) => string>> = {
  timestamp: (v) =>
    String(v ?? '')
      .replace('T', ' ')
      .slice(0, 19),
  bool: (v) => (v ? 'yes' : 'no'),
};
const TABLE: TableOptions = {
  columns: BRIEF,
  align: Object.fromEntries(BRIEF_DEFS.filter((c) => c.unit === 'bytes').map((c) => [c.name, 'right'])),
  display: Object.fromEntries(
    BRIEF_DEFS.flatMap((c) => {
      const show = c.unit === 'bytes' ? bytes : SHOW[c.kind];
      return show ? [[c.name, show]] : [];
    }),
  ),
};

/** A session as a row of the compact table: each endpoint's address and port as one. */
function briefRow(s: Session): Record<string, unknown> {
  const row: Record<string, unknown> = { ...s };
  for (const e of ENDPOINTS) {
    const r = s as unknown as Record<string, unknown>;
    row[e.name] = formatEndpoint(r[e.ip], r[e.port]);
  }
  return row;
}

export function registerSessions(program: Command): void {
  program
    .command('sessions')
    .description(DESCRIPTIONS.sessions)
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(clusterOption())
    .option('--filter <query>', 'query over session fields (e.g. "server_port:443 and bytes>1000000")')
    .option('--from <time>', 'sessions starting at or after (ISO 8601 or -24h, -7d, now)')
    .option('--to <time>', 'sessions starting before')
    .addOption(new Option('--sort <field>', 'order').choices([...SESSION_SORTS]).default('start'))
    .option('--limit <n>', 'at most N sessions', positiveInt, 100)
    .addOption(formatOption())
    .action(
      async (opts: {
        db?: string;
        store?: string;
        cluster?: string;
        filter?: string;
        from?: string;
        to?: string;
        sort: SessionSort;
        limit: number;
        format: OutputFormat;
      }) => {
        const list = {
          filter: opts.filter,
          from: opts.from,
          to: opts.to,
          sort: opts.sort,
          limit: opts.limit,
        };
        const format = opts.format;
        if (format !== 'table') {
          // Streamed: read from the store a page at a time and written as read, at any --limit.
          const columns = { columns: SESSION_COLUMNS };
          await withExistingStore(opts, async (store) => {
            await writeRowPages(process.stdout, listSessionPages(store, list), format, columns);
          }).catch((err) =>
            viaServer(err, dbPath(opts.db), async (server) => {
              const body = await server.get<{ rows: Session[] }>('/api/sessions', list);
              await writeRowPages(process.stdout, [body.rows as never], format, columns);
            }),
          );
          return;
        }
        const rows = await withExistingStore(opts, (store) => listSessions(store, list)).catch((err) =>
          // While `nfwlens serve` holds the database, ask it instead.
          viaServer(err, dbPath(opts.db), async (server) => {
            const body = await server.get<{ rows: Session[] }>('/api/sessions', {
              filter: opts.filter,
              from: opts.from,
              to: opts.to,
              sort: opts.sort,
              limit: opts.limit,
            });
            return body.rows;
          }),
        );
        process.stdout.write(formatRows(rows.map(briefRow), 'table', TABLE));
      },
    );
}
