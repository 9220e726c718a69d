// The identity service against real databases: PGlite in memory, and PostgreSQL when reachable
// (DOSI_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test; one fresh schema per run).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DosiError, E, fixedClock, silentLogger, type ErrorDefinition } from '../kernel/index.ts';
import { dropServerSchema, openEmbeddedDb, openServerDb } from '../storage/adapters.ts';
import { migrate, type Db } from '../storage/index.ts';
import { createIdentityService, type IdentityDeps } from './identity.service.ts';
import { identityMigrations } from './migrations.ts';
import type { User } from './types.ts';

const PG_URL = process.env.DOSI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const T0 = '2025-05-01T00:00:00.000Z';

interface Backend {
  name: string;
  /** A fresh, migrated database and how to get rid of it. */
  open(): Promise<{ db: Db; dispose(): Promise<void> }>;
}

let schemaSeq = 0;
const backends: Backend[] = [
  {
    name: 'PGlite',
    async open() {
      const db = await openEmbeddedDb();
      await migrate(db, identityMigrations);
      return { db, dispose: () => db.close() };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const schema = `dosi_identity_test_${process.pid}_${Date.now()}_${schemaSeq++}`;
      const db = await openServerDb({ url: PG_URL, schema, poolSize: 4 });
      await migrate(db, identityMigrations);
      return {
        db,
        async dispose() {
          await db.close();
          await dropServerSchema(PG_URL, schema);
        },
      };
    },
  },
];

async function pgReachable(): Promise<boolean> {
  try {
    const db = await openServerDb({ url: PG_URL, poolSize: 1 });
    await db.close();
    return true;
  } catch {
    return false;
  }
}
const pgUp = await pgReachable();

function service(db: Db, over: Partial<IdentityDeps['config']> = {}, clock = fixedClock(T0)) {
  const config: IdentityDeps['config'] = {
    jwtIssuer: 'urn:dosi',
    tokenTtlSeconds: 3600,
    auth: 'jwt',
    ...over,
  };
  return { id: createIdentityService({ db, config, clock, log: silentLogger }), clock };
}

async function wipe(db: Db): Promise<void> {
  await db.query('TRUNCATE memberships, api_keys, users, tenants CASCADE');
}

async function rejectsWith(p: Promise<unknown>, def: ErrorDefinition, detail?: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof DosiError, `expected DosiError, got ${String(err)}`);
    assert.equal(err.code, def.code);
    if (detail) assert.match(err.message, detail);
    return true;
  });
}

