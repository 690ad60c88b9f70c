/**
 * One writing process per ClickHouse database. Event, rejection and commit ids are assigned in the
 * writing process (from the largest stored id), so two writers would hand out the same ids. A writer
 * holds a lease row in `writer_lease`, taken at open, renewed while it runs, released at close;
 * readers take none.
 *
 * ClickHouse has no compare-and-set row update, but its DDL is atomic: of several `CREATE TABLE
 * writer_lock` at once exactly one succeeds. So taking a lease is: look for a live lease of another
 * holder (refuse if there is one); create `writer_lock` and write this holder into it (a lock left by
 * a holder whose lease is no longer live is dropped first); then insert the lease row. Claims stamped
 * by the server's clock alone are not enough: a claim whose INSERT is slow becomes visible after a
 * later one was already read as the earliest. A renewal extends the lease only while it has not expired (one
 * `INSERT ... SELECT` on the server's clock); a writer that missed its renewal finds its lease gone
 * at its next commit and stops. A lease whose process died on this host (same host name, no such
 * process) is released at once; one from another host expires after its time to live.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SqlRow } from '../store.ts';
import { ClickHouseStoreError } from './url.ts';

/** Another process holds the database's writer lease, or this one lost it. */
export class WriterLeaseError extends ClickHouseStoreError {
  override name = 'WriterLeaseError';
}

/** The statements a lease runs (the store's `select` and `command`). */
export interface LeaseSql {
  select(sql: string, params?: Record<string, unknown>): Promise<SqlRow[]>;
  command(sql: string, params?: Record<string, unknown>): Promise<void>;
}

export interface WriterLeaseOptions {
  /** How long a lease lives without renewal, in ms (default 30 s); renewed every third of it. */
  ttlMs?: number;
  host?: string;
  pid?: number;
  /** Whether a process of this host is alive (default: `process.kill(pid, 0)`). */
  isAlive?: (pid: number) => boolean;
}

