/**
 * `GET /api/export/records`, `/api/export/sessions` and `/api/export/report`: every row of a search,
 * a session listing or a report level as a CSV or NDJSON download, with the parameters of the
 * listing it exports. Records and sessions are read page by page (keyset) and written as they come,
 * waiting whenever the connection is full, so an export of any size holds one page in memory. A
 * report level holds at most the report engine's limit of rows; one with more is refused with a 413
 * naming the limit before anything is written (a CSV has no room to say it was cut).
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { RowWriter } from '../../cli/output.ts';
import { parseTimeMicros } from '../../query/index.ts';
import { MAX_TOP, runReport, validateTimeZone } from '../../report/index.ts';
import { SESSION_LISTED_COLUMN_NAMES } from '../../schema/session-columns.ts';
import { searchEventPages } from '../../search/index.ts';
import { listSessionPages, SESSION_SORTS } from '../../sessions/index.ts';
import { API_EVENT_COLUMNS } from '../../store/event-reads.ts';
import type { Store } from '../../store/store.ts';
import type { RouteContext } from '../context.ts';
import { exportFileName } from '../export-name.ts';
import { badRequest, HttpError } from '../http-error.ts';
import { oneOf, param, type QueryString, timeParam } from '../params.ts';
import { clientGoneSignal, withReadOptions } from '../request-store.ts';
import { reportOptions } from './reports.ts';

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The columns of a records export: the event id, then every event column the API returns. */
export const RECORD_EXPORT_COLUMNS: readonly string[] = ['id', ...API_EVENT_COLUMNS];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** A query-language string literal. */
function quoted(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** The filter text with the `firewall` parameter's condition added (both parenthesised when both given). */
function withFirewall(filter: string, q: QueryString): string {
  const fw = param(q, 'firewall');
  if (fw === undefined) return filter;
  const cond = `firewall_name:${quoted(fw)}`;
  return filter.trim() === '' ? cond : `(${filter}) and ${cond}`;
}

/** The `tz` parameter, checked (default UTC): the zone of the file name's times. */
function zoneParam(q: QueryString): string {
  const tz = param(q, 'tz');
  return tz === undefined ? 'UTC' : validateTimeZone(tz);
}

function columnsParam(q: QueryString, allowed: readonly string[]): string[] {
  const text = param(q, 'columns');
  if (text === undefined) return [...allowed];
  const names = text.split(',').map((c) => c.trim());
  for (const name of names) {
    if (!allowed.includes(name)) {
      throw badRequest(`columns: unknown column "${name}"`, {
        code: 'param.invalid',
        params: { param: 'columns', value: name },
      });
    }
  }
  return names;
}

/** The store as an export reads it: cancelled when the client goes away; the time limit is per page. */
function exportStore(store: Store, reply: FastifyReply): Store {
  return withReadOptions(store, { signal: clientGoneSignal(reply) });
}

interface Download {
  format: ExportFormat;
  fileName: string;
  columns: readonly string[];
  /** The pages; the first is read before the answer starts, so a bad query is still a 400. */
  pages: AsyncIterator<readonly object[]>;
}

/**
 * Starts the download: reads the first page (errors become the usual JSON answer), then streams the
 * rest through a RowWriter, which waits for `drain` whenever the connection cannot take more.
 */
async function sendDownload(reply: FastifyReply, d: Download, logError: (err: unknown) => void) {
  const first = await d.pages.next();
  const out = new PassThrough();
  const writer = new RowWriter(out, d.format, { columns: d.columns });
  // NDJSON objects hold the chosen columns, in order, as the CSV does.
  const pick = (rows: readonly object[]) =>
    rows.map((r) => Object.fromEntries(d.columns.map((c) => [c, (r as Record<string, unknown>)[c] ?? null])));
  const pump = async () => {
    if (!first.done) await writer.write(pick(first.value));
    for (let page = first; !page.done; ) {
      page = await d.pages.next();
      if (!page.done) await writer.write(pick(page.value));
    }
    await writer.end();
    out.end();
  };
  pump().catch((err: unknown) => {
    // The status line is gone: the only way left to say "incomplete" is to cut the connection.
    if (!reply.raw.destroyed) logError(err);
    out.destroy(err instanceof Error ? err : new Error(String(err)));
    void d.pages.return?.(undefined);
  });
  return reply
    .header('Content-Type', CONTENT_TYPES[d.format])
    .header('Content-Disposition', `attachment; filename="${d.fileName}"`)
    .send(out);
}

function micros(text: string | undefined, now: Date): number | null {
  return text === undefined ? null : parseTimeMicros(text, now);
}

export function registerExportRoutes(
  app: FastifyInstance,
  ctx: RouteContext,
  logError: (what: string, err: unknown) => void,
): void {
  const log = (what: string) => (err: unknown) => logError(what, err);

  app.get('/api/export/records', async (request, reply) => {
    const q = request.query as QueryString;
    const now = ctx.now();
    const format = oneOf(q, 'format', EXPORT_FORMATS, 'csv');
    const from = timeParam(q, 'from', now);
    const to = timeParam(q, 'to', now);
    const tz = zoneParam(q);
    const columns = columnsParam(q, RECORD_EXPORT_COLUMNS);
    const query = param(q, 'q') ?? '';
    const range = {
      query: withFirewall(query, q),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      now,
    };
    const pages = searchEventPages(exportStore(ctx.store, reply), range, ctx.exportPageSize);
    const fileName = exportFileName({
      table: 'records',
      query,
      fromUs: micros(from, now),
      toUs: micros(to, now) ?? now.getTime() * 1000,
      tz,
      format,
    });
    return sendDownload(reply, { format, fileName, columns, pages }, log('GET /api/export/records'));
  });

  app.get('/api/export/sessions', async (request, reply) => {
    const q = request.query as QueryString;
    const now = ctx.now();
    const format = oneOf(q, 'format', EXPORT_FORMATS, 'csv');
    const from = timeParam(q, 'from', now);
    const to = timeParam(q, 'to', now);
    const tz = zoneParam(q);
    const columns = columnsParam(q, SESSION_LISTED_COLUMN_NAMES);
    const filter = param(q, 'filter') ?? param(q, 'q') ?? '';
    const full = withFirewall(filter, q);
    const pages = listSessionPages(
      exportStore(ctx.store, reply),
      {
        ...(full ? { filter: full } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        sort: oneOf(q, 'sort', SESSION_SORTS, 'start'),
        limit: Number.MAX_SAFE_INTEGER,
        now,
      },
      ctx.exportPageSize,
    );
    const fileName = exportFileName({
      table: 'sessions',
      query: filter,
      fromUs: micros(from, now),
      toUs: micros(to, now) ?? now.getTime() * 1000,
      tz,
      format,
    });
    return sendDownload(reply, { format, fileName, columns, pages }, log('GET /api/export/sessions'));
  });

  app.get('/api/export/report', async (request, reply) => {
    const q = request.query as QueryString;
    const now = ctx.now();
    const format = oneOf(q, 'format', EXPORT_FORMATS, 'csv');
    const name = param(q, 'report');
    if (name === undefined) {
      throw badRequest('report is required: the name of a report (GET /api/reports lists them)', {
        code: 'param.required',
        params: { param: 'report' },
      });
    }
    const opts = reportOptions(name, q, now);
    if (param(q, 'top') !== undefined) {
      throw badRequest(`top: an export holds every row of the level (at most ${MAX_TOP}); leave top out`, {
        code: 'param.invalid',
        params: { param: 'top', value: param(q, 'top') ?? '' },
      });
    }
    const filter = opts.filter ?? '';
    const full = withFirewall(filter, q);
    if (full) opts.filter = full;
    opts.top = MAX_TOP;
    const tz = opts.tz ?? zoneParam(q);
    const r = await runReport(exportStore(ctx.store, reply), { ...opts, tz });
    if (r.total_rows !== null && r.total_rows > r.rows.length) {
      throw new HttpError(
        413,
        'too_large',
        `this level holds ${r.total_rows} rows, more than an export of a report level may (${MAX_TOP}): ` +
          'narrow the range or the filter, drill further, or export the sessions or records behind it',
        { code: 'export.too_many_rows', params: { limit: MAX_TOP, total: r.total_rows } },
      );
    }
    const steps = r.drill.map((d) => `${d.field}=${d.value}`);
    const fileName = exportFileName({
      table: `report-${r.name}-${r.by}`,
      query: [filter, ...steps].filter((s) => s !== '').join(' '),
      fromUs: r.from === null ? null : Date.parse(r.from) * 1000,
      toUs: r.to === null ? null : Date.parse(r.to) * 1000,
      tz: r.tz,
      format,
    });
    const pages = (async function* () {
      yield r.rows;
    })();
    return sendDownload(
      reply,
      { format, fileName, columns: r.columns, pages },
      log('GET /api/export/report'),
    );
  });
}
