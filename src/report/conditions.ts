/** The conditions of a report level under construction: fragments and their parameters, in placeholder order. */
import type { Dialect, ParamType } from '../query/index.ts';

export class Conditions {
  readonly sql: string[] = [];
  readonly params: unknown[] = [];

  constructor(readonly dialect: Dialect) {}

  /** A compiled query-language filter; add it first, its placeholders are numbered from 1. */
  addCompiled(sql: string, params: readonly unknown[]): void {
    this.sql.push(sql);
    this.params.push(...params);
  }

  /** A trusted portable condition without parameters (`log_type = 'alert'`, `server_ip IS NULL`). */
  addSql(sql: string): void {
    this.sql.push(sql);
  }

  /** Bind a value; returns its placeholder. Call in the order placeholders appear. */
  bind(value: string | number | bigint | boolean, type: ParamType): string {
    this.params.push(this.dialect.bind(value, type));
    return this.dialect.placeholder(this.params.length, type);
  }
}
