/**
 * An experiment kept for measurement (bench/sql-normalize.ts), not used by the ingest: the
 * normaliser's common case in SQL. DuckDB parses raw record lines itself and fills the event columns,
 * the residual and `log_type` exactly as `normalizeLine` would, for the records it can prove it
 * handles. Each row gets a `fast` flag; a row without it goes back to the JS normaliser (and to its
 * rejections).
 *
 * The proof is a length count, not a key walk. Every known leaf is read as text: VARCHAR, or the JSON
 * token for `event_timestamp`, whose string and number forms both occur. For each leaf, SQL takes the
 * shortest text the original could have had for that value: `"v"` for a string leaf, the digits for
 * a number, `true`/`false`. A string leaf whose text could be the VARCHAR of a number, boolean, object
 * or array is not taken, so the true text is never shorter than the one counted. The record is taken
 * only when these lengths, with the known keys and the punctuation of a minified record, add up to
 * exactly the line's length. An unknown key, whitespace, an escape, a JSON null, an empty or
 * non-object node, a string where a number belongs, or a number in another spelling all make the
 * line longer, and the record goes to JS.
 *
 * Input: a raw file of lines `k \x01 n \x01 l \x01 <record text>` (chunk tag, index in the chunk,
 * source line), as bench/sql-normalize.ts writes it for records on one line.
 */
import { Conv, SOURCE_COLUMNS } from '../src/normalize/column-plan.ts';
import { EVENT_COLUMNS } from '../src/schema/columns.ts';

/** Separates the fields of a raw line; a record containing it (invalid JSON anyway) is not written raw. */
export const RAW_SEP = '\x01';

/** A leaf the SQL path reads: a source column, or a field only derived columns use (kept in the residual). */
interface Leaf {
  path: readonly string[];
  /** Source column name, or null for residual-only fields. */
  column: string | null;
  conv: Conv | 'residual' | 'categories' | 'unsupported';
  alias: string;
}

const RESIDUAL_ONLY: readonly { path: string; conv: Leaf['conv'] }[] = [
  { path: 'aws_category', conv: 'categories' },
  { path: 'event.aws_category', conv: 'categories' },
  { path: 'event.sni', conv: 'residual' },
  { path: 'event.tls.sni', conv: 'residual' },
  { path: 'event.http.hostname', conv: 'residual' },
  { path: 'event.http.request_headers', conv: 'unsupported' },
];

const LEAVES: readonly Leaf[] = [
  ...SOURCE_COLUMNS.map((c, i) => ({ path: c.path, column: c.name, conv: c.conv, alias: `t${i}` })),
  ...RESIDUAL_ONLY.map((r, i) => ({
    path: r.path.split('.'),
    column: null,
    conv: r.conv,
    alias: `x${i}`,
  })),
];

type Tree = { [key: string]: Tree | Leaf };

function leafTree(): Tree {
  const root: Tree = {};
  for (const leaf of LEAVES) {
    let node = root;
    for (const seg of leaf.path.slice(0, -1)) {
      node[seg] ??= {};
      node = node[seg] as Tree;
    }
    node[leaf.path[leaf.path.length - 1]!] = leaf;
  }
  return root;
}

const TREE = leafTree();
const isLeaf = (v: Tree | Leaf): v is Leaf => 'alias' in v;

const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;
const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;
/** A JSON key as written in a minified record, as an SQL string literal. */
const keyLit = (k: string): string => lit(`${JSON.stringify(k)}:`);

/** Leaves read as their JSON token (string and number forms both occur); the rest as VARCHAR. */
const isToken = (leaf: Leaf): boolean => leaf.conv === Conv.EpochString;

/** Leaves whose JSON value must be a string (counted with its two quotes). */
const isStringy = (leaf: Leaf): boolean =>
  leaf.conv === Conv.String ||
  leaf.conv === Conv.Upper ||
  leaf.conv === Conv.Ip ||
  leaf.conv === Conv.EveTs ||
  leaf.conv === 'residual' ||
  leaf.conv === 'categories';

function structure(t: Tree): string {
  return `{${Object.entries(t)
    .map(
      ([k, v]) => `${JSON.stringify(k)}:${isLeaf(v) ? (isToken(v) ? '"JSON"' : '"VARCHAR"') : structure(v)}`,
    )
    .join(',')}}`;
}

const NUMBER_RE = lit('-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?');

