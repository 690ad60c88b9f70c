/** `nfwlens sessions [--filter Q] [--from T] [--to T] [--sort start|total_bytes] [--limit N]` */
import { type Command, Option } from 'commander';
import { viaServer } from '../../server/client.ts';
import {
  listSessionPages,
  listSessions,
  SESSION_COLUMNS,
  type Session,
  type SessionSort,
} from '../../sessions/index.ts';
import { dbOption, dbPath, formatOption, withExistingStore } from '../context.ts';
import { positiveInt } from '../number-options.ts';
import { formatEndpoint, formatRows, humanBytes, type OutputFormat, writeRowPages } from '../output.ts';
import { DESCRIPTIONS } from './catalog.ts';

const TABLE_COLUMNS = [
  'start',
  'firewall_name',
  'client',
  'server',
  'proto',
  'app_proto',
  'bytes_to_server',
  'bytes_to_client',
  'total_bytes',
  'paired',
  'alert_action',
  'flow_id',
];

export function registerSessions(program: Command): void {
  program
    .command('sessions')
    .description(DESCRIPTIONS.sessions)
    .addOption(dbOption())
    .option('--filter <query>', 'query over session fields (e.g. "server_port:443 and bytes>1000000")')
    .option('--from <time>', 'sessions starting at or after (ISO 8601 or -24h, -7d, now)')
    .option('--to <time>', 'sessions starting before')
    .addOption(new Option('--sort <field>', 'order').choices(['start', 'total_bytes']).default('start'))
    .option('--limit <n>', 'at most N sessions', positiveInt, 100)
    .addOption(formatOption())
    .action(
      async (opts: {
        db?: string;
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
          await withExistingStore(opts.db, async (store) => {
            await writeRowPages(process.stdout, listSessionPages(store, list), format, columns);
          }).catch((err) =>
            viaServer(err, dbPath(opts.db), async (server) => {
              const body = await server.get<{ rows: Session[] }>('/api/sessions', list);
              await writeRowPages(process.stdout, [body.rows as never], format, columns);
            }),
          );
          return;
        }
        const rows = await withExistingStore(opts.db, (store) => listSessions(store, list)).catch((err) =>
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
        const bytes = (v: unknown) => humanBytes(Number(v ?? 0));
        const table = rows.map((s) => ({
          ...s,
          client: formatEndpoint(s.client_ip, s.client_port),
          server: formatEndpoint(s.server_ip, s.server_port),
        }));
        process.stdout.write(
          formatRows(table, 'table', {
            columns: TABLE_COLUMNS,
            align: { bytes_to_server: 'right', bytes_to_client: 'right', total_bytes: 'right' },
            display: {
              start: (v) =>
                String(v ?? '')
                  .replace('T', ' ')
                  .slice(0, 19),
              bytes_to_server: bytes,
              bytes_to_client: bytes,
              total_bytes: bytes,
              paired: (v) => (v ? 'yes' : 'no'),
            },
          }),
        );
      },
    );
}
