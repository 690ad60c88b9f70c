/**
 * `nfwlens report NAME [--from T] [--to T] [--tz ZONE] [--filter Q] [--top N] [--drill f=v ...] [--by DIM]`,
 * the generic `nfwlens report --measure M --by DIM`, `nfwlens report --list`, and traffic over time,
 * `nfwlens report traffic --dim DIM [--metric M]` (report-traffic.ts).
 */
import type { Command } from 'commander';
import {
  type DrillSpec,
  isoWithOffset,
  listReports,
  parseDrill,
  type ReportResult,
  type RunReportOptions,
  runReport,
} from '../../report/index.ts';
import { viaServer } from '../../server/client.ts';
import { clusterOption, dbOption, dbPath, formatOption, storeOption, withExistingStore } from '../context.ts';
import { positiveInt } from '../number-options.ts';
import { formatEndpoint, humanBytes, type OutputFormat, renderTable, writeRowPages } from '../output.ts';
import { DESCRIPTIONS } from './catalog.ts';
import { reportTraffic } from './report-traffic.ts';

interface ReportCliOptions {
  db?: string;
  store?: string;
  cluster?: string;
  list?: boolean;
  measure?: string;
  by?: string;
  filter?: string;
  from?: string;
  to?: string;
  tz?: string;
  bucket?: string;
  top?: number;
  drill: string[];
  dim?: string;
  metric?: string;
  firewall?: string;
  zone?: string;
  format: OutputFormat;
}