/** Whether VARCHAR text `v` can only have come from a JSON string (not a number, boolean, object or array). */
const onlyFromString = (v: string): string =>
  // Comparisons, not IN: DuckDB plans a long IN list as a join.
  `CASE WHEN ${v} = 'true' OR ${v} = 'false' OR ${v} = 'NaN' OR ${v} = 'Infinity' OR ${v} = '-Infinity' THEN false ` +
  `WHEN ascii(${v}) IN (91, 123) THEN false ` +
  `WHEN ascii(${v}) = 45 OR ascii(${v}) BETWEEN 48 AND 57 THEN NOT regexp_full_match(${v}, ${NUMBER_RE}) ELSE true END`;

const MAX_SAFE = '9007199254740991';
const V4 = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const V4_RE = lit(`${V4}\\.${V4}\\.${V4}\\.${V4}`);
const TS_FORMAT = lit('%Y-%m-%dT%H:%M:%S.%f');

/** Per-leaf expressions over its text `t` (VARCHAR, or the JSON token; NULL when absent). */
interface LeafSql {
  /** The column value (for a source column). */
  value?: string;
  /** SQL handles this token exactly as JS does (true when absent). */
  ok: string;
  /** The leaf's JSON value for the residual when the column does not render back to it, else NULL. */
  residual: string;
}

/** `check` evaluated only where the token is present (CASE runs its branches on the selected rows). */
const whenPresent = (t: string, check: string): string =>
  `CASE WHEN ${t} IS NULL THEN true ELSE coalesce(${check}, false) END`;

function leafSql(leaf: Leaf): LeafSql {
  const t = leaf.alias;
  const quoted = `'"' || ${t} || '"'`;
  switch (leaf.conv) {
    case Conv.String:
      return { value: t, ok: whenPresent(t, onlyFromString(t)), residual: 'NULL' };
    case Conv.Upper:
      return {
        value: `upper(${t})`,
        ok: whenPresent(
          t,
          `${onlyFromString(t)} AND CASE WHEN upper(${t}) = ${t} THEN true ELSE NOT regexp_matches(${t}, '[^\\x20-\\x7e]') END`,
        ),
        residual: `CASE WHEN upper(${t}) <> ${t} THEN ${quoted} END`,
      };
    case Conv.Ip:
      return { value: t, ok: whenPresent(t, `regexp_full_match(${t}, ${V4_RE})`), residual: 'NULL' };
    case Conv.EveTs: {
      const p = `${t}_p`;
      return {
        value: `make_timestamptz(epoch_us(${p}))`,
        ok: whenPresent(
          t,
          `strftime(${p}, ${TS_FORMAT}) = ${t}[1:26] AND abs(epoch_us(${p})) <= ${MAX_SAFE}`,
        ),
        residual: `CASE WHEN ends_with(${t}, 'Z') THEN ${quoted} END`,
      };
    }
    case Conv.EpochString: {
      // A JSON token: a string (NFW's own spelling) or a number (the TLS log's).
      const isStr = `starts_with(${t}, '"')`;
      return {
        value: `${t}_i`,
        ok: whenPresent(
          t,
          `${t}_i::VARCHAR = CASE WHEN ${isStr} THEN ${t}[2:-2] ELSE ${t} END AND abs(${t}_i) <= ${MAX_SAFE}`,
        ),
        residual: `CASE WHEN NOT ${isStr} THEN ${t} END`,
      };
    }
    case Conv.Int:
    case Conv.BigInt:
      return {
        value: `${t}_i`,
        ok: whenPresent(
          t,
          `${t}_i::VARCHAR = ${t}${leaf.conv === Conv.BigInt ? ` AND abs(${t}_i) <= ${MAX_SAFE}` : ''}`,
        ),
        residual: 'NULL',
      };
    case Conv.Bool:
      return { value: `${t} = 'true'`, ok: whenPresent(t, `${t} IN ('true', 'false')`), residual: 'NULL' };
    case Conv.FlowId:
      return {
        value: `TRY_CAST(${t} AS UBIGINT)`,
        ok: whenPresent(t, `TRY_CAST(${t} AS UBIGINT)::VARCHAR = ${t}`),
        residual: 'NULL',
      };
    case 'residual':
    case 'categories':
      // Kept whole in the residual; a categories array spelled as a JSON string has escaped quotes,
      // so only plain category strings get here.
      return { ok: whenPresent(t, onlyFromString(t)), residual: quoted };
    default:
      return { ok: `(${t} IS NULL)`, residual: t };
  }
}

