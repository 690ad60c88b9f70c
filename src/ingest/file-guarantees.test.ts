import {
  appendFileSync,
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../store/duckdb/index.ts';
import type { Store } from '../store/store.ts';
import { runCli } from './cli-process.testing.ts';
import { type IngestFilesOptions, ingestPaths } from './ingest-files.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-guarantees-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A short netflow record (about 200 bytes) with flow id `i`. */
function rec(i: number): string {
  return `{"firewall_name":"fw","availability_zone":"az","event":{"timestamp":"2024-01-01T00:00:00.000000+0000","event_type":"netflow","flow_id":${i},"src_ip":"10.0.0.1","dest_ip":"10.0.0.2","proto":"TCP"}}`;
}
const recs = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => `${rec(from + k)}\n`).join('');

let dbSeq = 0;
async function withDb<T>(fn: (store: DuckDbStore, path: string) => Promise<T>): Promise<T> {
  const path = join(dir, `db-${++dbSeq}.duckdb`);
  const store = await DuckDbStore.open({ path });
  try {
    return await fn(store, path);
  } finally {
    await store.close();
  }
}

/** Flow ids stored, sorted, one per row (so a duplicate shows twice). */
async function flowIds(store: DuckDbStore): Promise<number[]> {
  return (await store.query('SELECT flow_id FROM events ORDER BY flow_id')).map((r) => Number(r.flow_id));
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

function ingest(store: Store, paths: string[], extra: Partial<IngestFilesOptions> = {}) {
  return ingestPaths(paths, { store, workers: 0, ...extra });
}

function fresh(name: string): string {
  const sub = join(dir, `${name}-${++dbSeq}`);
  mkdirSync(sub, { recursive: true });
  return sub;
}

describe('files that grow', () => {
  it('a file under 4 KiB that grows adds only its new lines', async () => {
    const f = join(fresh('small'), 'c.log');
    writeFileSync(f, recs(0, 3));
    await withDb(async (store) => {
      expect((await ingest(store, [f])).records).toBe(3);
      appendFileSync(f, recs(3, 6));
      expect((await ingest(store, [f])).records).toBe(3);
      appendFileSync(f, recs(6, 7));
      expect((await ingest(store, [f])).records).toBe(1);
      expect(await flowIds(store)).toEqual(range(0, 7));
    });
  });

  it('a small gzip file with a member appended adds only the new member', async () => {
    const f = join(fresh('gz'), 'c.log.gz');
    writeFileSync(f, gzipSync(recs(0, 25)));
    await withDb(async (store) => {
      expect((await ingest(store, [f])).records).toBe(25);
      appendFileSync(f, gzipSync(recs(25, 50)));
      expect((await ingest(store, [f])).records).toBe(25);
      expect((await ingest(store, [f])).unchanged).toBe(1);
      expect(await flowIds(store)).toEqual(range(0, 50));
    });
  });
});

describe('a half-written last line', () => {
  it('is held, not rejected, and read once it ends', async () => {
    const f = join(fresh('held'), 'c.log');
    const third = rec(2);
    writeFileSync(f, `${recs(0, 2)}${third.slice(0, 50)}`);
    await withDb(async (store) => {
      const s1 = await ingest(store, [f]);
      expect([s1.records, s1.rejected, s1.held]).toEqual([2, 0, [f]]);
      // Unchanged and not yet final: still held.
      const s2 = await ingest(store, [f]);
      expect([s2.records, s2.rejected, s2.unchanged, s2.held]).toEqual([0, 0, 1, [f]]);
      appendFileSync(f, `${third.slice(50)}\n${recs(3, 5)}`);
      const s3 = await ingest(store, [f]);
      expect([s3.records, s3.rejected, s3.held]).toEqual([3, 0, []]);
      expect(await flowIds(store)).toEqual(range(0, 5));
      const lines = await store.query('SELECT origin_line FROM events ORDER BY flow_id');
      expect(lines.map((r) => r.origin_line)).toEqual([1, 2, 3, 4, 5]);
    });
  });

  it('of a gzip member cut short is held too, and read once the member is whole', async () => {
    const f = join(fresh('held-gz'), 'c.log.gz');
    const whole = Buffer.concat([gzipSync(recs(0, 10)), gzipSync(recs(10, 20))]);
    writeFileSync(f, whole.subarray(0, whole.length - 12));
    await withDb(async (store) => {
      const s1 = await ingest(store, [f]);
      expect([s1.rejected, s1.held]).toEqual([0, [f]]);
      writeFileSync(f, whole);
      await ingest(store, [f]);
      expect(await flowIds(store)).toEqual(range(0, 20));
      expect((await store.listRejected()).length).toBe(0);
    });
  });

  it.each([
    ['with final', { final: true }, 0],
    ['once unchanged for longer than finalAfterMs', { finalAfterMs: 60_000 }, 61_000],
  ])('is rejected when the file is final (%s), naming file and line', async (_name, opts, age) => {
    const f = join(fresh('final'), 'c.log');
    writeFileSync(f, `${recs(0, 2)}{"firewall_name":"fw","ev`);
    await withDb(async (store) => {
      const s1 = await ingest(store, [f], { finalAfterMs: 60_000 });
      expect([s1.records, s1.rejected]).toEqual([2, 0]);
      const s2 = await ingest(store, [f], { ...opts, now: () => Date.now() + age });
      expect([s2.records, s2.rejected, s2.held]).toEqual([0, 1, []]);
      const [r] = await store.listRejected();
      expect([r!.origin, r!.line, r!.reason, r!.raw]).toEqual([
        f,
        3,
        'invalid_json',
        '{"firewall_name":"fw","ev',
      ]);
      // Final is final: nothing more on the next run.
      const s3 = await ingest(store, [f], { final: true });
      expect([s3.records, s3.rejected, s3.unchanged]).toEqual([0, 0, 1]);
    });
  });

  it('that is whole JSON without its newline is read at once', async () => {
    const f = join(fresh('nonl'), 'c.json');
    writeFileSync(f, `${recs(0, 2)}${rec(2)}`);
    await withDb(async (store) => {
      const s = await ingest(store, [f]);
      expect([s.records, s.rejected, s.held]).toEqual([3, 0, []]);
      appendFileSync(f, `\n${recs(3, 4)}`);
      expect((await ingest(store, [f])).records).toBe(1);
      expect(await flowIds(store)).toEqual(range(0, 4));
    });
  });
});

describe('truncated and replaced files', () => {
  it('a file truncated below the position is read again from the start', async () => {
    const f = join(fresh('trunc'), 'c.log');
    writeFileSync(f, recs(0, 100));
    await withDb(async (store) => {
      await ingest(store, [f]);
      writeFileSync(f, recs(1000, 1030)); // the same inode, shorter than what was read
      const s = await ingest(store, [f]);
      expect(s.reread).toEqual([{ path: f, why: 'truncated' }]);
      expect(s.records).toBe(30);
      expect(await flowIds(store)).toEqual([...range(0, 100), ...range(1000, 1030)]);
    });
  });

  it('a file rewritten in place with the same first 4 KiB is read again from the start', async () => {
    const f = join(fresh('rewrite'), 'c.log');
    const kept = recs(0, 60);
    expect(kept.length).toBeGreaterThan(4096);
    writeFileSync(f, `${kept}${recs(60, 100)}`);
    await withDb(async (store) => {
      expect((await ingest(store, [f])).records).toBe(100);
      writeFileSync(f, `${kept}${recs(2000, 2300)}`); // same inode, longer, other content after line 60
      const s = await ingest(store, [f]);
      expect(s.reread).toEqual([{ path: f, why: 'replaced' }]);
      expect(s.records).toBe(360);
      const ids = await flowIds(store);
      expect(ids.filter((i) => i >= 2000)).toEqual(range(2000, 2300));
    });
  });

  it('a file replaced by another (a new inode at the same path) is read from its start', async () => {
    const sub = fresh('replace');
    const f = join(sub, 'c.log');
    writeFileSync(f, recs(0, 100));
    await withDb(async (store) => {
      await ingest(store, [f]);
      writeFileSync(join(sub, 'next.tmp'), recs(500, 700));
      renameSync(join(sub, 'next.tmp'), f);
      expect((await ingest(store, [f])).records).toBe(200);
      expect(await flowIds(store)).toEqual([...range(0, 100), ...range(500, 700)]);
    });
  });
});

describe('the same file under another path', () => {
  it('a rotated file (c.log -> c.log.1, new c.log) adds only what is new', async () => {
    const sub = fresh('rotate');
    const c = join(sub, 'c.log');
    writeFileSync(c, recs(0, 40));
    await withDb(async (store) => {
      expect((await ingest(store, [sub])).records).toBe(40);
      appendFileSync(c, recs(40, 50)); // written before the rotation, not yet read
      renameSync(c, `${c}.1`);
      writeFileSync(c, recs(50, 60));
      const s = await ingest(store, [sub]);
      expect(s.records).toBe(20);
      expect(s.sameFiles).toEqual([{ path: `${c}.1`, sameAs: c }]);
      expect(await flowIds(store)).toEqual(range(0, 60));
      const again = await ingest(store, [sub]);
      expect([again.records, again.unchanged]).toEqual([0, 2]);
      // New records name the path they were read from.
      const origins = await store.query('SELECT origin, count(*) AS n FROM events GROUP BY 1 ORDER BY 1');
      expect(origins.map((r) => [r.origin, Number(r.n)])).toEqual([
        [c, 50],
        [`${c}.1`, 10],
      ]);
    });
  });

  it('a hard link and a path through a symlinked directory add nothing, in the same run or later', async () => {
    const sub = fresh('links');
    const real = join(sub, 'real');
    mkdirSync(real);
    const f = join(real, 'a.log');
    writeFileSync(f, recs(0, 30));
    const hard = join(sub, 'hard.log');
    linkSync(f, hard);
    const via = join(sub, 'via');
    symlinkSync(real, via);
    await withDb(async (store) => {
      const s1 = await ingest(store, [f, hard, join(via, 'a.log')]);
      expect(s1.records).toBe(30);
      expect(s1.sameFiles).toEqual([
        { path: hard, sameAs: f },
        { path: join(via, 'a.log'), sameAs: f },
      ]);
      const s2 = await ingest(store, [hard]);
      expect([s2.records, s2.unchanged, s2.sameFiles]).toEqual([0, 1, [{ path: hard, sameAs: f }]]);
      // From then on the file is known under the path it was last met at.
      expect((await ingest(store, [hard])).sameFiles).toEqual([]);
      const s3 = await ingest(store, [via]);
      expect([s3.records, s3.unchanged]).toEqual([0, 1]);
      expect(await flowIds(store)).toEqual(range(0, 30));
    });
  });
});

describe('paths that cannot be read', () => {
  it('are reported with the reason, the readable ones stored, and the command exits 1', async () => {
    const sub = fresh('unreadable');
    const good1 = join(sub, 'a.log');
    const good2 = join(sub, 'z.log');
    writeFileSync(good1, recs(0, 10));
    writeFileSync(good2, recs(10, 20));
    const missing = join(sub, 'no-such-file.log');
    const tree = join(sub, 'tree');
    mkdirSync(tree);
    writeFileSync(join(tree, 'b.log'), recs(20, 25));
    symlinkSync(join(sub, 'gone.log'), join(tree, 'dangling.log'));
    const locked = join(tree, 'locked.log');
    writeFileSync(locked, recs(90, 95));
    chmodSync(locked, 0);
    const asRoot = process.getuid?.() === 0;
    // /proc/self/mem fails with EIO when read at its start, whoever reads it.
    const ioError = '/proc/self/mem';
    const db = join(dir, `cli-${++dbSeq}.duckdb`);
    const r = await runCli(
      ['ingest', '--db', db, '--format', 'json', good1, missing, ioError, tree, good2],
      dir,
    );
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.records).toBe(asRoot ? 30 : 25);
    expect(out.unreadable).toBe(asRoot ? 3 : 4);
    expect(r.stderr).toContain(`could not read ${missing}: ENOENT`);
    expect(r.stderr).toContain(`could not read ${ioError}: EIO`);
    expect(r.stderr).toContain(`could not read ${join(tree, 'dangling.log')}: ENOENT`);
    if (!asRoot) expect(r.stderr).toContain(`could not read ${locked}: EACCES`);
    const store = await DuckDbStore.open({ path: db });
    try {
      const ids = await flowIds(store);
      expect(ids).toEqual([...range(0, 25), ...(asRoot ? range(90, 95) : [])]);
    } finally {
      await store.close();
    }
  });

  it('a missing path alone reports, stores nothing, and exits 1', async () => {
    const db = join(dir, `cli-${++dbSeq}.duckdb`);
    const missing = join(dir, 'nothing-here');
    const r = await runCli(['ingest', '--db', db, missing], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`could not read ${missing}: ENOENT`);
  });
});