interface LeaseRow {
  holder: string;
  host: string;
  pid: number;
  acquired_at: string;
  expires_at: string;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class WriterLease {
  private version = 1;
  private renewedAt = Date.now();
  private lost: WriterLeaseError | null = null;
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | null = null;
  private released = false;

  private constructor(
    private readonly sql: LeaseSql,
    private readonly database: string,
    readonly holder: string,
    private readonly opts: Required<WriterLeaseOptions>,
  ) {}

  /** Takes the lease of `database`, or throws `WriterLeaseError` naming the process that holds it. */
  static async acquire(
    sql: LeaseSql,
    database: string,
    options: WriterLeaseOptions = {},
  ): Promise<WriterLease> {
    const opts: Required<WriterLeaseOptions> = {
      ttlMs: options.ttlMs ?? DEFAULT_LEASE_TTL_MS,
      host: options.host ?? hostname(),
      pid: options.pid ?? process.pid,
      isAlive: options.isAlive ?? processAlive,
    };
    const lease = new WriterLease(sql, database, randomUUID(), opts);
    const held = await lease.liveOthers();
    if (held[0]) throw lease.heldError(held[0]);
    if (!(await lease.takeLock())) {
      const other = (await lease.liveOthers())[0];
      throw other
        ? lease.heldError(other)
        : new WriterLeaseError(
            `another process is taking the writer lease of ${database} right now; try again`,
          );
    }
    await sql.command(
      `INSERT INTO writer_lease (holder, host, pid, acquired_at, expires_at, released, version)
       SELECT {holder:String}, {host:String}, {pid:UInt32}, now64(6),
              now64(6) + toIntervalMillisecond({ttl:UInt64}), false, 1`,
      { holder: lease.holder, host: opts.host, pid: opts.pid, ttl: opts.ttlMs },
    );
    const winner = (await lease.live())[0];
    if (winner?.holder !== lease.holder) {
      await lease.release();
      throw winner
        ? lease.heldError(winner)
        : new WriterLeaseError(`could not take the writer lease of ${database}`);
    }
    lease.timer = setInterval(
      () => {
        lease.renew().catch(() => undefined); // a failed renewal is retried; `ensure` reports it
      },
      Math.max(10, Math.floor(opts.ttlMs / 3)),
    );
    lease.timer.unref();
    return lease;
  }

  /** Before each write: renews the lease when due (else checks it) and throws if it was lost. */
  async ensure(): Promise<void> {
    if (this.lost) throw this.lost;
    if (this.released) throw new WriterLeaseError(`the writer lease of ${this.database} was released`);
    if (Date.now() - this.renewedAt >= this.opts.ttlMs / 3) await this.renew();
    else await this.verify();
    if (this.lost) throw this.lost;
  }

  /** Extends the lease if it has not expired, then checks that it is still the one that counts. */
  renew(): Promise<void> {
    this.renewing ??= this.renewNow().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async renewNow(): Promise<void> {
    if (this.lost || this.released) return;
    const started = Date.now();
    this.version += 1;
    await this.sql.command(
      `INSERT INTO writer_lease (holder, host, pid, acquired_at, expires_at, released, version)
       SELECT holder, host, pid, acquired_at, now64(6) + toIntervalMillisecond({ttl:UInt64}), false, {version:UInt64}
       FROM writer_lease FINAL
       WHERE holder = {holder:String} AND NOT released AND expires_at > now64(6)`,
      { holder: this.holder, ttl: this.opts.ttlMs, version: this.version },
    );
    if (await this.verify()) this.renewedAt = started;
  }

  /** Whether this lease is still the one that counts (else it is lost from now on). */
  private async verify(): Promise<boolean> {
    const winner = (await this.live())[0];
    if (winner?.holder === this.holder) return true;
    this.lost = new WriterLeaseError(
      `lost the writer lease of ${this.database}` +
        (winner
          ? `: ${describe(winner)} holds it now`
          : ': it expired before it was renewed (the process stalled longer than the lease lives)') +
        '; nothing more is written by this process',
    );
    this.stopTimer();
    return false;
  }

  /** Gives the lease up (at close); the next writer may take it at once. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.stopTimer();
    await this.renewing?.catch(() => undefined);
    await this.markReleased(this.holder);
    if ((await this.lockOwner()) === this.holder)
      await this.sql.command('DROP TABLE IF EXISTS writer_lock SYNC');
  }

  /** The holder written into `writer_lock`; undefined without the table, null when it holds none yet. */
  private async lockOwner(): Promise<string | null | undefined> {
    try {
      const rows = await this.sql.select('SELECT holder FROM writer_lock ORDER BY holder LIMIT 1');
      return rows[0] ? String(rows[0].holder) : null;
    } catch (err) {
      if (/UNKNOWN_TABLE|doesn't exist|does not exist/i.test(String(err))) return undefined;
      throw err;
    }
  }

  /** Creates `writer_lock` for this holder; false when another contender has it. */
  private async takeLock(): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.sql.command('CREATE TABLE writer_lock (holder String) ENGINE = MergeTree ORDER BY holder');
        await this.sql.command('INSERT INTO writer_lock (holder) VALUES ({holder:String})', {
          holder: this.holder,
        });
        return true;
      } catch (err) {
        if (!/TABLE_ALREADY_EXISTS|already exists/i.test(String(err))) throw err;
      }
      const owner = await this.lockOwner();
      if (owner === undefined) continue; // dropped meanwhile: try again
      if (owner === null) {
        // Created, its holder not written yet: another contender is mid-way, unless the lock is old.
        const age = await this.sql.select(
          `SELECT dateDiff('millisecond', metadata_modification_time, now()) AS ms FROM system.tables
           WHERE database = currentDatabase() AND name = 'writer_lock'`,
        );
        if (Number(age[0]?.ms ?? 0) < this.opts.ttlMs) return false;
      } else if ((await this.live()).some((r) => r.holder === owner)) return false;
      // Left by a holder whose lease is no longer live (released, expired, its process gone).
      await this.sql.command('DROP TABLE IF EXISTS writer_lock SYNC');
    }
    return false;
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async markReleased(holder: string): Promise<void> {
    await this.sql.command(
      `INSERT INTO writer_lease (holder, host, pid, acquired_at, expires_at, released, version)
       SELECT holder, host, pid, acquired_at, expires_at, true, version + 1000000000
       FROM writer_lease FINAL WHERE holder = {holder:String} AND NOT released`,
      { holder },
    );
  }

  /** Unexpired, unreleased leases, earliest claim first; those of dead processes of this host released. */
  private async live(): Promise<LeaseRow[]> {
    const rows = (await this.sql.select(
      `SELECT holder, host, pid, acquired_at, expires_at FROM writer_lease FINAL
       WHERE NOT released AND expires_at > now64(6) ORDER BY acquired_at, holder`,
    )) as unknown as LeaseRow[];
    const out: LeaseRow[] = [];
    for (const r of rows) {
      const dead = r.holder !== this.holder && r.host === this.opts.host && !this.opts.isAlive(Number(r.pid));
      if (dead) await this.markReleased(r.holder);
      else out.push(r);
    }
    return out;
  }

  private async liveOthers(): Promise<LeaseRow[]> {
    return (await this.live()).filter((r) => r.holder !== this.holder);
  }

  private heldError(r: LeaseRow): WriterLeaseError {
    return new WriterLeaseError(
      `the ClickHouse database ${this.database} already has a writer: ${describe(r)}. ` +
        'One process writes a database at a time (ingest, collect, or serve with collectors); ' +
        'stop that one, or wait for it to finish (reads need no lease)',
    );
  }
}

function describe(r: LeaseRow): string {
  return `process ${r.pid} on ${r.host}, since ${r.acquired_at} UTC (its lease runs to ${r.expires_at} UTC unless renewed)`;
}
