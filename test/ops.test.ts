// Operations and platform edges over real HTTP: health, readiness, metrics, OpenAPI, problem+json,
// DOSI_AUTH=none, and configuration validation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { startServer } from '../src/server.ts';
import { isDosiError } from '../src/kernel/index.ts';

const [embedded] = await backends();

describe('operations endpoints', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp(embedded!);
  });
  after(async () => {
    await app?.close();
  });

  test('healthz, readyz and metrics need no token', async () => {
    assert.deepEqual(await (await fetch(`${app.url}/healthz`)).json(), { status: 'ok' });
    const ready = await fetch(`${app.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', database: 'up' });
    await app.fetch('/ngsi-ld/v1/types');
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    assert.match(
      metrics,
      /dosi_http_request_duration_seconds_count\{method="GET",route="\/ngsi-ld\/v1\/types",status="200"\} 1/,
    );
    assert.match(metrics, /dosi_process_cpu_seconds_total/);
  });

  test('OpenAPI 3.1 documents every platform route and hides NGSI-LD ones', async () => {
    const doc = (await (await fetch(`${app.url}/openapi.json`)).json()) as any;
    assert.equal(doc.openapi, '3.1.0');
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/healthz',
      '/readyz',
      '/metrics',
      '/api/v1/auth/login',
      '/api/v1/tenants',
      '/api/v1/users',
      '/api/v1/api-keys',
    ])
      assert.ok(paths.includes(p), p);
    assert.ok(!paths.some((p) => p.startsWith('/ngsi-ld')));
    const ui = await fetch(`${app.url}/docs/`);
    assert.equal(ui.status, 200);
  });

  test('unknown routes and platform errors are RFC 9457 problem+json with a code', async () => {
    const r = await app.fetch('/api/v1/nothing');
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
    const p = (await r.json()) as any;
    assert.equal(p.code, 'DOSI_ERR_HTTP_ROUTE_NOT_FOUND');
    assert.equal(p.type, 'urn:dosi:error:DOSI_ERR_HTTP_ROUTE_NOT_FOUND');
    const login = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'wrong-password-1' }),
    });
    assert.equal(login.status, 401);
    assert.equal(((await login.json()) as any).code, 'DOSI_ERR_AUTH_BAD_CREDENTIALS');
    const big = await app.fetch('/ngsi-ld/v1/entities', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'urn:x:big', type: 'T', blob: 'x'.repeat(2_000_000) }),
    });
    assert.equal(big.status, 413);
  });

  test('login gives a token that works on the NGSI-LD API', async () => {
    const id = app.platform.identity;
    const u = await id.createUser({ username: 'operator1', password: 'correct-horse-9' });
    await id.grantRole(u.id, 'hanam', 'operator');
    const login = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator1', password: 'correct-horse-9' }),
    });
    assert.equal(login.status, 200);
    const body = (await login.json()) as any;
    assert.equal(body.token_type, 'Bearer');
    assert.deepEqual(body.roles, ['operator']);
    const r = await fetch(`${app.url}/ngsi-ld/v1/types`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    assert.equal(r.status, 200);
  });
});

describe('DOSI_AUTH=none', () => {
  test('refuses a non-loopback address', async () => {
    await assert.rejects(
      startServer({
        config: loadConfig({
          env: {
            DOSI_AUTH: 'none',
            DOSI_HOST: '0.0.0.0',
            DOSI_PORT: '0',
            DOSI_MEMORY: 'true',
            DOSI_LOG_LEVEL: 'silent',
          },
        }),
      }),
      /loopback only/,
    );
  });

  test('NGSILD-Tenant selects (and creates) the tenant without credentials', async () => {
    const app = await startTestApp(embedded!, { DOSI_AUTH: 'none' });
    try {
      const create = await fetch(`${app.url}/ngsi-ld/v1/entities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'ngsild-tenant': 'siheung' },
        body: JSON.stringify({ id: 'urn:ngsi-ld:T:1', type: 'T', p: 1 }),
      });
      assert.equal(create.status, 201);
      assert.equal(
        (
          await fetch(`${app.url}/ngsi-ld/v1/entities/urn:ngsi-ld:T:1`, {
            headers: { 'ngsild-tenant': 'siheung' },
          })
        ).status,
        200,
      );
      assert.equal(
        (
          await fetch(`${app.url}/ngsi-ld/v1/entities/urn:ngsi-ld:T:1`, {
            headers: { 'ngsild-tenant': 'anyang' },
          })
        ).status,
        404,
      );
      assert.ok((await app.platform.identity.listTenants()).some((t) => t.code === 'siheung'));
    } finally {
      await app.close();
    }
  });
});

describe('configuration', () => {
  test('lists every invalid value at once, naming the variable', () => {
    try {
      loadConfig({ env: { DOSI_PORT: '99999', DOSI_AUTH: 'maybe', DOSI_BODY_LIMIT: 'lots' } });
      assert.fail('should have thrown');
    } catch (err) {
      assert.ok(isDosiError(err));
      assert.equal(err.code, 'DOSI_ERR_CONFIG_INVALID');
      assert.match(err.message, /port \(DOSI_PORT\)/);
      assert.match(err.message, /auth \(DOSI_AUTH\)/);
      assert.match(err.message, /bodyLimit \(DOSI_BODY_LIMIT\)/);
    }
  });

  test('defaults, env over file, frozen', () => {
    const c = loadConfig({ env: { DOSI_PORT: '9090' } });
    assert.equal(c.port, 9090);
    assert.equal(c.auth, 'jwt');
    assert.equal(c.dataDir, './data');
    assert.ok(Object.isFrozen(c));
    assert.equal(loadConfig({ env: { DOSI_AUTH: 'none' } }).host, '127.0.0.1');
  });
});