/** Step 1 columns: the text of every leaf, out of the transformed struct. */
function tokenSelect(): string {
  const out: string[] = [];
  for (const leaf of LEAVES) {
    out.push(`j.${leaf.path.map(ident).join('.')}${isToken(leaf) ? '::VARCHAR' : ''} AS ${leaf.alias}`);
  }
  return out.join(', ');
}

/** Step 2 columns: parsed timestamps (`_p`) and integers (`_i`). */
function parseSelect(): string {
  const out: string[] = [];
  for (const leaf of LEAVES) {
    const t = leaf.alias;
    if (leaf.conv === Conv.EveTs) {
      out.push(
        `CASE WHEN ${t} IS NULL THEN NULL WHEN (strlen(${t}) = 31 AND ends_with(${t}, '+0000')) OR (strlen(${t}) = 27 AND ends_with(${t}, 'Z')) THEN try_strptime(${t}[1:26], ${TS_FORMAT}) END AS ${t}_p`,
      );
    }
    if (leaf.conv === Conv.Int || leaf.conv === Conv.BigInt) {
      out.push(`TRY_CAST(${t} AS ${leaf.conv === Conv.Int ? 'INTEGER' : 'BIGINT'}) AS ${t}_i`);
    }
    if (leaf.conv === Conv.EpochString) {
      out.push(
        `TRY_CAST(CASE WHEN starts_with(${t}, '"') THEN ${t}[2:-2] ELSE ${t} END AS BIGINT) AS ${t}_i`,
      );
    }
  }
  return out.join(', ');
}

/** The object nodes below the root, each with its key length and the leaves under it. */
interface ObjectNode {
  alias: string;
  tree: Tree;
  keyLen: number;
  leaves: string[];
}

function objectNodes(): ObjectNode[] {
  const out: ObjectNode[] = [];
  const walk = (t: Tree): string[] => {
    const leaves: string[] = [];
    for (const [k, v] of Object.entries(t)) {
      if (isLeaf(v)) {
        leaves.push(v.alias);
        continue;
      }
      const under = walk(v);
      out.push({ alias: `o${out.length}`, tree: v, keyLen: JSON.stringify(k).length + 1, leaves: under });
      leaves.push(...under);
    }
    return leaves;
  };
  walk(TREE);
  return out;
}

const OBJECTS = objectNodes();

/** The flag column saying whether object node `t` holds any known key. */
function present(t: Tree): string {
  const node = OBJECTS.find((o) => o.tree === t);
  if (!node) throw new Error('not an object node');
  return node.alias;
}

/** Flag columns: whether each object node holds a known key (computed once, flat). */
function presenceSelect(): string {
  return OBJECTS.map((o) => `(${o.leaves.map((l) => `${l} IS NOT NULL`).join(' OR ')}) AS ${o.alias}`).join(
    ', ',
  );
}

/**
 * Minified length in bytes of the record holding only its known keys: the root's braces less one
 * comma, each present leaf's key, shortest value text and comma, each present object's key and braces.
 */
function lengthExpr(): string {
  const leaves = LEAVES.map((l) => {
    const keyLen = Buffer.byteLength(JSON.stringify(l.path[l.path.length - 1]!)) + 2;
    return `CASE WHEN ${l.alias} IS NULL THEN 0 ELSE strlen(${l.alias}) + ${keyLen + (isStringy(l) ? 2 : 0)} END`;
  });
  const objects = OBJECTS.map((o) => `CASE WHEN ${o.alias} THEN ${o.keyLen + 2} ELSE 0 END`);
  return `(1 + ${[...leaves, ...objects].join(' + ')})`;
}

/** The residual object of a node: its leaves' residual tokens and its children's residuals. */
function residualExpr(t: Tree, sql: Map<string, LeafSql>): string {
  const pieces: string[] = [];
  for (const [k, v] of Object.entries(t)) {
    const inner = isLeaf(v) ? sql.get(v.alias)!.residual : residualExpr(v, sql);
    if (inner === 'NULL') continue;
    pieces.push(`${keyLit(k)} || ${inner}`);
  }
  if (pieces.length === 0) return 'NULL';
  return `nullif('{' || concat_ws(',', ${pieces.join(', ')}) || '}', '{}')`;
}

function leafOf(path: string): Leaf {
  const leaf = LEAVES.find((l) => l.path.join('.') === path);
  if (!leaf) throw new Error(`no leaf ${path}`);
  return leaf;
}

