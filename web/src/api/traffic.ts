/** Traffic over time (`GET /api/traffic`): the URL's range, zone and firewall, plus the view's choices. */
import type { TrafficResult } from '../../../src/report/traffic.ts';
import { displayZone, type Params, rangeParams } from '../app/context.ts';
import { getJson } from './client.ts';

export type { TrafficResult };
export type TrafficSeries = TrafficResult['series'][number];

/** The view's own parameters in the URL, with their defaults. */
export interface TrafficChoice {
  dim: string;
  metric: string;
  top: number;
  q: string;
  bucket: string;
}

export const TRAFFIC_DEFAULTS: TrafficChoice = {
  dim: 'dest_ip',
  metric: 'bytes',
  top: 10,
  q: '',
  bucket: 'auto',
};

export function trafficChoice(url: URL): TrafficChoice {
  const sp = url.searchParams;
  const top = Number(sp.get('top'));
  return {
    dim: sp.get('dim') || TRAFFIC_DEFAULTS.dim,
    metric: sp.get('metric') || TRAFFIC_DEFAULTS.metric,
    top: Number.isInteger(top) && top > 0 ? top : TRAFFIC_DEFAULTS.top,
    q: sp.get('q') ?? '',
    bucket: sp.get('bucket') || TRAFFIC_DEFAULTS.bucket,
  };
}

export function fetchTraffic(url: URL, c: TrafficChoice, signal?: AbortSignal): Promise<TrafficResult> {
  const params: Params = {
    ...rangeParams(url),
    tz: displayZone(url),
    firewall: url.searchParams.get('fw') ?? undefined,
    dim: c.dim,
    metric: c.metric,
    top: c.top,
    q: c.q,
    bucket: c.bucket === 'auto' ? undefined : c.bucket,
  };
  return getJson<TrafficResult>('/api/traffic', params, signal);
}
