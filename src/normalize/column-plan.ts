/**
 * The column table compiled once into what the hot path needs: the source columns, a trie of their
 * paths (walked once per record) and a null row template.
 */
import { type ColumnDef, type ColumnValue, EVENT_COLUMNS } from '../schema/columns.ts';

/** How a source value is converted; one code per (kind, codec) pair the table uses. */
export const Conv = {
  String: 0,
  Upper: 1,
  Ip: 2,
  EveTs: 3,
  EpochString: 4,
  Int: 5,
  BigInt: 6,
  Bool: 7,
  FlowId: 8,
  Unsupported: 9,
} as const;
export type Conv = (typeof Conv)[keyof typeof Conv];

export interface SourceColumn {
  index: number;
  name: string;
  path: readonly string[];
  leaf: string;
  conv: Conv;
}

export interface TrieNode {
  /** Index of the source column whose path ends here, or -1. */
  column: number;
  children: Map<string, TrieNode> | null;
}

function convOf(c: ColumnDef): Conv {
  switch (c.codec) {
    case 'upper':
      return Conv.Upper;
    case 'ip':
      return Conv.Ip;
    case 'eve-ts':
      return Conv.EveTs;
    case 'epoch-string':
      return Conv.EpochString;
    default:
      break;
  }
  switch (c.kind) {
    case 'string':
      return Conv.String;
    case 'int':
      return Conv.Int;
    case 'bigint':
      return Conv.BigInt;
    case 'bool':
      return Conv.Bool;
    case 'ubigint':
      return Conv.FlowId;
    default:
      return Conv.Unsupported;
  }
}

export const SOURCE_COLUMNS: readonly SourceColumn[] = EVENT_COLUMNS.flatMap((c, index) =>
  c.path === undefined || c.path.length === 0
    ? []
    : [{ index, name: c.name, path: c.path, leaf: c.path[c.path.length - 1] as string, conv: convOf(c) }],
);

/** Source columns by EVENT_COLUMNS index (undefined for derived columns). */
export const SOURCE_BY_INDEX: readonly (SourceColumn | undefined)[] = EVENT_COLUMNS.map((_, i) =>
  SOURCE_COLUMNS.find((c) => c.index === i),
);

function buildTrie(): TrieNode {
  const root: TrieNode = { column: -1, children: null };
  for (const col of SOURCE_COLUMNS) {
    let node = root;
    for (const seg of col.path) {
      if (node.children === null) node.children = new Map();
      let next = node.children.get(seg);
      if (next === undefined) {
        next = { column: -1, children: null };
        node.children.set(seg, next);
      }
      node = next;
    }
    node.column = col.index;
  }
  return root;
}

/** Trie of all source paths from the record root. */
export const PATH_TRIE: TrieNode = buildTrie();

/** Trie below `event` (used for plain EVE records, whose root is the event). */
export const EVENT_TRIE: TrieNode = PATH_TRIE.children?.get('event') ?? { column: -1, children: null };

/** A row with every column null, in storage order; rows are spread from it. */
export const NULL_ROW: Readonly<Record<string, ColumnValue>> = Object.fromEntries(
  EVENT_COLUMNS.map((c) => [c.name, null]),
);