function categoriesValue(alias: string): string {
  return `CASE WHEN ${alias} <> '' THEN [${alias}] END`;
}

function ipNumber(alias: string): string {
  const parts = `string_split(${alias}, '.')`;
  return `CASE WHEN ${alias} IS NOT NULL THEN (281470681743360 + ((${parts}[1]::UBIGINT * 256 + ${parts}[2]::UBIGINT) * 256 + ${parts}[3]::UBIGINT) * 256 + ${parts}[4]::UBIGINT) END`;
}

/** Final column expressions by event column name (derived ones included). */
function columnExprs(sql: Map<string, LeafSql>): Map<string, string> {
  const out = new Map<string, string>();
  for (const leaf of LEAVES) {
    if (leaf.column !== null) out.set(leaf.column, sql.get(leaf.alias)!.value!);
  }
  const alias = (path: string) => leafOf(path).alias;
  const eventType = alias('event.event_type');
  const event = TREE['event'] as Tree;
  const has = (k: string) => present(event[k] as Tree);
  out.set(
    'log_type',
    `CASE WHEN ${eventType} = 'alert' THEN 'alert' WHEN ${eventType} IN ('netflow', 'flow') THEN 'flow' ` +
      `WHEN ${eventType} IS NULL AND (${has('tls_error')} OR ${has('revocation_check')}) THEN 'tls' ELSE 'other' END`,
  );
  out.set(
    'aws_category',
    `coalesce(${categoriesValue(alias('aws_category'))}, ${categoriesValue(alias('event.aws_category'))})`,
  );
  const sni = alias('event.tls.sni');
  const sniLog = alias('event.sni');
  out.set(
    'tls_sni',
    `CASE WHEN ${sni} NOT IN ('', '-') THEN ${sni} WHEN ${sniLog} NOT IN ('', '-') THEN ${sniLog} END`,
  );
  const host = alias('event.http.hostname');
  out.set('http_hostname', `CASE WHEN ${host} <> '' THEN ${host} END`);
  for (const ip of ['src_ip', 'dest_ip']) {
    out.set(`${ip}_v4`, ipNumber(alias(`event.${ip}`)));
    out.set(`${ip}_v6`, 'NULL::UHUGEINT');
  }
  return out;
}

/**
 * The SELECT that normalises raw file `file`: columns k, n, l, fast, line (NULL when fast),
 * residual, then every EVENT_COLUMNS column by name.
 */
export function rawNormalizeSelect(file: string): string {
  const sql = new Map(LEAVES.map((l) => [l.alias, leafSql(l)]));
  const cols = columnExprs(sql);
  const missing = EVENT_COLUMNS.filter((c) => !cols.has(c.name)).map((c) => c.name);
  if (missing.length > 0) throw new Error(`raw normaliser has no expression for ${missing.join(', ')}`);
  const ts = leafOf('event.timestamp').alias;
  const fast = [
    present(TREE['event'] as Tree),
    `${ts}_p IS NOT NULL`,
    ...LEAVES.map((l) => sql.get(l.alias)!.ok),
    `${lengthExpr()} = strlen(line)`,
  ].join(' AND ');
  const read =
    `read_csv(${lit(file)}, columns={'k': 'BIGINT', 'n': 'BIGINT', 'l': 'BIGINT', 'line': 'VARCHAR'}, ` +
    `delim=${lit(RAW_SEP)}, quote='', escape='', header=false, auto_detect=false, new_line='\\n', max_line_size=8388608)`;
  const s1 = `SELECT k, n, l, line, ${tokenSelect()} FROM (SELECT k, n, l, line, try(json_transform(line, ${lit(structure(TREE))})) AS j FROM ${read})`;
  const s2 = `SELECT *, ${parseSelect()}, ${presenceSelect()} FROM (${s1})`;
  const s3 = `SELECT *, coalesce(${fast}, false) AS fast FROM (${s2})`;
  const out = [
    'k',
    'n',
    'l',
    'fast',
    'CASE WHEN fast THEN NULL ELSE line END AS line',
    `CASE WHEN fast THEN ${residualExpr(TREE, sql)} END AS residual`,
    ...EVENT_COLUMNS.map((c) => `CASE WHEN fast THEN ${cols.get(c.name)} END AS ${ident(c.name)}`),
  ];
  return `SELECT ${out.join(', ')} FROM (${s3})`;
}
