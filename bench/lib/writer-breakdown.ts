// Where the time of one ingestion transaction goes, by statement, at several batch sizes: drives dosi's
// real ingestion service and group-commit writer in-process (no MQTT), through a Db wrapper that times
// every statement by its kind. `npx tsx bench/lib/writer-breakdown.ts [embedded|server] [devices]`.
//
// A batch of B is made by submitting B readings from B/… devices at once and awaiting them all: the
// writer takes them in one transaction (up to DOSI_INGEST_MAX_BATCH, 2,000).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db, Queryable } from '../../src/storage/index.ts';
import { openEmbeddedDb, openServerDb, dropServerSchema } from '../../src/storage/adapters.ts';
import { BENCH_PROFILE } from './dosi-api.ts';
import { benchPlatform } from './platform.ts';

const which = (process.argv[2] ?? 'embedded') as 'embedded' | 'server';
const DEVICES = Number(process.argv[3] ?? 200);
const PG_URL = process.env.DOSI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SIZES = [25, 100, 500, 2000];
const ROUNDS_MSGS = 20_000;

/** The kind of a statement: its first words, with the table it touches. */
function kindOf(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  if (/^INSERT INTO temporal_instances/.test(s)) return 'INSERT temporal_instances';
  if (/^WITH u AS .*INSERT INTO entities/.test(s)) return 'UPSERT entities (CTE)';
  if (/^WITH s AS .*UPDATE devices/.test(s)) return 'markSeen UPDATE devices';
  if (/JOIN temporal_instances t ON/.test(s)) return 'findDuplicates SELECT';
  if (/^SELECT now\(\)/.test(s)) return 'SELECT now()';
  if (/^INSERT INTO dead_letters/.test(s)) return 'INSERT dead_letters';
  return s.slice(0, 40);
}

function timed(db: Db, stats: Map<string, { ms: number; n: number; max: number }>): Db {
  const add = (k: string, ms: number) => {
    const s = stats.get(k) ?? { ms: 0, n: 0, max: 0 };
    s.ms += ms;
    s.n++;
    s.max = Math.max(s.max, ms);
    stats.set(k, s);
  };
  const wrapQ = (q: Queryable): Queryable => ({
    async query(sql, params) {
      const t = performance.now();
      try {
        return await q.query(sql, params);
      } finally {
        add(kindOf(sql), performance.now() - t);
      }
    },
  });
  return {
    kind: db.kind,
    query: (sql, params) => wrapQ(db).query(sql, params),
    async tx(fn) {
      const t = performance.now();
      try {
        return await db.tx((q) => fn(wrapQ(q)));
      } finally {
        add('(whole transaction incl. BEGIN/COMMIT)', performance.now() - t);
      }
    },
    ping: () => db.ping(),
    close: () => db.close(),
  };
}

const stats = new Map<string, { ms: number; n: number; max: number }>();
const dir = mkdtempSync(join(tmpdir(), 'dosi-writer-'));
const schema = `bench_writer_${Date.now().toString(36)}`;
const raw =
  which === 'embedded'
    ? await openEmbeddedDb({ dataDir: join(dir, 'pg') })
    : await openServerDb({ url: PG_URL, schema });
const db = timed(raw, stats);
try {
  const p = await benchPlatform(db);
  await p.devices.createProfile('hanam', BENCH_PROFILE);
  const known = [];
  for (let i = 0; i < DEVICES; i++) {
    const id = `bench-${String(i).padStart(4, '0')}`;
    await p.devices.createDevice('hanam', { id, profileId: BENCH_PROFILE.id });
    known.push((await p.devices.resolve('hanam', id))!);
  }
  const ingest = p.ingestion!.ingest;
  let seq = 0;
  console.log(`${which}: ${DEVICES} devices; statement times per transaction (ms) by batch size`);
  for (const size of SIZES) {
    stats.clear();
    const t0 = performance.now();
    let msgs = 0;
    while (msgs < ROUNDS_MSGS) {
      const now = new Date().toISOString();
      const all = [];
      for (let k = 0; k < size; k++) {
        const dev = known[(seq + k) % known.length]!;
        const s = seq + k;
        all.push(
          ingest.accept(
            {
              tenant: 'hanam',
              deviceId: dev.device.id,
              transport: 'mqtt',
              topic: `dosi/hanam/${dev.device.id}/attrs`,
              payload: Buffer.from(`{"seq":${s},"ts":${Date.now()}}`),
              receivedAt: now,
            },
            dev,
          ),
        );
      }
      seq += size;
      await Promise.all(all);
      msgs += size;
    }
    const secs = (performance.now() - t0) / 1000;
    const txs = stats.get('(whole transaction incl. BEGIN/COMMIT)')?.n ?? 1;
    console.log(
      `\nbatch ${size}: ${Math.round(msgs / secs)} msg/s, ${txs} transactions, ${(
        (secs * 1000) /
        txs
      ).toFixed(1)} ms wall per transaction`,
    );
    for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms))
      console.log(
        `  ${(v.ms / txs).toFixed(2).padStart(8)}  ${k}  (${v.n} runs, longest ${v.max.toFixed(1)} ms)`,
      );
  }
  await p.close();
} finally {
  await raw.close().catch(() => undefined);
  if (which === 'server') await dropServerSchema(PG_URL, schema);
  rmSync(dir, { recursive: true, force: true });
}
