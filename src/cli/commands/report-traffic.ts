/**
 * `nfwlens report traffic --dim DIM [--metric bytes|bps|packets|pps|sessions|records] [--top N]`:
 * traffic over time for one dimension. As a table, each top value and "Other" with its total, share
 * and highest rate; json, ndjson and csv give one row per bucket and series.
 */
import { isoWithOffset, runTraffic, type TrafficOptions, type TrafficResult } from '../../report/index.ts';
import { viaServer } from '../../server/client.ts';
import { dbPath, type StoreFlags, withExistingStore } from '../context.ts';
import { humanBytes, type OutputFormat, renderTable, writeRowPages } from '../output.ts';

export interface TrafficCliOptions extends StoreFlags {
  dim?: string;
  metric?: string;
  filter?: string;
  firewall?: string;
  zone?: string;
  from?: string;
  to?: string;
  tz?: string;
  bucket?: string;
  top?: number;
  format: OutputFormat;
}

const PREFIXES = ['', 'k', 'M', 'G', 'T', 'P'];

/** A rate in decimal units: `12.3 Mbps`, `850 pps`, `3.5 k/s`. */
export function humanRate(n: number | null, measure: TrafficResult['measure']): string {
  if (n === null) return '';
  const suffix = measure === 'bytes' ? 'bps' : measure === 'packets' ? 'pps' : '/s';
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1000 && i < PREFIXES.length - 1) {
    v /= 1000;
    i++;
  }
  const text =
    i === 0 ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v.toFixed(Math.abs(v) < 100 ? 1 : 0);
  return `${text} ${PREFIXES[i]}${suffix}`;
}

const seriesName = (s: TrafficResult['series'][number]) =>
  s.other ? `Other (${s.values_count} values)` : s.value === null ? '(absent)' : String(s.value);

export function renderTraffic(r: TrafficResult): string {
  const local = (iso: string | null) => (iso ? isoWithOffset(Date.parse(iso), r.tz) : '…');
  const total = (v: number) => (r.measure === 'bytes' ? humanBytes(v) : v.toLocaleString('en-US'));
  const shown = r.series.filter((s) => !s.other).length;
  const title =
    `Traffic by ${r.dim} (${r.measure}; rates in ${r.rate_unit})\n` +
    `top ${shown} of ${r.total_values} values · ${r.bucket} buckets · time zone ${r.tz} · ` +
    `${local(r.from)} .. ${local(r.to)}${r.note ? `\nnote: ${r.note}` : ''}\n`;
  const rows = r.series.map((s) => ({
    [r.dim]: seriesName(s),
    total: total(s.total),
    share: s.share === null ? '' : `${(s.share * 100).toFixed(1)}%`,
    max_rate: humanRate(s.max_rate, r.measure),
    filter: s.filter ?? '',
  }));
  return renderTable(rows, {
    title,
    columns: [r.dim, 'total', 'share', 'max_rate', 'filter'],
    align: { total: 'right', share: 'right', max_rate: 'right' },
  });
}

/** One row per bucket and series: the figure and its rate per second. */
export function trafficRows(r: TrafficResult): Record<string, unknown>[] {
  return r.buckets.flatMap((b, i) =>
    r.series.map((s) => ({
      bucket: b.start,
      [r.dim]: s.other ? null : s.value,
      other: s.other,
      [r.measure]: s.values[i] ?? 0,
      rate: s.rates[i] ?? null,
    })),
  );
}

export async function reportTraffic(opts: TrafficCliOptions): Promise<void> {
  if (!opts.dim)
    throw new Error('report traffic needs --dim (dest_ip, src_ip, dest_port, app_proto, firewall_name...)');
  const run: TrafficOptions = { dim: opts.dim };
  for (const k of ['metric', 'filter', 'firewall', 'zone', 'from', 'to', 'tz', 'bucket', 'top'] as const) {
    if (opts[k] !== undefined) Object.assign(run, { [k]: opts[k] });
  }
  const result = await withExistingStore(opts, (store) => runTraffic(store, run)).catch((err) =>
    viaServer(err, dbPath(opts.db), (server) =>
      server.get<TrafficResult>('/api/traffic', {
        dim: opts.dim,
        metric: opts.metric,
        q: opts.filter,
        firewall: opts.firewall,
        zone: opts.zone,
        from: opts.from,
        to: opts.to,
        tz: opts.tz,
        bucket: opts.bucket,
        top: opts.top,
      }),
    ),
  );
  if (opts.format === 'table') process.stdout.write(renderTraffic(result));
  else {
    const rows = trafficRows(result);
    const columns = ['bucket', result.dim, 'other', result.measure, 'rate'];
    await writeRowPages(process.stdout, [rows], opts.format, { columns });
  }
}
