/** The report SQL of the store's engine. */
import { duckdbReportSql } from '../store/duckdb/report-sql.ts';
import type { Store } from '../store/store.ts';
import { ReportError } from './errors.ts';
import type { ReportSql } from './types.ts';

export function reportSqlFor(store: Pick<Store, 'engine'>): ReportSql {
  if (store.engine === 'duckdb') return duckdbReportSql;
  throw new ReportError('bad_request', `reports are not implemented for the ${store.engine} store yet`);
}
