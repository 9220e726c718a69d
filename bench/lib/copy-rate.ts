// The database ceiling of ingestion: how fast rows identical to the ones dosi's writer stores can go
// into temporal_instances (the real table: every migration of dosi applied to a scratch database, so
// the partitions and indexes are the same) when nothing else is done. Two ways, both in batches of
// 2,000 rows with one commit per batch, like the writer's group commit:
//  - insert: the writer's own multi-row INSERT … SELECT FROM unnest($arrays), through dosi's Db adapter;
//  - copy:   COPY … FROM STDIN (PostgreSQL, over the wire) or COPY … FROM '/dev/blob' (PGlite).
import { createHash } from 'node:crypto';
import pg from 'pg';
import { allMigrations } from '../../src/server.ts';
import { migrate, type Db } from '../../src/storage/index.ts';
import { openEmbeddedDb, openServerDb, dropServerSchema } from '../../src/storage/adapters.ts';
import { copyFromStdin } from './pg-copy.ts';

export const BENCH_TYPE = 'BenchMeter';
export const TYPE_IRI = `https://uri.etsi.org/ngsi-ld/default-context/${BENCH_TYPE}`;
export const SEQ_IRI = 'https://uri.etsi.org/ngsi-ld/default-context/seq';
const BATCH = 2000;
const COLUMNS =
  'tenant, entity_id, entity_types, attr, observed_at, created_at, modified_at, instance, personal, msg_id, num';

interface Row {
  tenant: string;
  entity: string;
  observed: string;
  body: string;
  msg: string;
  num: number;
}

/** Rows as the writer makes them for `{"seq": n, "ts": …}` from devices bench-0000…, stored at `at`. */
export function makeRows(start: number, n: number, devices: number, at: string): Row[] {
  const rows: Row[] = [];
  for (let i = start; i < start + n; i++) {
    const dev = `bench-${String(i % devices).padStart(4, '0')}`;
    const seq = Math.floor(i / devices);
    const observed = new Date(Date.parse(at) - 5).toISOString();
    const payload = JSON.stringify({ seq, ts: Date.parse(observed) });
    rows.push({
      tenant: 'hanam',
      entity: `urn:ngsi-ld:${BENCH_TYPE}:hanam:${dev}`,
      observed,
      body: JSON.stringify({
        type: 'Property',
        value: seq,
        observedAt: observed,
        createdAt: at,
        modifiedAt: at,
      }),
      msg: createHash('sha1').update(`hanam\0${dev}\0${payload}`).digest('hex').slice(0, 20),
      num: seq,
    });
  }
  return rows;
}

/** The writer's INSERT (src/ingest/writer.ts insertInstances), one transaction per batch. */
export async function insertBatch(db: Db, rows: Row[], at: string): Promise<void> {
  await db.tx((q) =>
    q.query(
      `INSERT INTO temporal_instances (${COLUMNS})
       SELECT tn, e, ARRAY[ty], a, o, $10, $10, b::jsonb, p, m, n
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::boolean[], $8::text[], $9::float8[])
         AS u(tn, e, ty, a, o, b, p, m, n)`,
      [
        rows.map((r) => r.tenant),
        rows.map((r) => r.entity),
        rows.map(() => TYPE_IRI),
        rows.map(() => SEQ_IRI),
        rows.map((r) => r.observed),
        rows.map((r) => r.body),
        rows.map(() => false),
        rows.map((r) => r.msg),
        rows.map((r) => r.num),
        at,
      ],
    ),
  );
}

/** COPY text format: the values here hold no tab, newline or backslash, so no escaping is needed. */
function copyText(rows: Row[], at: string): Buffer {
  let s = '';
  for (const r of rows)
    s += `${r.tenant}\t${r.entity}\t{"${TYPE_IRI}"}\t${SEQ_IRI}\t${r.observed}\t${at}\t${at}\t${r.body}\tf\t${r.msg}\t${r.num}\n`;
  return Buffer.from(s);
}

export interface CopyRates {
  insertRowsPerSec: number;
  copyRowsPerSec: number | null;
  copyError?: string;
  rowsPerBatch: number;
}

/** Repeats `one` (which writes one batch) for `seconds`; rows per second. */
async function timed(seconds: number, one: (i: number) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  let i = 0;
  while (performance.now() - t0 < seconds * 1000) await one(i++);
  return Math.round((i * BATCH) / ((performance.now() - t0) / 1000));
}

async function measure(
  db: Db,
  seconds: number,
  devices: number,
  copy: (rows: Row[], at: string) => Promise<void>,
): Promise<CopyRates> {
  await migrate(db, allMigrations);
  const at = () => new Date().toISOString();
  // warm-up: catalog caches, the first partition page
  await insertBatch(db, makeRows(0, BATCH, devices, at()), at());
  let offset = BATCH;
  const insertRowsPerSec = await timed(seconds, async () => {
    const t = at();
    await insertBatch(db, makeRows(offset, BATCH, devices, t), t);
    offset += BATCH;
  });
  let copyRowsPerSec: number | null = null;
  let copyError: string | undefined;
  try {
    copyRowsPerSec = await timed(seconds, async () => {
      const t = at();
      await copy(makeRows(offset, BATCH, devices, t), t);
      offset += BATCH;
    });
  } catch (err) {
    copyError = (err as Error).message;
  }
  return { insertRowsPerSec, copyRowsPerSec, ...(copyError ? { copyError } : {}), rowsPerBatch: BATCH };
}

/** PGlite on disk in `dataDir` (a fresh directory), as dosi opens it. */
export async function embeddedCopyRates(dataDir: string, seconds: number, devices: number) {
  const db = await openEmbeddedDb({ dataDir });
  try {
    return await measure(db, seconds, devices, async (rows, at) => {
      await db.pglite.query(`COPY temporal_instances (${COLUMNS}) FROM '/dev/blob'`, [], {
        blob: new Blob([copyText(rows, at)]),
      });
    });
  } finally {
    await db.close();
  }
}

/** PostgreSQL in a scratch schema, dropped afterwards. */
export async function serverCopyRates(url: string, schema: string, seconds: number, devices: number) {
  const db = await openServerDb({ url, schema, poolSize: 2 });
  const client = new pg.Client({
    connectionString: url,
    options: `-c search_path=${schema} -c TimeZone=UTC`,
  });
  try {
    await client.connect();
    return await measure(db, seconds, devices, async (rows, at) => {
      const n = await copyFromStdin(
        client,
        `COPY temporal_instances (${COLUMNS}) FROM STDIN`,
        copyText(rows, at),
      );
      if (n !== rows.length) throw new Error(`COPY stored ${n} of ${rows.length} rows`);
    });
  } finally {
    await client.end().catch(() => undefined);
    await db.close();
    await dropServerSchema(url, schema);
  }
}
