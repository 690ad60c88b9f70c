/**
 * Test support: a local CloudWatch Logs peer speaking the `Logs_20140328` JSON protocol over real
 * HTTP (`POST /`, `x-amz-target: Logs_20140328.FilterLogEvents`), with paging, empty pages and
 * throttling on demand.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

export interface LogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

export interface LogsServer {
  endpoint: string;
  events: LogEvent[];
  /** Events per page. */
  pageSize: number;
  /** Answer every n-th page request with an empty page (0: never). */
  emptyEvery: number;
  /** Throttle this many of the next requests. */
  throttleNext: number;
  requests: { target: string; body: Record<string, unknown> }[];
  client(): CloudWatchLogsClient;
  close(): Promise<void>;
}

function json(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export async function startLogsServer(): Promise<LogsServer> {
  let calls = 0;
  const state: Omit<LogsServer, 'endpoint' | 'client' | 'close'> = {
    events: [],
    pageSize: 100,
    emptyEvery: 0,
    throttleNext: 0,
    requests: [],
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (b: Buffer) => chunks.push(b));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
      state.requests.push({ target, body });
      if (req.method !== 'POST' || target !== 'Logs_20140328.FilterLogEvents') {
        return json(res, 400, { __type: 'UnknownOperationException', message: target });
      }
      if (state.throttleNext > 0) {
        state.throttleNext--;
        return json(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
      }
      if (body.logGroupName !== 'nfw-logs') {
        return json(res, 400, {
          __type: 'com.amazonaws.logs#ResourceNotFoundException',
          message: 'The specified log group does not exist.',
        });
      }
      const start = Number(body.startTime ?? 0);
      const end = body.endTime === undefined ? Number.POSITIVE_INFINITY : Number(body.endTime);
      const prefix = String(body.logStreamNamePrefix ?? '');
      const matching = state.events
        .filter((e) => e.timestamp >= start && e.timestamp <= end && e.logStreamName.startsWith(prefix))
        .sort((a, b) => a.timestamp - b.timestamp || a.ingestionTime - b.ingestionTime);
      const from = body.nextToken ? Number(String(body.nextToken).split('/')[1]) : 0;
      calls++;
      if (state.emptyEvery > 0 && calls % state.emptyEvery === 0 && from < matching.length) {
        return json(res, 200, { events: [], nextToken: `tok/${from}`, searchedLogStreams: [] });
      }
      const size = Math.min(state.pageSize, Number(body.limit ?? 10_000));
      const page = matching.slice(from, from + size);
      const next = from + size < matching.length ? `tok/${from + size}` : undefined;
      return json(res, 200, { events: page, ...(next ? { nextToken: next } : {}), searchedLogStreams: [] });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    endpoint,
    client: () =>
      new CloudWatchLogsClient({
        endpoint,
        region: 'us-east-1',
        maxAttempts: 1,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}