describe('a file whose modification time is old', () => {
  it('is final: its broken last line is rejected on the first run', async () => {
    const f = join(fresh('old'), 'c.log');
    writeFileSync(f, `${recs(0, 1)}{"broken`);
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(f, old, old);
    await withDb(async (store) => {
      const s = await ingest(store, [f]);
      expect([s.records, s.rejected, s.held]).toEqual([1, 1, []]);
    });
  });
});

describe('a database of an earlier version (positions by path, fingerprint of the first 4 KiB)', () => {
  it('resumes from the position it holds: nothing again, then only what was appended', async () => {
    const { createHash } = await import('node:crypto');
    const f = join(fresh('legacy'), 'c.log');
    const text = recs(0, 50);
    writeFileSync(f, text);
    const size = Buffer.byteLength(text);
    const fingerprint = createHash('sha256')
      .update(Buffer.from(text).subarray(0, 4096))
      .digest('hex')
      .slice(0, 32);
    await withDb(async (store) => {
      // What an earlier version committed after reading the whole file (its 50 records are left out).
      await store.commitBatch({
        events: [],
        rejects: [],
        checkpoints: [
          {
            sourceKey: `file:${f}`,
            kind: 'file',
            origin: f,
            fingerprint,
            offset: size,
            line: 50,
            records: 50,
            rejected: 0,
            bytes: size,
            state: { size, complete: true },
          },
        ],
      });
      expect((await ingest(store, [f])).records).toBe(0);
      appendFileSync(f, recs(50, 55));
      expect((await ingest(store, [f])).records).toBe(5);
      expect(await flowIds(store)).toEqual(range(50, 55));
    });
  });
});

