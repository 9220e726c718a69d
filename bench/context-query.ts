// npm run bench:context-query — loads 100,000 entities with Point locations around Hanam, then drives
// two NGSI-LD queries with autocannon (16 connections) on each backend: type + georel near (500 m),
// and type + q filter. Limits: p99 ≤ 30 ms on server PostgreSQL, ≤ 100 ms embedded. Also measures
// GET /healthz in the same run as the HTTP ceiling of this machine, and prints ratios against both.
// Last line: one JSON object with the headline figures.
import autocannon from 'autocannon';
import { pino } from 'pino';
import { loadConfig } from '../src/config/index.ts';
import { createPlatform } from '../src/server.ts';
import { openEmbeddedDb, openServerDb, dropServerSchema } from '../src/storage/adapters.ts';
import { BOX, loadEntities, rng } from './lib/load-entities.ts';

const N = Number(process.env.BENCH_ENTITIES ?? 100_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PG_URL = process.env.DOSI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LIMITS = { postgres: 30, pglite: 100 } as const;

interface Run {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function drive(url: string, paths: string[], token: string): Promise<Run> {
  let i = 0;
  const r = await autocannon({
    url,
    connections: 16,
    duration: DURATION,
    headers: { authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

async function benchBackend(name: 'pglite' | 'postgres') {
  const schema = `bench_${Date.now().toString(36)}`;
  const db =
    name === 'pglite' ? await openEmbeddedDb() : await openServerDb({ url: PG_URL, schema, poolSize: 16 });
  try {
    const config = loadConfig({
      env: { DOSI_PORT: '0', DOSI_HOST: '127.0.0.1', DOSI_LOG_LEVEL: 'silent', DOSI_DEMO: 'false' },
    });
    const p = await createPlatform({ config, db, log: pino({ level: 'silent' }) });
    await p.identity.createTenant({
      code: 'hanam',
      nameKo: '하남시',
      nameEn: 'Hanam-si',
      adminCode: '41450',
      bounds: null,
    });
    const t0 = Date.now();
    await loadEntities(db, N);
    const loadSeconds = (Date.now() - t0) / 1000;
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = p.app.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no address');
    const url = `http://127.0.0.1:${addr.port}`;
    const { token } = await p.identity.issueToken({
      subject: 'urn:dosi:bench',
      tenant: 'hanam',
      roles: ['viewer'],
    });
    const rand = rng(7);
    const near = Array.from({ length: 200 }, () => {
      const lon = (BOX.minLon + 0.01 + rand() * (BOX.maxLon - BOX.minLon - 0.02)).toFixed(5);
      const lat = (BOX.minLat + 0.01 + rand() * (BOX.maxLat - BOX.minLat - 0.02)).toFixed(5);
      return `/ngsi-ld/v1/entities?type=WasteContainer&georel=near;maxDistance==500&geometry=Point&coordinates=[${lon},${lat}]`;
    });
    const q = Array.from(
      { length: 50 },
      (_, k) =>
        `/ngsi-ld/v1/entities?type=WasteContainer&q=fillingLevel>${(0.5 + (k % 40) / 100).toFixed(2)};status=="ok"`,
    );
    const check = await fetch(url + near[0], { headers: { authorization: `Bearer ${token}` } });
    const nearCount = ((await check.json()) as unknown[]).length;
    const health = await drive(url, ['/healthz'], token);
    const nearRun = await drive(url, near, token);
    const qRun = await drive(url, q, token);
    await p.close();
    const limit = LIMITS[name];
    return {
      backend: name,
      entities: N,
      loadSeconds,
      nearSample: nearCount,
      healthz: health,
      near: {
        ...nearRun,
        p99OverLimit: +(nearRun.p99 / limit).toFixed(3),
        rpsOverHealthz: +(nearRun.rps / health.rps).toFixed(3),
      },
      q: {
        ...qRun,
        p99OverLimit: +(qRun.p99 / limit).toFixed(3),
        rpsOverHealthz: +(qRun.rps / health.rps).toFixed(3),
      },
      p99LimitMs: limit,
    };
  } finally {
    await db.close();
    if (name === 'postgres') await dropServerSchema(PG_URL, schema);
  }
}

const which = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const results = [];
for (const b of which) {
  const r = await benchBackend(b);
  console.error(JSON.stringify(r, null, 2));
  results.push(r);
}
const summary = Object.fromEntries(
  results.map((r) => [
    r.backend,
    {
      nearP99: r.near.p99,
      nearRps: r.near.rps,
      qP99: r.q.p99,
      qRps: r.q.rps,
      limitMs: r.p99LimitMs,
      nearP99OverLimit: r.near.p99OverLimit,
      qP99OverLimit: r.q.p99OverLimit,
      healthzRps: r.healthz.rps,
    },
  ]),
);
console.log(
  JSON.stringify({ bench: 'context-query', entities: N, connections: 16, seconds: DURATION, ...summary }),
);
