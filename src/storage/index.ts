export type { Db, Queryable, QueryResult } from './db.ts';
export { migrate, type Migration } from './migrate.ts';