describe('gzip members followed by junk', () => {
  it('stores every record of the valid members and rejects the junk as bad_gzip with its offset', async () => {
    const sub = fresh('junk');
    const big = join(sub, 'big.log.gz');
    const members = [0, 1, 2, 3].map((m) => gzipSync(recs(m * 1000, m * 1000 + 1000)));
    const good = Buffer.concat(members);
    writeFileSync(big, Buffer.concat([good, Buffer.from('garbage after the members')]));
    const small = join(sub, 'small.log.gz');
    const smallGz = gzipSync(recs(9000, 9003));
    writeFileSync(small, Buffer.concat([smallGz, Buffer.from([0xde, 0xad, 0xbe, 0xef])]));
    await withDb(async (store) => {
      const s = await ingest(store, [big, small], { final: true });
      expect([s.records, s.rejected]).toEqual([4003, 2]);
      expect(await flowIds(store)).toEqual([...range(0, 4000), ...range(9000, 9003)]);
      const rejected = await store.listRejected();
      expect(rejected.map((r) => [r.origin, r.line, r.reason])).toEqual([
        [big, 4001, 'bad_gzip'],
        [small, 4, 'bad_gzip'],
      ]);
      expect(rejected[0]!.message).toContain(`compressed byte ${good.length}`);
      expect(rejected[1]!.message).toContain(`compressed byte ${smallGz.length}`);
    });
  });
});

