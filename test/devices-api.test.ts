// The device registry over real HTTP: profiles, provisioning, CSV import, roles and errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

const [embedded] = await backends();

const PROFILE = {
  id: 'waste-bin',
  name: '음식물 쓰레기통',
  entityType: 'WasteContainer',
  reportingIntervalSec: 600,
  attributes: [{ key: 'fill', attr: 'fillingLevel', type: 'number', unitCode: 'P1', min: 0, max: 100 }],
};

const json = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('device registry API', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp(embedded!);
  });
  after(async () => {
    await app?.close();
  });

  test('profile → device → read without secret → entity exists → rotate → delete', async () => {
    const p = await app.fetch('/api/v1/device-profiles', json(PROFILE));
    assert.equal(p.status, 201);
    const profile = (await p.json()) as any;
    assert.equal(profile.tenant, 'hanam');
    assert.equal(profile.dataClass, 'default');
    assert.equal((await app.fetch('/api/v1/device-profiles', json(PROFILE))).status, 409);

    const c = await app.fetch(
      '/api/v1/devices',
      json({ id: 'bin-001', profileId: 'waste-bin', name: '하남시청 앞', location: [127.2148, 37.5392] }),
    );
    assert.equal(c.status, 201);
    assert.equal(c.headers.get('cache-control'), 'no-store');
    const created = (await c.json()) as any;
    assert.equal(created.secret.length, 32);
    assert.equal(created.mqttUsername, 'bin-001@hanam');
    assert.equal(created.device.entityId, 'urn:ngsi-ld:WasteContainer:hanam:bin-001');
    assert.equal(created.device.secretHash, undefined);

    const g = await app.fetch('/api/v1/devices/bin-001');
    assert.equal(g.status, 200);
    const text = await g.text();
    assert.doesNotMatch(text, /secret|\$7\$/i);
    const device = JSON.parse(text);
    assert.deepEqual(device.location, [127.2148, 37.5392]);
    assert.equal(device.name, '하남시청 앞');
    assert.equal(device.online, false);

    const e = await app.fetch(`/ngsi-ld/v1/entities/${encodeURIComponent(device.entityId)}`);
    assert.equal(e.status, 200);
    const entity = (await e.json()) as any;
    assert.equal(entity.type, 'WasteContainer');
    assert.equal(entity.deviceId.value, 'bin-001');
    assert.deepEqual(entity.location.value.coordinates, [127.2148, 37.5392]);

    const r = await app.fetch('/api/v1/devices/bin-001/secret', { method: 'POST' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const rotated = (await r.json()) as any;
    assert.notEqual(rotated.secret, created.secret);
    assert.equal(
      await app.platform.devices.authenticate('hanam', 'bin-001', created.secret),
      'bad_credentials',
    );
    assert.equal(
      typeof (await app.platform.devices.authenticate('hanam', 'bin-001', rotated.secret)),
      'object',
    );

    const patched = await app.fetch(
      '/api/v1/devices/bin-001',
      json({ name: '새 이름', disabled: true }, 'PATCH'),
    );
    assert.equal(patched.status, 200);
    assert.equal(((await patched.json()) as any).disabled, true);

    const list = (await (await app.fetch('/api/v1/devices?profile=waste-bin&limit=10')).json()) as any;
    assert.deepEqual([list.total, list.limit, list.offset], [1, 10, 0]);
    assert.equal(list.devices[0].id, 'bin-001');
    assert.equal(((await (await app.fetch('/api/v1/devices?online=true')).json()) as any).total, 0);

    const inUse = await app.fetch('/api/v1/device-profiles/waste-bin', { method: 'DELETE' });
    assert.equal(inUse.status, 409);
    assert.equal(((await inUse.json()) as any).code, 'DOSI_ERR_DEVICE_PROFILE_IN_USE');
    assert.equal((await app.fetch('/api/v1/devices/bin-001', { method: 'DELETE' })).status, 204);
    assert.equal(
      (await app.fetch(`/ngsi-ld/v1/entities/${encodeURIComponent(device.entityId)}`)).status,
      404,
    );
  });

  test('CSV import: per-line errors with 200', async () => {
    const csv =
      '\uFEFFid,profile,name,lon,lat,devEui\n' +
      'csv-1,waste-bin,"미사동, 1번",127.19,37.56,\n' +
      'csv-2,nope,잘못,,,\n' +
      'csv-3,waste-bin,,,,00112233445566ff\n';
    const r = await app.fetch('/api/v1/devices/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      body: csv,
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const out = (await r.json()) as any;
    assert.deepEqual(
      (out.created as { id: string }[]).map((c) => c.id),
      ['csv-1', 'csv-3'],
    );
    assert.deepEqual(out.errors.length, 1);
    assert.equal(out.errors[0].line, 3);
    assert.match(out.errors[0].message, /nope/);
    assert.equal(((await (await app.fetch('/api/v1/devices/csv-1')).json()) as any).name, '미사동, 1번');
    const bad = await app.fetch('/api/v1/devices/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'serial,profile\nx,y\n',
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as any).code, 'DOSI_ERR_DEVICE_CSV_INVALID');
  });

  test('viewers read but may not change; other tenants see nothing', async () => {
    const asViewer = { role: 'viewer' as const };
    assert.equal((await app.fetch('/api/v1/devices', asViewer)).status, 200);
    assert.equal((await app.fetch('/api/v1/device-profiles/waste-bin', asViewer)).status, 200);
    for (const [path, init] of [
      ['/api/v1/devices', json({ id: 'v-1', profileId: 'waste-bin' })],
      ['/api/v1/device-profiles', json({ ...PROFILE, id: 'v-profile' })],
      ['/api/v1/devices/csv-1', { method: 'DELETE' }],
      ['/api/v1/devices/csv-1/secret', { method: 'POST' }],
      [
        '/api/v1/devices/import',
        { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,profile\nv-2,waste-bin\n' },
      ],
    ] as const) {
      const r = await app.fetch(path, { ...init, ...asViewer });
      assert.equal(r.status, 403, path);
      assert.equal(((await r.json()) as any).code, 'DOSI_ERR_AUTH_FORBIDDEN');
    }
    assert.equal((await app.fetch('/api/v1/devices/v-1')).status, 404);
    const operator = await app.fetch('/api/v1/devices', {
      ...json({ id: 'op-1', profileId: 'waste-bin' }),
      role: 'operator',
    });
    assert.equal(operator.status, 201);
    assert.equal((await app.fetch('/api/v1/devices/csv-1', { tenant: 'goyang' })).status, 404);
    assert.equal(((await (await app.fetch('/api/v1/devices', { tenant: 'goyang' })).json()) as any).total, 0);
  });

  test('404s and 400s are problem+json with device codes', async () => {
    const cases: [string, RequestInit, number, string][] = [
      ['/api/v1/devices/nope', {}, 404, 'DOSI_ERR_DEVICE_NOT_FOUND'],
      ['/api/v1/devices/nope', json({ name: 'x' }, 'PATCH'), 404, 'DOSI_ERR_DEVICE_NOT_FOUND'],
      ['/api/v1/devices/nope', { method: 'DELETE' }, 404, 'DOSI_ERR_DEVICE_NOT_FOUND'],
      ['/api/v1/devices/nope/secret', { method: 'POST' }, 404, 'DOSI_ERR_DEVICE_NOT_FOUND'],
      ['/api/v1/device-profiles/nope', {}, 404, 'DOSI_ERR_DEVICE_PROFILE_NOT_FOUND'],
      [
        '/api/v1/device-profiles/nope',
        json({ ...PROFILE, id: undefined }, 'PUT'),
        404,
        'DOSI_ERR_DEVICE_PROFILE_NOT_FOUND',
      ],
      ['/api/v1/device-profiles/nope', { method: 'DELETE' }, 404, 'DOSI_ERR_DEVICE_PROFILE_NOT_FOUND'],
      ['/api/v1/devices', json({ id: 'x-1', profileId: 'nope' }), 404, 'DOSI_ERR_DEVICE_PROFILE_NOT_FOUND'],
      ['/api/v1/devices', json({ id: 'x 1', profileId: 'waste-bin' }), 400, 'DOSI_ERR_DEVICE_INVALID'],
      ['/api/v1/devices', json({ id: 'csv-1', profileId: 'waste-bin' }), 409, 'DOSI_ERR_DEVICE_EXISTS'],
      [
        '/api/v1/device-profiles',
        json({ ...PROFILE, id: 'p2', attributes: [{ ...PROFILE.attributes[0], unitCode: 'percent' }] }),
        400,
        'DOSI_ERR_DEVICE_PROFILE_INVALID',
      ],
      ['/api/v1/devices', json({ id: 'x-2' }), 400, 'DOSI_ERR_HTTP_VALIDATION'],
    ];
    for (const [path, init, status, code] of cases) {
      const r = await app.fetch(path, init);
      assert.equal(r.status, status, `${init.method ?? 'GET'} ${path}`);
      assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(((await r.json()) as any).code, code, `${init.method ?? 'GET'} ${path}`);
    }
  });

  test('OpenAPI documents the device routes under the devices tag', async () => {
    const doc = (await (await fetch(`${app.url}/openapi.json`)).json()) as any;
    for (const p of [
      '/api/v1/devices',
      '/api/v1/devices/{id}',
      '/api/v1/device-profiles',
      '/api/v1/devices/import',
    ])
      assert.ok(doc.paths[p], p);
    assert.deepEqual(doc.paths['/api/v1/devices'].post.tags, ['devices']);
    assert.match(doc.paths['/api/v1/devices'].post.summary, /장치 등록.*Register/);
  });
});
