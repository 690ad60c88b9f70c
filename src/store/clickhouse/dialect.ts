/** ClickHouse's query dialect: named typed parameters `{pN:Type}`; the constructs are still to do. */
import type { Dialect, ParamType } from '../../query/index.ts';

function notImplemented(): never {
  throw new Error('the ClickHouse query dialect is not implemented yet');
}

const CH_TYPE: Record<ParamType, string> = {
  string: 'String',
  int: 'Int32',
  bigint: 'Int64',
  ubigint: 'UInt64',
  uhugeint: 'UInt128',
  bool: 'Bool',
  timestamp: 'DateTime64(6)',
};

/** ClickHouse: named typed parameters `{pN:Type}` (bind params[N-1] as pN); constructs are still to do. */
export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  placeholder: (n, type) => `{p${n}:${CH_TYPE[type]}}`,
  bind: notImplemented,
  trueSql: 'true',
  equalsIgnoreCase: notImplemented,
  likeIgnoreCase: notImplemented,
  containsIgnoreCase: notImplemented,
  containsAnyIgnoreCase: notImplemented,
  regexMatch: notImplemented,
  listAny: notImplemented,
  isPresent: notImplemented,
  toText: notImplemented,
  not: notImplemented,
  concatText: notImplemented,
};
