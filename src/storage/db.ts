// The database port. Both backends speak PostgreSQL through node-postgres: PGlite in process
// (createPgConfig) or a PostgreSQL server over a pool, so the same SQL runs on both.
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface Db extends Queryable {
  readonly kind: 'embedded' | 'server';
  /** Runs fn in one transaction on one connection; rolls back if fn throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