const BAR_WIDTH = 24;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `value / max` of BAR_WIDTH cells, in eighths. */
export function bar(value: number, max: number): string {
  if (!(max > 0) || !(value > 0)) return '';
  const eighths = Math.max(1, Math.round((value / max) * BAR_WIDTH * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

const LIST_TABLES: Record<string, readonly string[]> = {
  sessions: [
    'start',
    'client',
    'server',
    'proto',
    'app_proto',
    'bytes_to_server',
    'bytes_to_client',
    'total_bytes',
    'alert_action',
    'flow_id',
  ],
  records: [
    'ts',
    'log_type',
    'src',
    'dest',
    'proto',
    'app_proto',
    'alert_action',
    'alert_signature_id',
    'alert_signature',
  ],
};

function header(r: ReportResult): string {
  const parts = [`by ${r.by}`];
  if (r.level === 'aggregate' && !r.columns.includes('bucket')) parts.push(`ranked by ${r.measure}`);
  parts.push(`time zone ${r.tz}`);
  if (r.bucket) parts.push(`bucket ${r.bucket}`);
  const local = (iso: string | null) => (iso ? isoWithOffset(Date.parse(iso), r.tz) : '…');
  const basis =
    r.range_basis === 'recent'
      ? ' (the last days of the data)'
      : r.range_basis === 'all'
        ? ' (all data)'
        : '';
  if (r.from || r.to) parts.push(`${local(r.from)} .. ${local(r.to)}${basis}`);
  const drill =
    r.drill.length > 0 ? `\ndrill: ${r.drill.map((d) => `${d.field}=${d.value}`).join(', ')}` : '';
  const note = r.note ? `\nnote: ${r.note}` : '';
  return `${r.title} (${r.name})\n${parts.join(' · ')}${drill}${note}`;
}

function renderResult(r: ReportResult): string {
  const bytes = (v: unknown) => (v == null ? '' : humanBytes(Number(v)));
  const display: Record<string, (v: unknown) => string> = {};
  const align: Record<string, 'left' | 'right'> = {};
  for (const c of r.column_info ?? []) {
    if (c.unit === 'bytes') {
      display[c.name] = bytes;
      align[c.name] = 'right';
    }
  }
  if (r.level !== 'aggregate') {
    const rows = r.rows.map((s) => ({
      ...s,
      client: formatEndpoint(s.client_ip, s.client_port),
      server: formatEndpoint(s.server_ip, s.server_port),
      src: formatEndpoint(s.src_ip, s.src_port),
      dest: formatEndpoint(s.dest_ip, s.dest_port),
    }));
    const time = (v: unknown) =>
      v == null ? '' : isoWithOffset(Date.parse(String(v)), r.tz).replace('T', ' ');
    return renderTable(rows, {
      title: `${header(r)}\n`,
      columns: LIST_TABLES[r.level] ?? r.columns,
      display: { ...display, start: time, ts: time },
      align,
    });
  }
  const max = Math.max(0, ...r.rows.map((x) => Number(x[r.measure] ?? 0)));
  const rows = r.rows.map((x) => ({ ...x, '': bar(Number(x[r.measure] ?? 0), max) }));
  const next =
    r.next_dims.length > 0 ? `drill further: --drill FIELD=VALUE [--by ${r.next_dims.join('|')}]\n` : '';
  return (
    renderTable(rows, {
      title: `${header(r)}\n`,
      columns: [...r.columns, ''],
      display,
      align: { ...align, '': 'left' },
    }) + next
  );
}

function listText(): string {
  const reports = listReports();
  const width = Math.max(...reports.map((r) => r.name.length));
  const traffic = `${'traffic'.padEnd(width)}  Traffic over time: the top values of --dim and Other per time bucket (--metric bytes|bps|packets|pps|sessions|records)`;
  return `${reports.map((r) => `${r.name.padEnd(width)}  ${r.description}`).join('\n')}\n${traffic}\n`;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .argument('[name]', 'a built-in report (see --list)')
    .description(DESCRIPTIONS.report)
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(clusterOption())
    .option('--list', 'list the built-in reports')
    .option('--measure <m>', 'records | sessions | total_bytes | bytes_to_server | bytes_to_client | packets')
    .option(
      '--by <dim>',
      'group by a field (a,b for several), hour, day or hour-of-day; sessions/records lists them',
    )
    .option('--filter <query>', 'query-language filter over the report’s fields')
    .option('--from <time>', 'from (ISO 8601 or -24h, -7d, now), inclusive')
    .option('--to <time>', 'to, exclusive')
    .option('--tz <zone>', 'IANA time zone of the buckets (default: this machine’s)')
    .option('--bucket <size>', 'a timeline by hour (1h, the same as --by hour) or by day (1d, --by day)')
    .option('--top <n>', 'rows of a ranking (default 10) or a listing (default 100)', positiveInt)
    .option(
      '--drill <field=value>',
      'drill into a cell (repeat for deeper levels)',
      (v, acc: string[]) => [...acc, v],
      [],
    )
    .option('--dim <dim>', 'traffic: the dimension whose top values get a series (dest_ip, app_proto...)')
    .option('--metric <m>', 'traffic: bytes | bps | packets | pps | sessions | records (default bytes)')
    .option('--firewall <name>', 'traffic: only this firewall (firewall_name)')
    .option('--zone <az>', 'traffic: only this availability zone')
    .addOption(formatOption())
    .action(async (name: string | undefined, opts: ReportCliOptions) => {
      if (opts.list) {
        process.stdout.write(listText());
        return;
      }
      if (name === 'traffic') {
        await reportTraffic(opts);
        return;
      }
      const drill: DrillSpec[] = opts.drill.map(parseDrill);
      const run: RunReportOptions = {
        ...(name !== undefined ? { name } : {}),
        ...(opts.measure !== undefined ? { measure: opts.measure } : {}),
        ...(opts.by !== undefined ? { by: opts.by } : {}),
        ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
        ...(opts.from !== undefined ? { from: opts.from } : {}),
        ...(opts.to !== undefined ? { to: opts.to } : {}),
        ...(opts.tz !== undefined ? { tz: opts.tz } : {}),
        ...(opts.bucket !== undefined ? { bucket: opts.bucket } : {}),
        ...(opts.top !== undefined ? { top: opts.top } : {}),
        drill,
      };
      const result = await withExistingStore(opts, (store) => runReport(store, run)).catch((err) =>
        viaServer(err, dbPath(opts.db), (server) =>
          server.get<ReportResult>(`/api/reports/${encodeURIComponent(name ?? 'custom')}`, {
            measure: opts.measure,
            by: opts.by,
            filter: opts.filter,
            from: opts.from,
            to: opts.to,
            tz: opts.tz,
            bucket: opts.bucket,
            top: opts.top,
            drill: opts.drill,
          }),
        ),
      );
      if (opts.format === 'table') process.stdout.write(renderResult(result));
      else {
        await writeRowPages(process.stdout, [result.rows], opts.format, { columns: result.columns });
        // The rows alone on standard output; what range they cover, when it was chosen, beside them.
        if (result.note) {
          process.stderr.write(`report covers ${result.from} .. ${result.to} in ${result.bucket} buckets\n`);
          process.stderr.write(`note: ${result.note}\n`);
        }
      }
    });
}
