// The identity routes in a minimal app wired like build.ts (authentication hook, problem+json errors),
// against PGlite. build.ts itself is covered by the integration suites.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { fixedClock, silentLogger } from '../../kernel/index.ts';
import { openEmbeddedDb } from '../../storage/adapters.ts';
import { migrate, type Db } from '../../storage/index.ts';
import { createIdentityService, identityMigrations, type IdentityService } from '../../identity/index.ts';
import { errorHandler } from '../problem.ts';
import { identityRoutes } from './identity.ts';

async function buildApp(identity: IdentityService): Promise<FastifyInstance> {
  const app = Fastify();
  app.setErrorHandler(errorHandler(silentLogger));
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config.public === true) return;
    const h = req.headers;
    req.principal = await identity.authenticate({
      ...(typeof h.authorization === 'string' ? { authorization: h.authorization } : {}),
      ...(typeof h['x-api-key'] === 'string' ? { apiKey: h['x-api-key'] } : {}),
      ...(typeof h['ngsild-tenant'] === 'string' ? { tenantHeader: h['ngsild-tenant'] } : {}),
    });
  });
  await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 't', version: '0' } } });
  await app.register(identityRoutes({ identity }), { prefix: '/api/v1' });
  await app.ready();
  return app;
}

describe('identity routes', () => {
  let db: Db & { close(): Promise<void> };
  let app: FastifyInstance;
  let adminPassword: string;
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  before(async () => {
    db = await openEmbeddedDb();
    await migrate(db, identityMigrations);
    const identity = createIdentityService({
      db,
      config: { jwtIssuer: 'urn:dosi', tokenTtlSeconds: 3600, auth: 'jwt' },
      clock: fixedClock(new Date()),
      log: silentLogger,
    });
    adminPassword = (await identity.ensureDemo()).password ?? '';
    await identity.createTenant({ code: 'goyang' });
    await identity.createUser({ username: 'kim', password: 'correct horse 1' });
    await identity.grantRole('kim', 'hanam', 'viewer');
    app = await buildApp(identity);
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  async function login(username: string, password: string, tenant?: string): Promise<string> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password, ...(tenant ? { tenant } : {}) },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    return res.json<{ access_token: string }>().access_token;
  }

  it('logs in, answers who am I, and refuses bad credentials as problem+json', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'kim', password: 'correct horse 1' },
    });
    const body = res.json();
    assert.deepEqual(
      [res.statusCode, body.token_type, body.expires_in, body.tenant, body.roles],
      [200, 'Bearer', 3600, 'hanam', ['viewer']],
    );
    const me = await app.inject({ url: '/api/v1/auth/me', headers: bearer(body.access_token) });
    assert.deepEqual(
      { ...me.json<object>(), subject: 'x' },
      {
        kind: 'user',
        subject: 'x',
        tenant: 'hanam',
        roles: ['viewer'],
        platformAdmin: false,
        username: 'kim',
        displayName: 'kim',
        tenants: ['hanam'],
      },
    );
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'kim', password: 'wrong password' },
    });
    assert.deepEqual([bad.statusCode, bad.json().code], [401, 'DOSI_ERR_AUTH_BAD_CREDENTIALS']);
    assert.match(String(bad.headers['content-type']), /^application\/problem\+json/);
    const anon = await app.inject({ url: '/api/v1/auth/me' });
    assert.deepEqual([anon.statusCode, anon.json().code], [401, 'DOSI_ERR_AUTH_UNAUTHENTICATED']);
  });

  it('shows tenants by membership and lets only platform admins create them', async () => {
    const kim = await login('kim', 'correct horse 1');
    const admin = await login('admin', adminPassword);
    assert.deepEqual(
      (await app.inject({ url: '/api/v1/tenants', headers: bearer(kim) }))
        .json()
        .map((t: { code: string }) => t.code),
      ['hanam'],
    );
    assert.deepEqual(
      (await app.inject({ url: '/api/v1/tenants', headers: bearer(admin) }))
        .json()
        .map((t: { code: string }) => t.code),
      ['goyang', 'hanam'],
    );
    assert.equal((await app.inject({ url: '/api/v1/tenants/goyang', headers: bearer(kim) })).statusCode, 403);
    assert.equal(
      (await app.inject({ url: '/api/v1/tenants/hanam', headers: bearer(kim) })).json().nameKo,
      '하남시',
    );
    const payload = {
      code: 'guri',
      nameKo: '구리시',
      nameEn: 'Guri-si',
      bounds: [127.1, 37.57, 127.18, 37.65],
    };
    assert.equal(
      (await app.inject({ method: 'POST', url: '/api/v1/tenants', headers: bearer(kim), payload }))
        .statusCode,
      403,
    );
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/tenants',
      headers: bearer(admin),
      payload,
    });
    assert.deepEqual(
      [created.statusCode, created.json().bounds, created.json().timeZone],
      [201, payload.bounds, 'Asia/Seoul'],
    );
    const dup = await app.inject({ method: 'POST', url: '/api/v1/tenants', headers: bearer(admin), payload });
    assert.deepEqual([dup.statusCode, dup.json().code], [409, 'DOSI_ERR_TENANT_EXISTS']);
    assert.equal(
      (await app.inject({ method: 'DELETE', url: '/api/v1/tenants/guri', headers: bearer(admin) }))
        .statusCode,
      204,
    );
  });

  it('lets tenant admins manage users and roles in their tenant only', async () => {
    const admin = await login('admin', adminPassword);
    const kim = await login('kim', 'correct horse 1');
    const payload = {
      username: 'park',
      password: 'park password 1',
      displayName: '박서연',
      roles: ['operator'],
    };
    assert.equal(
      (await app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(kim), payload })).statusCode,
      403,
    );
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(admin),
      payload,
    });
    assert.equal(created.statusCode, 201, created.body);
    const park = created.json();
    assert.deepEqual(
      [park.username, park.displayName, park.roles, 'password' in park],
      ['park', '박서연', { hanam: ['operator'] }, false],
    );
    const granted = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${encodeURIComponent(park.id)}/roles`,
      headers: { ...bearer(admin), 'ngsild-tenant': 'goyang' },
      payload: { role: 'viewer' },
    });
    assert.deepEqual(granted.json().roles, { goyang: ['viewer'], hanam: ['operator'] });
    const revoked = await app.inject({
      method: 'DELETE',
      url: '/api/v1/users/park/roles/operator',
      headers: bearer(admin),
    });
    assert.deepEqual(revoked.json().roles, { goyang: ['viewer'] });
    const inGoyang = await app.inject({
      url: '/api/v1/users',
      headers: { ...bearer(admin), 'ngsild-tenant': 'goyang' },
    });
    assert.deepEqual(
      inGoyang.json().map((u: { username: string }) => u.username),
      ['park'],
    );
    const badRole = await app.inject({
      method: 'POST',
      url: '/api/v1/users/park/roles',
      headers: bearer(admin),
      payload: { role: 'mayor' },
    });
    assert.equal(badRole.statusCode, 400);
  });

  it('creates API keys that authenticate, lists them without secrets and revokes them', async () => {
    const admin = await login('admin', adminPassword);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(admin),
      payload: { name: 'lorawan gateway', roles: ['operator'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { key, apiKey } = created.json();
    assert.match(key, /^dosi_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}$/);
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { 'x-api-key': key } });
    assert.deepEqual(me.json(), {
      kind: 'apikey',
      subject: apiKey.id,
      tenant: 'hanam',
      roles: ['operator'],
      platformAdmin: false,
    });
    assert.equal(
      (await app.inject({ url: '/api/v1/api-keys', headers: { 'x-api-key': key } })).statusCode,
      403,
    );
    const listed = await app.inject({ url: '/api/v1/api-keys', headers: bearer(admin) });
    assert.equal(listed.body.includes(key.slice(14)), false);
    assert.deepEqual(
      listed.json().map((k: { name: string }) => k.name),
      ['lorawan gateway'],
    );
    const del = await app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${encodeURIComponent(apiKey.id)}`,
      headers: bearer(admin),
    });
    assert.equal(del.statusCode, 204);
    assert.equal(
      (await app.inject({ url: '/api/v1/auth/me', headers: { 'x-api-key': key } })).statusCode,
      401,
    );
  });

  it('documents every route with tags and summaries in the OpenAPI document', () => {
    const doc = app.swagger() as {
      paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ path, m, op })),
    );
    assert.equal(ops.length, 13);
    for (const { path, m, op } of ops) assert.ok(op.tags?.length && op.summary, `${m} ${path}`);
    assert.ok(doc.paths['/api/v1/auth/login']?.post);
  });
});
