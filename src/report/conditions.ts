/** The conditions of a report level under construction: fragments and their parameters, in placeholder order. */
import type { Dialect, ParamType } from '../query/index.ts';

export class Conditions {
  readonly sql: string[] = [];
  readonly params: unknown[] = [];
  /** The column expressions the conditions read; null once one of them reads something unknown. */
  private read: Set<string> | null = new Set();

  constructor(readonly dialect: Dialect) {}

  /**
   * A compiled query-language filter; add it first, its placeholders are numbered from 1. `columns`:
   * what it reads (`CompiledQuery.columns`), unknown when absent.
   */
  addCompiled(sql: string, params: readonly unknown[], columns?: readonly string[] | null): void {
    this.sql.push(sql);
    this.params.push(...params);
    this.reads(columns);
  }

  /**
   * A trusted portable condition (`log_type = 'alert'`, `server_ip IS NULL`), reading `columns`
   * (unknown when absent).
   */
  addSql(sql: string, columns?: readonly string[]): void {
    this.sql.push(sql);
    this.reads(columns);
  }

  /** The column expressions all the conditions read, sorted; null when one of them is unknown. */
  get columns(): string[] | null {
    return this.read ? [...this.read].sort() : null;
  }

  private reads(columns: readonly string[] | null | undefined): void {
    if (!columns) this.read = null;
    else for (const c of columns) this.read?.add(c);
  }

  /** Bind a value; returns its placeholder. Call in the order placeholders appear. */
  bind(value: string | number | bigint | boolean, type: ParamType): string {
    this.params.push(this.dialect.bind(value, type));
    return this.dialect.placeholder(this.params.length, type);
  }
}
