/** A WHERE clause under construction: conditions and their parameters, in placeholder order. */
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

  /** Trusted SQL without parameters. */
  addSql(sql: string): void {
    this.sql.push(sql);
  }

  /** Bind a value; returns its placeholder. Call in the order placeholders appear. */
  bind(value: string | number | bigint | boolean, type: ParamType): string {
    this.params.push(this.dialect.bind(value, type));
    return this.dialect.placeholder(this.params.length, type);
  }

  where(): string {
    return this.sql.length > 0 ? `WHERE ${this.sql.map((s) => `(${s})`).join(' AND ')}` : '';
  }
}
