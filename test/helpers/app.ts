// Starts a real dosi on a random port over a given backend, and hands out tokens for it.
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { createPlatform, type Platform } from '../../src/server.ts';
import type { Backend } from './backends.ts';
import type { Role } from '../../src/identity/index.ts';

export interface TestApp {
  url: string;
  platform: Platform;
  /** A bearer token for the tenant and role (the tenant is created if missing). */
  token(tenant?: string, role?: Role): Promise<string>;
  /** fetch against the app with a token for tenant `hanam` as admin unless headers say otherwise. */
  fetch(path: string, init?: RequestInit & { tenant?: string; role?: Role }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestApp(backend: Backend, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await backend.open();
  const config = loadConfig({
    env: {
      DOSI_PORT: '0',
      DOSI_HOST: '127.0.0.1',
      DOSI_LOG_LEVEL: 'silent',
      DOSI_DEMO: 'false',
      DOSI_MQTT_PORT: '0',
      DOSI_MQTT_HOST: '127.0.0.1',
      ...env,
    },
  });
  const platform = await createPlatform({ config, db, log: pino({ level: 'silent' }) });
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = platform.app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  const url = `http://127.0.0.1:${addr.port}`;
  const tokens = new Map<string, string>();
  const token = async (tenant = 'hanam', role: Role = 'admin') => {
    const key = `${tenant}/${role}`;
    let t = tokens.get(key);
    if (!t) {
      if (!(await platform.identity.listTenants()).some((x) => x.code === tenant)) {
        await platform.identity.createTenant({
          code: tenant,
          nameKo: tenant,
          nameEn: tenant,
          adminCode: '00000',
          bounds: null,
        });
      }
      t = (await platform.identity.issueToken({ subject: `urn:dosi:test:${role}`, tenant, roles: [role] }))
        .token;
      tokens.set(key, t);
    }
    return t;
  };
  return {
    url,
    platform,
    token,
    async fetch(path, init = {}) {
      const { tenant, role, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has('authorization') && config.auth === 'jwt')
        headers.set('authorization', `Bearer ${await token(tenant, role)}`);
      return fetch(url + path, { ...rest, headers });
    },
    async close() {
      await platform.close();
      await db.close();
    },
  };
}
