// What the indexes of temporal_instances cost the ingestion write path: the writer's INSERT … unnest
// (2,000 rows per commit) into the real table after all of dosi's migrations, then again with some
// indexes dropped. `npx tsx bench/lib/index-cost.ts [seconds]`, on PGlite and on PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allMigrations } from '../../src/server.ts';
import { migrate, type Db } from '../../src/storage/index.ts';
import { openEmbeddedDb, openServerDb, dropServerSchema } from '../../src/storage/adapters.ts';
import { insertBatch, makeRows } from './copy-rate.ts';
import { TEMPORAL_INDEXES } from '../../src/timeseries/index.ts';

const PG_URL = process.env.DOSI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.argv[2] ?? 4);
const VARIANTS: [string, string[]][] = [
  [`as migrated (${TEMPORAL_INDEXES.length} secondary indexes + primary key)`, []],
  ['without temporal_entity_attr_modified_idx', ['temporal_entity_attr_modified_idx']],
  ['without temporal_tenant_entity_idx', ['temporal_tenant_entity_idx']],
  ['primary key only', [...TEMPORAL_INDEXES]],
];

async function rate(db: Db, drop: string[]): Promise<number> {
  await migrate(db, allMigrations);
  for (const d of drop) await db.query(`DROP INDEX ${d}`);
  const at = () => new Date().toISOString();
  let off = 0;
  await insertBatch(db, makeRows(off, 2000, 200, at()), at());
  off += 2000;
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < SECONDS * 1000) {
    const t = at();
    await insertBatch(db, makeRows(off, 2000, 200, t), t);
    off += 2000;
    n += 2000;
  }
  return Math.round(n / ((performance.now() - t0) / 1000));
}

for (const [name, drop] of VARIANTS) {
  const dir = mkdtempSync(join(tmpdir(), 'dosi-idx-'));
  const lite = await openEmbeddedDb({ dataDir: join(dir, 'pg') });
  const a = await rate(lite, drop).finally(() => lite.close());
  rmSync(dir, { recursive: true, force: true });
  const schema = `bench_idx_${Date.now().toString(36)}`;
  const pgdb = await openServerDb({ url: PG_URL, schema, poolSize: 2 });
  const b = await rate(pgdb, drop).finally(async () => {
    await pgdb.close();
    await dropServerSchema(PG_URL, schema);
  });
  console.log(`${String(a).padStart(7)} rows/s PGlite  ${String(b).padStart(7)} rows/s PostgreSQL  ${name}`);
}
