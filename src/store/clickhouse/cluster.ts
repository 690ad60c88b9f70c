/**
 * The ClickHouse store on a cluster (`--cluster NAME`, a cluster of the servers' `remote_servers`).
 *
 * Every table is a `<name>_local` table on each host under a `Distributed` table of the same name,
 * so that every statement the store runs for a single server reads and writes the whole cluster
 * unchanged. Events, sessions and their alerts are sharded by the pair key
 * (`cityHash64(firewall_name, availability_zone, flow_id)`): both halves of a flow and the alerts of
 * its conversation land on one shard, where the sessions refresh pairs them against local tables
 * (one refresher per shard); sharding them any other way pairs halves of different shards wrongly.
 * The bookkeeping tables (checkpoints, commit intents, watermarks, saved objects, the writer lease)
 * have the constant sharding key 0: their rows live on the first shard (the home shard), readable
 * from every host. The writer lock (an atomic CREATE TABLE) is taken on the home shard's first host.
 *
 * The schema is created host by host over each host's HTTP interface (found through the cluster
 * itself: `getServerPort('http_port')` on every replica), each host recording its own migrations.
 * This works with and without ClickHouse Keeper; with Keeper and more than one replica per shard
 * the local tables are `Replicated*MergeTree` under `/clickhouse/tables/{shard}/DB/TABLE` (the
 * `{shard}` and `{replica}` macros of each host).
 */
import { ClickHouseStoreError } from './url.ts';

/** The pair key's sharding expression (null parts hashed as empty, so every row has a shard). */
export const PAIR_KEY_SHARDING =
  "cityHash64(ifNull(firewall_name, ''), ifNull(availability_zone, ''), ifNull(flow_id, 0))";

/** How each table's rows are spread: sharded tables by their key, any other table on the home shard. */
export const SHARDING_KEYS: Readonly<Record<string, string>> = {
  events: PAIR_KEY_SHARDING,
  sessions: PAIR_KEY_SHARDING,
  rejected: 'cityHash64(origin, line)',
};

/** One host of the cluster: its shard and replica (from 1), and its HTTP URL. */
export interface ClusterHost {
  shard: number;
  replica: number;
  url: string;
}

export interface ClusterTopology {
  name: string;
  hosts: ClusterHost[];
  /** Whether a shard has more than one replica (then the local tables are replicated). */
  replicated: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

export function checkClusterName(name: string): void {
  if (!NAME.test(name)) {
    throw new ClickHouseStoreError(
      `invalid cluster name "${name}": letters, digits, _, . and -, as in the servers' remote_servers`,
    );
  }
}

/** A row of `system.clusters` and a row of the replicas' own answer (shard, ports, host name). */
export interface ClusterRow {
  shard_num: number;
  replica_num: number;
  host_name: string;
  port: number;
}
export interface ReplicaAnswer {
  shard: number;
  tcp_port: number;
  http_port: number;
  host: string;
}

/**
 * The hosts of a cluster with their HTTP URLs: each `system.clusters` row matched to the replica
 * that answered with its shard and TCP port (and host name when that is not enough).
 */
export function clusterHosts(
  name: string,
  rows: readonly ClusterRow[],
  answers: readonly ReplicaAnswer[],
  scheme: 'http' | 'https',
): ClusterTopology {
  if (rows.length === 0) {
    throw new ClickHouseStoreError(
      `cluster "${name}" is not in the server's remote_servers (system.clusters has no such cluster)`,
    );
  }
  const hosts: ClusterHost[] = [];
  for (const r of rows) {
    let match = answers.filter((a) => a.shard === r.shard_num && a.tcp_port === r.port);
    if (match.length > 1)
      match = match.filter((a) => a.host === r.host_name || a.host.startsWith(`${r.host_name}.`));
    const answer = match[0];
    if (match.length !== 1 || answer === undefined) {
      throw new ClickHouseStoreError(
        `cannot find the HTTP port of ${r.host_name}:${r.port} (shard ${r.shard_num}, replica ${r.replica_num}) of cluster "${name}"`,
      );
    }
    const host = r.host_name.includes(':') ? `[${r.host_name}]` : r.host_name;
    hosts.push({
      shard: r.shard_num,
      replica: r.replica_num,
      url: `${scheme}://${host}:${answer.http_port}`,
    });
  }
  hosts.sort((a, b) => a.shard - b.shard || a.replica - b.replica);
  const replicated = hosts.some((h) => h.replica > 1);
  return { name, hosts, replicated };
}

/** The first host of each shard (where the per-shard work runs), in shard order. */
export function shardLeaders(topology: ClusterTopology): ClusterHost[] {
  const seen = new Set<number>();
  return topology.hosts.filter((h) => !seen.has(h.shard) && seen.add(h.shard));
}

const CREATE = /^CREATE TABLE IF NOT EXISTS \{db\}\.(\w+)\{cluster\}/;

/** `X(args)` as its replicated form `ReplicatedX('/clickhouse/tables/{shard}/db/table', '{replica}', args)`. */
function replicatedEngine(engine: string, database: string, table: string): string {
  const m = /^(\w+)(?:\((.*)\))?$/s.exec(engine.trim());
  if (!m) throw new Error(`cannot replicate the table engine ${engine}`);
  const args = [`'/clickhouse/tables/{shard}/${database}/${table}'`, `'{replica}'`];
  if (m[2]?.trim()) args.push(m[2]);
  return `Replicated${m[1]}(${args.join(', ')})`;
}

/**
 * A migration statement as the statements one host of the cluster runs: the table as
 * `<name>_local` (replicated when the cluster has replicas) and the `Distributed` table over it.
 * Statements that create no table run as they are.
 */
export function clusterStatements(
  sql: string,
  database: string,
  topology: Pick<ClusterTopology, 'name' | 'replicated'>,
): string[] {
  const m = CREATE.exec(sql);
  const fill = (s: string, table: string) =>
    s
      .replaceAll('{db}', database)
      .replaceAll('{cluster}', '')
      .replaceAll('{local}', '_local')
      .replace(/\{engine:([^}]*)\}/g, (_m, e: string) =>
        topology.replicated ? replicatedEngine(e, database, table) : e,
      );
  if (!m?.[1]) return [fill(sql, '')];
  const table = m[1];
  const local = `${table}_local`;
  const key = SHARDING_KEYS[table] ?? '0';
  return [
    fill(sql.replace(CREATE, `CREATE TABLE IF NOT EXISTS {db}.${local}`), local),
    `CREATE TABLE IF NOT EXISTS ${database}.${table} AS ${database}.${local}
      ENGINE = Distributed('${topology.name}', '${database}', '${local}', ${key})`,
  ];
}
