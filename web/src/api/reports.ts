/** Report requests: the shared range, zone and firewall of the URL, plus drill steps. */
import { displayZone, firewallFilter, type Params, rangeParams } from '../app/context.ts';
import { getJson } from './client.ts';
import type { ReportAnswer } from './types.ts';

export interface DrillStep {
  field: string;
  value: string;
}

export function parseDrill(values: readonly string[]): DrillStep[] {
  return values.flatMap((v) => {
    const i = v.indexOf('=');
    return i > 0 ? [{ field: v.slice(0, i), value: v.slice(i + 1) }] : [];
  });
}

export function drillParam(steps: readonly DrillStep[]): string[] {
  return steps.map((s) => `${s.field}=${s.value}`);
}

export function fetchReport(
  name: string,
  url: URL,
  extra: Params = {},
  signal?: AbortSignal,
): Promise<ReportAnswer> {
  return getJson<ReportAnswer>(
    `/api/reports/${encodeURIComponent(name)}`,
    { ...rangeParams(url), tz: displayZone(url), filter: firewallFilter(url), ...extra },
    signal,
  );
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : 0;
}
