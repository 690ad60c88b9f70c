/** Which store a command uses: flags, then NFWLENS_STORE, then the config file, then NFWLENS_DB. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreChoiceError, storeArgs, storeTarget } from './context.ts';

const CH = 'clickhouse://u:secret@ch.example:8123/logs';
const saved = {
  db: process.env.NFWLENS_DB,
  store: process.env.NFWLENS_STORE,
  cluster: process.env.NFWLENS_CLUSTER,
};

beforeEach(() => {
  delete process.env.NFWLENS_DB;
  delete process.env.NFWLENS_STORE;
  delete process.env.NFWLENS_CLUSTER;
});
afterEach(() => {
  for (const [k, v] of [
    ['NFWLENS_DB', saved.db],
    ['NFWLENS_STORE', saved.store],
    ['NFWLENS_CLUSTER', saved.cluster],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('storeTarget', () => {
  it.each([
    ['nothing: the default DuckDB file', {}, {}, {}, { engine: 'duckdb', path: './nfwlens.duckdb' }],
    ['NFWLENS_DB', { NFWLENS_DB: 'e.duckdb' }, {}, {}, { engine: 'duckdb', path: 'e.duckdb' }],
    [
      'config db over NFWLENS_DB',
      { NFWLENS_DB: 'e.duckdb' },
      {},
      { db: 'c.duckdb' },
      { engine: 'duckdb', path: 'c.duckdb' },
    ],
    ['config store', {}, {}, { store: CH }, { engine: 'clickhouse', url: CH }],
    [
      'NFWLENS_STORE over NFWLENS_DB',
      { NFWLENS_DB: 'e.duckdb', NFWLENS_STORE: CH },
      {},
      {},
      { engine: 'clickhouse', url: CH },
    ],
    [
      'NFWLENS_STORE over config db',
      { NFWLENS_STORE: CH },
      {},
      { db: 'c.duckdb' },
      { engine: 'clickhouse', url: CH },
    ],
    [
      '--db over NFWLENS_STORE',
      { NFWLENS_STORE: CH },
      { db: 'f.duckdb' },
      {},
      { engine: 'duckdb', path: 'f.duckdb' },
    ],
    ['--store over config db', {}, { store: CH }, { db: 'c.duckdb' }, { engine: 'clickhouse', url: CH }],
    [
      '--store with --cluster',
      {},
      { store: CH, cluster: 'c1' },
      {},
      { engine: 'clickhouse', url: CH, cluster: 'c1' },
    ],
    [
      'NFWLENS_CLUSTER with --store',
      { NFWLENS_CLUSTER: 'c2' },
      { store: CH },
      {},
      { engine: 'clickhouse', url: CH, cluster: 'c2' },
    ],
    [
      '--cluster over NFWLENS_CLUSTER over the config',
      { NFWLENS_CLUSTER: 'c2' },
      { cluster: 'c1' },
      { store: CH, cluster: 'c3' },
      { engine: 'clickhouse', url: CH, cluster: 'c1' },
    ],
    [
      'the config cluster with the config store',
      {},
      {},
      { store: CH, cluster: 'c3' },
      { engine: 'clickhouse', url: CH, cluster: 'c3' },
    ],
    [
      'NFWLENS_CLUSTER left aside by a DuckDB --db',
      { NFWLENS_CLUSTER: 'c2' },
      { db: 'f.duckdb' },
      {},
      { engine: 'duckdb', path: 'f.duckdb' },
    ],
  ])('%s', (_name, env, flags, config, expected) => {
    Object.assign(process.env, env);
    expect(storeTarget(flags, config)).toEqual({ cluster: undefined, ...expected });
  });

  it.each([
    ['--db and --store', {}, { db: 'a.duckdb', store: CH }, {}, '--db (a DuckDB file) and --store'],
    ['a bad --store', {}, { store: 'http://h/x' }, {}, '--store: invalid store URL'],
    [
      'a bad NFWLENS_STORE',
      { NFWLENS_STORE: 'clickhouse://h/a-b' },
      {},
      {},
      'NFWLENS_STORE: invalid database name',
    ],
    ['--cluster on DuckDB', {}, { cluster: 'c1' }, {}, '--cluster applies to a ClickHouse store'],
  ])('refuses %s, naming it', (_name, env, flags, config, message) => {
    Object.assign(process.env, env);
    expect(() => storeTarget(flags, config)).toThrow(StoreChoiceError);
    expect(() => storeTarget(flags, config)).toThrow(message);
  });
});

describe('storeArgs', () => {
  it('repeats the flags that chose the store, the password hidden', () => {
    expect(storeArgs(storeTarget({ store: CH, cluster: 'c1' }), { store: CH, cluster: 'c1' })).toEqual([
      '--store',
      'clickhouse://u:***@ch.example:8123/logs',
      '--cluster',
      'c1',
    ]);
    expect(storeArgs(storeTarget({ db: 'x.duckdb' }), { db: 'x.duckdb' })).toEqual(['--db', 'x.duckdb']);
    expect(storeArgs(storeTarget({}), {})).toEqual([]);
  });
});