describe('files known by their content', () => {
  it('a file replaced by a longer copy of itself (rsync, cp over it) adds only the new lines', async () => {
    const sub = fresh('rsync');
    const f = join(sub, 'c.log');
    writeFileSync(f, recs(0, 100));
    await withDb(async (store) => {
      expect((await ingest(store, [f])).records).toBe(100);
      // rsync writes a temporary file and renames it over the old one: a new inode, the same prefix.
      const tmp = join(sub, '.c.log.tmp');
      writeFileSync(tmp, recs(0, 150));
      renameSync(tmp, f);
      expect((await ingest(store, [f])).records).toBe(50);
      // The same again with nothing new: nothing added.
      const tmp2 = join(sub, '.c.log.tmp2');
      writeFileSync(tmp2, recs(0, 150));
      renameSync(tmp2, f);
      expect((await ingest(store, [f])).records).toBe(0);
      expect(await flowIds(store)).toEqual(range(0, 150));
    });
  });

  it('a copy under another path is the same file: nothing added, and it is named', async () => {
    const sub = fresh('copy');
    const f = join(sub, 'c.log');
    writeFileSync(f, recs(0, 80));
    await withDb(async (store) => {
      expect((await ingest(store, [f])).records).toBe(80);
      const copy = join(sub, 'backup-c.log');
      writeFileSync(copy, recs(0, 80));
      const s = await ingest(store, [copy]);
      expect(s.records).toBe(0);
      expect(s.sameFiles).toEqual([{ path: copy, sameAs: f }]);
      expect(await flowIds(store)).toEqual(range(0, 80));
    });
  });

  it('a new file with other content at a known path is read whole', async () => {
    const sub = fresh('other');
    const f = join(sub, 'c.log');
    writeFileSync(f, recs(0, 40));
    await withDb(async (store) => {
      expect((await ingest(store, [f])).records).toBe(40);
      const tmp = join(sub, '.c.log.tmp');
      writeFileSync(tmp, recs(1000, 1030));
      renameSync(tmp, f);
      expect((await ingest(store, [f])).records).toBe(30);
      expect(await flowIds(store)).toEqual([...range(0, 40), ...range(1000, 1030)]);
    });
  });
});
