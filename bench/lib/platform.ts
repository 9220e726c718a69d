// An in-process dosi for benchmarks that drive its services directly: no HTTP listener, no MQTT
// broker, no demo city, authentication off, and the tenant `hanam` created.
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { createPlatform, type Platform } from '../../src/server.ts';
import type { Db } from '../../src/storage/index.ts';

export async function benchPlatform(db: Db): Promise<Platform> {
  const config = loadConfig({
    env: {
      DOSI_PORT: '0',
      DOSI_LOG_LEVEL: 'silent',
      DOSI_DEMO: 'false',
      DOSI_MQTT: 'false',
      DOSI_AUTH: 'none',
      DOSI_HOST: '127.0.0.1',
    },
  });
  const p = await createPlatform({ config, db, log: pino({ level: 'silent' }) });
  await p.identity.createTenant({
    code: 'hanam',
    nameKo: '하남시',
    nameEn: 'Hanam-si',
    adminCode: '41450',
    bounds: null,
  });
  return p;
}