for (const backend of backends) {
  describe(
    `identity service on ${backend.name}`,
    { skip: backend.name === 'PostgreSQL' && !pgUp ? `no PostgreSQL at ${PG_URL}` : false },
    () => {
      let env: { db: Db; dispose(): Promise<void> };
      let svc: ReturnType<typeof service>;
      let kim: User; // hanam operator + viewer
      let lee: User; // hanam analyst, goyang viewer
      let root: User; // platform admin without memberships

      before(async () => {
        env = await backend.open();
        svc = service(env.db);
        await svc.id.createTenant({
          code: 'hanam',
          nameKo: '하남시',
          nameEn: 'Hanam-si',
          adminCode: '41450',
          bounds: [127.13, 37.46, 127.29, 37.6],
        });
        await svc.id.createTenant({
          code: 'goyang',
          nameKo: '고양시',
          nameEn: 'Goyang-si',
          adminCode: '41280',
        });
        kim = await svc.id.createUser({
          username: 'Kim',
          password: 'correct horse 1',
          displayName: '김민준',
          email: 'kim@hanam.go.kr',
        });
        lee = await svc.id.createUser({ username: 'lee', password: 'correct horse 2' });
        root = await svc.id.createUser({
          username: 'root',
          password: 'correct horse 3',
          platformAdmin: true,
        });
        await svc.id.grantRole(kim.id, 'hanam', 'viewer');
        kim = await svc.id.grantRole('kim', 'hanam', 'operator');
        await svc.id.grantRole('lee', 'hanam', 'analyst');
        lee = await svc.id.grantRole('lee', 'goyang', 'viewer');
      });
      after(async () => env.dispose());

      it('applies its migrations once', async () => {
        assert.deepEqual(await migrate(env.db, identityMigrations), []);
      });

      it('creates, reads, lists and validates tenants', async () => {
        const t = await svc.id.getTenant('hanam');
        assert.deepEqual(t, {
          code: 'hanam',
          nameKo: '하남시',
          nameEn: 'Hanam-si',
          adminCode: '41450',
          timeZone: 'Asia/Seoul',
          bounds: [127.13, 37.46, 127.29, 37.6],
          createdAt: T0,
        });
        assert.deepEqual(
          (await svc.id.listTenants()).map((x) => x.code),
          ['goyang', 'hanam'],
        );
        await rejectsWith(svc.id.createTenant({ code: 'hanam' }), E.TENANT_EXISTS);
        await rejectsWith(svc.id.createTenant({ code: 'Seoul' }), E.TENANT_INVALID, /must match/);
        await rejectsWith(svc.id.createTenant({ code: 'x' }), E.TENANT_INVALID);
        await rejectsWith(
          svc.id.createTenant({ code: 'suwon', timeZone: 'Mars/Olympus' }),
          E.TENANT_INVALID,
          /time zone/,
        );
        await rejectsWith(
          svc.id.createTenant({ code: 'suwon', bounds: [127, 38, 126, 37] }),
          E.TENANT_INVALID,
          /bounds/,
        );
        await rejectsWith(svc.id.getTenant('suwon'), E.TENANT_UNKNOWN);
      });

      it('ensures and deletes tenants', async () => {
        const t = await svc.id.ensureTenant('guri');
        assert.deepEqual([t.code, t.nameKo, t.timeZone, t.bounds], ['guri', 'guri', 'Asia/Seoul', null]);
        assert.equal((await svc.id.ensureTenant('guri')).createdAt, t.createdAt);
        await svc.id.deleteTenant('guri');
        await rejectsWith(svc.id.getTenant('guri'), E.TENANT_UNKNOWN);
        await rejectsWith(svc.id.deleteTenant('guri'), E.TENANT_UNKNOWN);
      });

      it('stores users with argon2id hashes and per-tenant roles', async () => {
        assert.match(kim.id, /^urn:dosi:user:[0-9a-f-]{36}$/);
        assert.deepEqual(
          [kim.username, kim.displayName, kim.email, kim.platformAdmin, kim.disabled],
          ['kim', '김민준', 'kim@hanam.go.kr', false, false],
        );
        assert.deepEqual(kim.roles, { hanam: ['operator', 'viewer'] });
        assert.equal('passwordHash' in kim, false);
        const row = (
          await env.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
            kim.id,
          ])
        ).rows[0];
        assert.match(row?.password_hash ?? '', /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        await rejectsWith(
          svc.id.createUser({ username: 'park', password: 'short' }),
          E.USER_INVALID,
          /at least 10/,
        );
        await rejectsWith(
          svc.id.createUser({ username: 'bad name', password: 'long enough pw' }),
          E.USER_INVALID,
        );
        await rejectsWith(
          svc.id.createUser({ username: 'KIM', password: 'another password' }),
          E.USER_EXISTS,
        );
        await rejectsWith(svc.id.grantRole('kim', 'hanam', 'mayor'), E.ROLE_INVALID);
        await rejectsWith(svc.id.grantRole('kim', 'suwon', 'viewer'), E.TENANT_UNKNOWN);
        await rejectsWith(svc.id.getUser('nobody'), E.USER_UNKNOWN);
        const inGoyang = await svc.id.listUsers('goyang');
        assert.deepEqual(
          inGoyang.map((u) => [u.username, u.roles]),
          [['lee', { goyang: ['viewer'] }]],
        );
        assert.deepEqual(
          (await svc.id.listUsers()).map((u) => u.username),
          ['kim', 'lee', 'root'],
        );
        const revoked = await svc.id.revokeRole('lee', 'goyang', 'viewer');
        assert.deepEqual(revoked.roles, { hanam: ['analyst'] });
        await svc.id.grantRole('lee', 'goyang', 'viewer');
      });

      it('verifies passwords and refuses wrong, unknown and disabled ones alike', async () => {
        assert.equal((await svc.id.verifyPassword(' KIM ', 'correct horse 1')).id, kim.id);
        await rejectsWith(svc.id.verifyPassword('kim', 'correct horse 2'), E.BAD_CREDENTIALS);
        await rejectsWith(svc.id.verifyPassword('ghost', 'correct horse 1'), E.BAD_CREDENTIALS);
        await svc.id.setDisabled('lee', true);
        await rejectsWith(svc.id.verifyPassword('lee', 'correct horse 2'), E.BAD_CREDENTIALS);
        await svc.id.setDisabled('lee', false);
      });

      it('issues tokens whose claims verify', async () => {
        const issued = await svc.id.issueToken({ user: kim });
        assert.equal(issued.tenant, 'hanam');
        assert.equal(issued.expiresIn, 3600);
        const c = await svc.id.verifyToken(issued.token);
        const t0 = Date.parse(T0) / 1000;
        assert.deepEqual(
          { ...c, jti: typeof c.jti },
          {
            iss: 'urn:dosi',
            sub: kim.id,
            aud: 'dosi',
            iat: t0,
            exp: t0 + 3600,
            jti: 'string',
            preferred_username: 'kim',
            name: '김민준',
            tenant: 'hanam',
            tenants: ['hanam'],
            roles: ['operator', 'viewer'],
            platform_admin: false,
          },
        );
        const narrowed = await svc.id.issueToken({ user: 'lee', tenant: 'goyang', ttlSeconds: 60 });
        assert.deepEqual(
          [narrowed.claims.tenant, narrowed.claims.tenants, narrowed.claims.roles, narrowed.expiresIn],
          ['goyang', ['goyang', 'hanam'], ['viewer'], 60],
        );
        await rejectsWith(svc.id.issueToken({ user: 'kim', tenant: 'goyang' }), E.TENANT_MISMATCH);
        await rejectsWith(svc.id.issueToken({ user: 'kim', roles: ['admin'] }), E.FORBIDDEN);
        const svcToken = await svc.id.issueToken({
          subject: 'svc:waste',
          tenant: 'hanam',
          roles: ['operator'],
        });
        assert.deepEqual([svcToken.claims.sub, svcToken.claims.platform_admin], ['svc:waste', false]);
      });

      it('rejects expired, tampered, foreign and malformed tokens with a precise detail', async () => {
        const s = service(env.db);
        const { token } = await s.id.issueToken({ user: kim, ttlSeconds: 60 });
        s.clock.advance(61_000 + 5_000); // past exp and the 5 s skew tolerance
        await rejectsWith(s.id.verifyToken(token), E.UNAUTHENTICATED, /expired/);
        const [h, p, sig] = (await svc.id.issueToken({ user: kim })).token.split('.');
        const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString());
        const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
        await rejectsWith(svc.id.verifyToken(`${h}.${forged}.${sig}`), E.UNAUTHENTICATED, /signature/);
        const other = service(env.db, { jwtSecret: 'another-secret-of-at-least-32-characters!' });
        await rejectsWith(
          svc.id.verifyToken((await other.id.issueToken({ user: kim })).token),
          E.UNAUTHENTICATED,
          /signature/,
        );
        await rejectsWith(svc.id.verifyToken('not.a.jwt'), E.UNAUTHENTICATED, /malformed/);
        const otherIssuer = service(env.db, { jwtIssuer: 'urn:elsewhere' });
        await rejectsWith(
          svc.id.verifyToken((await otherIssuer.id.issueToken({ user: kim })).token),
          E.UNAUTHENTICATED,
          /iss/,
        );
      });

      it('keeps one generated signing secret for every process on the database', async () => {
        const rows = (
          await env.db.query<{ value: string }>(`SELECT value FROM platform_secrets WHERE name = 'jwt_hs256'`)
        ).rows;
        assert.equal(rows.length, 1);
        assert.equal(Buffer.from(rows[0]?.value ?? '', 'base64url').length, 48);
        const second = service(env.db);
        const { token } = await svc.id.issueToken({ user: kim });
        assert.equal((await second.id.verifyToken(token)).sub, kim.id);
      });

      it('scopes bearer principals to exactly one tenant', async () => {
        const kimToken = (await svc.id.issueToken({ user: kim })).token;
        const auth = `Bearer ${kimToken}`;
        assert.deepEqual(await svc.id.authenticate({ authorization: auth }), {
          kind: 'user',
          subject: kim.id,
          tenant: 'hanam',
          roles: ['operator', 'viewer'],
          platformAdmin: false,
        });
        assert.equal(
          (await svc.id.authenticate({ authorization: auth, tenantHeader: 'hanam' })).tenant,
          'hanam',
        );
        await rejectsWith(
          svc.id.authenticate({ authorization: auth, tenantHeader: 'goyang' }),
          E.TENANT_MISMATCH,
        );
        await rejectsWith(
          svc.id.authenticate({ authorization: auth, tenantHeader: 'nowhere' }),
          E.TENANT_MISMATCH,
        );
        const leeToken = (await svc.id.issueToken({ user: lee })).token;
        assert.deepEqual(
          await svc.id.authenticate({ authorization: `Bearer ${leeToken}`, tenantHeader: 'goyang' }),
          { kind: 'user', subject: lee.id, tenant: 'goyang', roles: ['viewer'], platformAdmin: false },
        );
        const rootToken = (await svc.id.issueToken({ user: root, tenant: 'hanam' })).token;
        assert.deepEqual(
          await svc.id.authenticate({ authorization: `bearer ${rootToken}`, tenantHeader: 'goyang' }),
          { kind: 'user', subject: root.id, tenant: 'goyang', roles: ['admin'], platformAdmin: true },
        );
        await rejectsWith(
          svc.id.authenticate({ authorization: `Bearer ${rootToken}`, tenantHeader: 'nowhere' }),
          E.TENANT_UNKNOWN,
        );
        await rejectsWith(svc.id.authenticate({}), E.UNAUTHENTICATED, /no credentials/);
        await rejectsWith(
          svc.id.authenticate({ authorization: 'Basic a2ltOnB3' }),
          E.UNAUTHENTICATED,
          /scheme/,
        );
        await svc.id.createTenant({ code: 'hwaseong' });
        await svc.id.grantRole('kim', 'hwaseong', 'viewer');
        const doomed = (await svc.id.issueToken({ user: 'kim', tenant: 'hwaseong' })).token;
        await svc.id.deleteTenant('hwaseong');
        await rejectsWith(svc.id.authenticate({ authorization: `Bearer ${doomed}` }), E.TENANT_UNKNOWN);
      });

      it('creates, verifies, lists and revokes API keys', async () => {
        const { key, apiKey } = await svc.id.createApiKey({
          tenant: 'hanam',
          name: 'gateway',
          roles: ['operator', 'operator'],
        });
        assert.match(key, /^dosi_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}$/);
        assert.equal(key.slice(5, 13), apiKey.prefix);
        assert.deepEqual(apiKey.roles, ['operator']);
        const p = await svc.id.authenticate({ apiKey: key });
        assert.deepEqual(p, {
          kind: 'apikey',
          subject: apiKey.id,
          tenant: 'hanam',
          roles: ['operator'],
          platformAdmin: false,
        });
        assert.equal(
          (await svc.id.authenticate({ authorization: `Bearer ${key}`, tenantHeader: 'hanam' })).subject,
          apiKey.id,
        );
        await rejectsWith(svc.id.authenticate({ apiKey: key, tenantHeader: 'goyang' }), E.TENANT_MISMATCH);
        await rejectsWith(
          svc.id.authenticate({ apiKey: `${key.slice(0, -1)}x` }),
          E.UNAUTHENTICATED,
          /API key/,
        );
        const listed = await svc.id.listApiKeys('hanam');
        assert.deepEqual(
          listed.map((k) => [k.id, k.lastUsedAt]),
          [[apiKey.id, T0]],
        );
        assert.deepEqual(Object.keys(listed[0] ?? {}).sort(), [
          'createdAt',
          'id',
          'lastUsedAt',
          'name',
          'prefix',
          'revokedAt',
          'roles',
          'tenant',
        ]);
        await rejectsWith(svc.id.createApiKey({ tenant: 'hanam', name: 'x', roles: [] }), E.APIKEY_INVALID);
        await rejectsWith(svc.id.revokeApiKey(apiKey.id, 'goyang'), E.APIKEY_UNKNOWN);
        await svc.id.revokeApiKey(apiKey.id, 'hanam');
        await rejectsWith(svc.id.verifyApiKey(key), E.UNAUTHENTICATED);
        assert.equal((await svc.id.listApiKeys('hanam'))[0]?.revokedAt, T0);
      });

      it('with auth=none scopes anonymous admins to the header tenant or the default one', async () => {
        const open = service(env.db, { auth: 'none' });
        assert.deepEqual(await open.id.authenticate({}), {
          kind: 'anonymous',
          subject: 'anonymous',
          tenant: 'hanam',
          roles: ['admin'],
          platformAdmin: true,
        });
        assert.equal((await open.id.authenticate({ tenantHeader: 'namyangju' })).tenant, 'namyangju');
        assert.equal((await svc.id.getTenant('namyangju')).code, 'namyangju');
        await rejectsWith(open.id.authenticate({ tenantHeader: 'Bad Tenant' }), E.TENANT_INVALID);
        // The last tests need an empty database: wipe rather than open another one (PGlite starts slowly).
        await wipe(env.db);
        const fresh = service(env.db, { auth: 'none' });
        assert.equal((await fresh.id.authenticate({})).tenant, 'default');
        assert.deepEqual(
          (await fresh.id.listTenants()).map((t) => t.code),
          ['default'],
        );
      });

      it('sets up the demo tenant and admin once', async () => {
        await wipe(env.db);
        const s = service(env.db);
        const first = await s.id.ensureDemo();
        assert.equal(first.created, true);
        assert.equal(first.username, 'admin');
        assert.match(first.password ?? '', /^[A-Za-z2-9]{20}$/);
        const admin = await s.id.verifyPassword('admin', first.password ?? '');
        assert.deepEqual([admin.platformAdmin, admin.roles], [true, { hanam: ['admin'] }]);
        const hanam = await s.id.getTenant('hanam');
        assert.deepEqual(
          [hanam.nameKo, hanam.nameEn, hanam.adminCode, hanam.timeZone, hanam.bounds],
          ['하남시', 'Hanam-si', '41450', 'Asia/Seoul', [127.13, 37.46, 127.29, 37.6]],
        );
        assert.deepEqual(await s.id.ensureDemo(), { created: false, tenant: 'hanam', username: 'admin' });
      });
    },
  );
}
