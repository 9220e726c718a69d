// The console's server side: settings, tenant boundaries (scoped to the request's tenant), and the
// built console served at / without shadowing dosi's problem+json 404s.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { consoleStatic } from '../src/api/routes/console.ts';

const [embedded] = await backends();

describe('console routes', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp(embedded!, { DOSI_MAP_TILE_URL: 'https://tiles.example.kr/{z}/{x}/{y}.png' });
  });
  after(async () => app?.close());

  test('console settings are public and carry the tile URL and the boundary credit', async () => {
    const r = await fetch(`${app.url}/api/v1/console/config`);
    assert.equal(r.status, 200);
    const body = (await r.json()) as { tileUrl: string; attribution: string };
    assert.equal(body.tileUrl, 'https://tiles.example.kr/{z}/{x}/{y}.png');
    assert.match(body.attribution, /KOSTAT 2018, KOGL type 1/);
  });

  test("boundaries: the 13 dongs of Hanam for hanam, nothing of another tenant's", async () => {
    assert.equal((await fetch(`${app.url}/api/v1/tenants/hanam/boundaries`)).status, 401);
    let r = await app.fetch('/api/v1/tenants/hanam/boundaries');
    assert.equal(r.status, 200);
    const fc = (await r.json()) as { features: { properties: { name: string } }[] };
    assert.equal(fc.features.length, 13);
    assert.ok(fc.features.some((f) => f.properties.name === '미사1동'));
    r = await app.fetch('/api/v1/tenants/hanam/boundaries', { tenant: 'siheung' });
    assert.equal(((await r.json()) as { features: unknown[] }).features.length, 0);
  });
});

describe('console static files', () => {
  const root = mkdtempSync(join(tmpdir(), 'dosi-web-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  test('serves index.html at / and built files; other paths stay unmatched', async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'export {}');
    const app = Fastify();
    await app.register(consoleStatic(root));
    let r = await app.inject('/');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<title>console<\/title>/);
    r = await app.inject('/assets/app.js');
    assert.equal(r.statusCode, 200);
    assert.match(r.headers['content-type'] as string, /javascript/);
    r = await app.inject('/api/v1/nothing');
    assert.equal(r.statusCode, 404);
    assert.equal(r.json<{ message: string }>().message, 'Route GET:/api/v1/nothing not found');
    await app.close();
  });

  test('without a build, / says how to make one', async () => {
    const app = Fastify();
    await app.register(consoleStatic(join(root, 'missing')));
    const r = await app.inject('/');
    assert.match(r.body, /npm run build:web/);
    await app.close();
  });
});
