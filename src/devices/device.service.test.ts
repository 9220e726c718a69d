// The device registry service against both database engines (PGlite, and PostgreSQL when reachable):
// profiles, provisioning with entities, CSV import, liveness, caching and authentication.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { after, before, describe, mock, test } from 'node:test';
import { backends } from '../../test/helpers/backends.ts';
import type { DeviceStateEvent } from '../bus/types.ts';
import { contextMigrations, createContextService } from '../context/index.ts';
import { temporalMigrations } from '../context/temporal/index.ts';
import { identityMigrations } from '../identity/index.ts';
import { DosiError, fixedClock, silentLogger, type ErrorDefinition } from '../kernel/index.ts';
import { migrate, type Db } from '../storage/index.ts';
import { createDeviceService, type DeviceService } from './device.service.ts';
import { deviceErrors } from './errors.ts';
import { createHeartbeatMonitor } from './heartbeat.ts';
import { devicesMigrations } from './migrations.ts';
import { timeseriesMigrations } from '../timeseries/index.ts';
import { verifyDeviceSecret } from './secrets.ts';

const T0 = '2025-05-01T00:00:00.000Z';
const LOCATION = 'https://uri.etsi.org/ngsi-ld/location';
const DEVICE_ID = 'https://uri.etsi.org/ngsi-ld/default-context/deviceId';

const BIN = {
  id: 'waste-bin',
  name: '음식물 쓰레기통 센서',
  entityType: 'WasteContainer',
  reportingIntervalSec: 600,
  attributes: [
    { key: 'fill', attr: 'fillingLevel', type: 'number', unitCode: 'P1', min: 0, max: 100 },
    { key: 'temp', attr: 'temperature', type: 'number', unitCode: 'CEL' },
  ],
};

async function rejects(p: Promise<unknown>, def: ErrorDefinition, re?: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof DosiError, `expected DosiError, got ${String(err)}`);
    assert.equal(err.code, def.code);
    if (re) assert.match(err.message, re);
    return true;
  });
}

for (const backend of await backends()) {
  describe(`device registry on ${backend.name}`, { skip: backend.skip }, () => {
    let db: Db;
    let clock: ReturnType<typeof fixedClock>;
    let context: ReturnType<typeof createContextService>;
    let svc: DeviceService;

    before(async () => {
      db = await backend.open();
      await migrate(db, [
        ...identityMigrations,
        ...contextMigrations,
        ...temporalMigrations,
        ...timeseriesMigrations,
        ...devicesMigrations,
      ]);
      await db.query(
        `INSERT INTO tenants (code, name_ko, name_en) VALUES ('hanam', '하남시', 'Hanam-si'), ('goyang', '고양시', 'Goyang-si')`,
      );
      clock = fixedClock(T0);
      context = createContextService({ db, clock, log: silentLogger });
      svc = createDeviceService({ db, clock, log: silentLogger, context });
      await svc.createProfile('hanam', BIN);
    });
    after(async () => {
      await db?.close();
    });

    test('profiles: create, read, list, replace, duplicates and unknown tenants', async () => {
      const p = await svc.createProfile('hanam', { ...BIN, id: 'tmp-profile', dataClass: 'personal' });
      assert.equal(p.tenant, 'hanam');
      assert.equal(p.dataClass, 'personal');
      assert.equal(p.createdAt, T0);
      assert.deepEqual(await svc.getProfile('hanam', 'tmp-profile'), p);
      assert.deepEqual(
        (await svc.listProfiles('hanam')).map((x) => x.id),
        ['tmp-profile', 'waste-bin'],
      );
      assert.deepEqual(await svc.listProfiles('goyang'), []);
      await rejects(svc.createProfile('hanam', BIN), deviceErrors.PROFILE_EXISTS, /waste-bin/);
      await rejects(svc.createProfile('nowhere', BIN), {
        code: 'DOSI_ERR_TENANT_UNKNOWN',
      } as ErrorDefinition);
      await rejects(svc.getProfile('goyang', 'waste-bin'), deviceErrors.PROFILE_NOT_FOUND);
      await rejects(
        svc.createProfile('hanam', { ...BIN, id: 'bad', reportingIntervalSec: 0 }),
        deviceErrors.PROFILE_INVALID,
        /reportingIntervalSec/,
      );
      const replaced = await svc.updateProfile('hanam', 'tmp-profile', {
        ...BIN,
        id: undefined,
        name: '바뀐 이름',
        reportingIntervalSec: 60,
      });
      assert.equal(replaced.name, '바뀐 이름');
      assert.equal(replaced.reportingIntervalSec, 60);
      assert.equal(replaced.dataClass, 'default');
      assert.equal(replaced.createdAt, T0);
      await rejects(
        svc.updateProfile('hanam', 'tmp-profile', { ...BIN, id: 'other' }),
        deviceErrors.PROFILE_INVALID,
        /differs/,
      );
      await svc.deleteProfile('hanam', 'tmp-profile');
      await rejects(svc.deleteProfile('hanam', 'tmp-profile'), deviceErrors.PROFILE_NOT_FOUND);
    });

    test('createDevice makes the entity, returns the secret once and never the hash', async () => {
      const { device, secret } = await svc.createDevice('hanam', {
        id: 'bin-001',
        profileId: 'waste-bin',
        name: '하남시청 앞 1번',
        location: [127.2148, 37.5392],
        devEui: '70-B3-D5-7E-D0-05-12-34',
      });
      assert.equal(secret.length, 32);
      assert.equal(device.entityId, 'urn:ngsi-ld:WasteContainer:hanam:bin-001');
      assert.equal(device.entityType, 'WasteContainer');
      assert.equal(device.devEui, '70b3d57ed0051234');
      assert.deepEqual(device.location, [127.2148, 37.5392]);
      assert.equal(device.online, false);
      assert.equal('secretHash' in device, false);
      const got = await svc.getDevice('hanam', 'bin-001');
      assert.deepEqual(got, device);
      assert.equal(JSON.stringify(got).includes('$7$'), false);
      const e = await context.getEntity('hanam', device.entityId);
      assert.deepEqual(e.types, ['https://uri.etsi.org/ngsi-ld/default-context/WasteContainer']);
      assert.equal(e.attrs[DEVICE_ID]?.[0]?.value, 'bin-001');
      assert.deepEqual(e.attrs[LOCATION]?.[0]?.value, { type: 'Point', coordinates: [127.2148, 37.5392] });
      const stored = await db.query<{ secret_hash: string }>(
        `SELECT secret_hash FROM devices WHERE tenant = 'hanam' AND id = 'bin-001'`,
      );
      assert.match(stored.rows[0]!.secret_hash, /^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
      assert.ok(verifyDeviceSecret(secret, stored.rows[0]!.secret_hash));

      await rejects(
        svc.createDevice('hanam', { id: 'bin-001', profileId: 'waste-bin' }),
        deviceErrors.DEVICE_EXISTS,
      );
      await rejects(
        svc.createDevice('hanam', { id: 'bin-002', profileId: 'waste-bin', devEui: '70b3d57ed0051234' }),
        deviceErrors.DEVEUI_TAKEN,
        /bin-001/,
      );
      await rejects(
        svc.createDevice('hanam', { id: 'bin 3', profileId: 'waste-bin' }),
        deviceErrors.DEVICE_INVALID,
      );
      await rejects(
        svc.createDevice('hanam', { id: 'bin-3', profileId: 'nope' }),
        deviceErrors.PROFILE_NOT_FOUND,
      );
      await rejects(
        svc.createDevice('hanam', { id: 'bin-3', profileId: 'waste-bin', location: [200, 37] }),
        deviceErrors.DEVICE_INVALID,
        /longitude/,
      );
      // The same device id in another tenant is another device.
      await svc.createProfile('goyang', BIN);
      const other = await svc.createDevice('goyang', { id: 'bin-001', profileId: 'waste-bin' });
      assert.equal(other.device.entityId, 'urn:ngsi-ld:WasteContainer:goyang:bin-001');
      await rejects(svc.deleteProfile('hanam', 'waste-bin'), deviceErrors.PROFILE_IN_USE, /bin-001/);
      await rejects(
        svc.updateProfile('hanam', 'waste-bin', { ...BIN, entityType: 'Bin' }),
        deviceErrors.PROFILE_IN_USE,
        /WasteContainer/,
      );
    });

    test('an existing entity is reused, and kept or deleted with the device', async () => {
      const entityId = 'urn:ngsi-ld:WasteContainer:hanam:asset-77';
      await context.createEntity(
        'hanam',
        { id: entityId, type: 'WasteContainer' },
        { expandTerm: (t) => `https://uri.etsi.org/ngsi-ld/default-context/${t}`, compactIri: (i) => i },
      );
      const { device } = await svc.createDevice('hanam', { id: 'reuse-1', profileId: 'waste-bin', entityId });
      assert.equal(device.entityId, entityId);
      const e = await context.getEntity('hanam', entityId);
      assert.equal(e.attrs[DEVICE_ID], undefined, 'an existing entity is not rewritten');
      await svc.createDevice('hanam', { id: 'reuse-2', profileId: 'waste-bin', entityId });
      await svc.deleteDevice('hanam', 'reuse-1');
      assert.equal((await context.exists('hanam', [entityId])).size, 1, 'still used by reuse-2');
      await svc.deleteDevice('hanam', 'reuse-2', { keepEntity: true });
      assert.equal((await context.exists('hanam', [entityId])).size, 1, 'kept on request');
      const { device: d3 } = await svc.createDevice('hanam', { id: 'reuse-3', profileId: 'waste-bin' });
      await svc.deleteDevice('hanam', 'reuse-3');
      assert.equal((await context.exists('hanam', [d3.entityId])).size, 0, 'deleted with its device');
      await rejects(svc.deleteDevice('hanam', 'reuse-3'), deviceErrors.DEVICE_NOT_FOUND);
      await rejects(svc.getDevice('hanam', 'reuse-3'), deviceErrors.DEVICE_NOT_FOUND);
    });

    test('updateDevice changes the registry and the entity; listDevices pages and filters', async () => {
      await svc.createDevice('hanam', { id: 'upd-1', profileId: 'waste-bin', name: '옛 이름' });
      const d = await svc.updateDevice('hanam', 'upd-1', {
        name: '새 이름',
        location: [127.2, 37.55],
        devEui: 'AABBCCDDEEFF0011',
      });
      assert.equal(d.name, '새 이름');
      assert.equal(d.devEui, 'aabbccddeeff0011');
      const e = await context.getEntity('hanam', d.entityId);
      assert.deepEqual(e.attrs[LOCATION]?.[0]?.value, { type: 'Point', coordinates: [127.2, 37.55] });
      const cleared = await svc.updateDevice('hanam', 'upd-1', { name: null, devEui: null, disabled: true });
      assert.equal(cleared.name, undefined);
      assert.equal(cleared.devEui, undefined);
      assert.equal(cleared.disabled, true);
      await svc.createProfile('hanam', { ...BIN, id: 'other-type', entityType: 'Streetlight' });
      await rejects(
        svc.updateDevice('hanam', 'upd-1', { profileId: 'other-type' }),
        deviceErrors.DEVICE_INVALID,
        /Streetlight/,
      );
      await rejects(svc.updateDevice('hanam', 'ghost', { name: 'x' }), deviceErrors.DEVICE_NOT_FOUND);

      const all = await svc.listDevices('hanam');
      assert.deepEqual(
        all.devices.map((x) => x.id),
        ['bin-001', 'upd-1'],
      );
      assert.deepEqual([all.total, all.limit, all.offset], [2, 100, 0]);
      const page2 = await svc.listDevices('hanam', { limit: 1, offset: 1 });
      assert.deepEqual(
        page2.devices.map((x) => x.id),
        ['upd-1'],
      );
      assert.equal(page2.total, 2);
      assert.equal((await svc.listDevices('hanam', { profileId: 'waste-bin' })).total, 2);
      assert.equal((await svc.listDevices('hanam', { profileId: 'other-type' })).total, 0);
      assert.equal((await svc.listDevices('hanam', { online: true })).total, 0);
    });

    test('importCsv: 4 of 5 rows imported, the bad one reported by line; quotes, BOM and Korean', async () => {
      const csv =
        '\uFEFFid,profile,name,lon,lat,devEui\r\n' +
        'csv-1,waste-bin,"하남시 미사강변, 3단지",127.19,37.56,0011223344556677\r\n' +
        'csv-2,waste-bin,"따옴표 ""A"" 동",,,\r\n' +
        'csv-3,no-such-profile,잘못된 행,,,\r\n' +
        '\r\n' +
        'csv-4,waste-bin,덕풍동,127.21,37.54,\r\n' +
        'csv-5,waste-bin,,,,\r\n';
      const progress: [number, number][] = [];
      const r = await svc.importCsv('hanam', csv, (done, total) => progress.push([done, total]));
      assert.deepEqual(
        r.created.map((c) => c.id),
        ['csv-1', 'csv-2', 'csv-4', 'csv-5'],
      );
      assert.ok(r.created.every((c) => c.secret.length === 32));
      assert.equal(r.errors.length, 1);
      assert.equal(r.errors[0]?.line, 4);
      assert.match(r.errors[0]?.message ?? '', /no-such-profile/);
      assert.deepEqual(progress.at(-1), [5, 5]);
      assert.equal(progress.length, 6);
      const d1 = await svc.getDevice('hanam', 'csv-1');
      assert.equal(d1.name, '하남시 미사강변, 3단지');
      assert.deepEqual(d1.location, [127.19, 37.56]);
      assert.equal(d1.devEui, '0011223344556677');
      assert.equal((await svc.getDevice('hanam', 'csv-2')).name, '따옴표 "A" 동');
      assert.equal((await svc.getDevice('hanam', 'csv-5')).location, undefined);

      const again = await svc.importCsv(
        'hanam',
        'profile,id\nwaste-bin,csv-1\nwaste-bin,csv-6\nwaste-bin,"bad"x\n',
      );
      assert.deepEqual(
        again.created.map((c) => c.id),
        ['csv-6'],
      );
      assert.deepEqual(
        again.errors.map((e) => e.line),
        [2, 4],
      );
      assert.match(again.errors[0]!.message, /already exists/);
      await rejects(
        svc.importCsv('hanam', 'id,kind\nx,y\n'),
        deviceErrors.CSV_INVALID,
        /unknown column "kind"/,
      );
      await rejects(svc.importCsv('hanam', 'name\nx\n'), deviceErrors.CSV_INVALID, /lacks the column id/);
      await rejects(
        svc.importCsv('hanam', 'id,profile\n"x,waste-bin\n'),
        deviceErrors.CSV_INVALID,
        /not closed/,
      );
    });

    test('markSeen: online transitions are returned once and last_seen_at never goes back', async () => {
      await svc.createDevice('hanam', { id: 'seen-1', profileId: 'waste-bin' });
      await svc.createDevice('hanam', { id: 'seen-2', profileId: 'waste-bin' });
      const first = await db.tx((q) =>
        svc.markSeen(q, [
          { tenant: 'hanam', id: 'seen-1', at: '2025-05-01T01:00:00.000Z' },
          { tenant: 'hanam', id: 'seen-1', at: '2025-05-01T01:00:05.000Z' },
          { tenant: 'hanam', id: 'seen-2', at: '2025-05-01T01:00:00.000Z' },
          { tenant: 'hanam', id: 'no-such-device', at: '2025-05-01T01:00:00.000Z' },
        ]),
      );
      assert.deepEqual(first, [
        {
          tenant: 'hanam',
          id: 'seen-1',
          entityId: 'urn:ngsi-ld:WasteContainer:hanam:seen-1',
          lastSeenAt: '2025-05-01T01:00:05.000Z',
        },
        {
          tenant: 'hanam',
          id: 'seen-2',
          entityId: 'urn:ngsi-ld:WasteContainer:hanam:seen-2',
          lastSeenAt: '2025-05-01T01:00:00.000Z',
        },
      ]);
      const second = await svc.markSeen(db, [
        { tenant: 'hanam', id: 'seen-1', at: '2025-05-01T00:30:00.000Z' },
      ]);
      assert.deepEqual(second, [], 'already online: no transition');
      const d = await svc.getDevice('hanam', 'seen-1');
      assert.equal(d.online, true);
      assert.equal(d.lastSeenAt, '2025-05-01T01:00:05.000Z', 'an older reading does not move it back');
      assert.deepEqual(await svc.markSeen(db, []), []);
    });

    test('heartbeat: offline after 3 × the reporting interval, once', async () => {
      await svc.createProfile('hanam', { ...BIN, id: 'fast', reportingIntervalSec: 60 });
      await svc.createDevice('hanam', { id: 'hb-1', profileId: 'fast' });
      await svc.createDevice('hanam', { id: 'hb-2', profileId: 'fast' });
      clock.set('2025-05-02T00:00:00.000Z');
      await svc.markSeen(db, [
        { tenant: 'hanam', id: 'hb-1', at: '2025-05-02T00:00:00.000Z' },
        { tenant: 'hanam', id: 'hb-2', at: '2025-05-02T00:01:30.000Z' },
      ]);
      const events: DeviceStateEvent[] = [];
      const monitor = createHeartbeatMonitor({
        db,
        clock,
        log: silentLogger,
        intervalMs: 1000,
        onChange: (e) => events.push(e),
      });
      clock.set('2025-05-02T00:03:00.000Z'); // exactly 3 × 60 s after hb-1: not yet
      const own = (e: DeviceStateEvent) => e.deviceId.startsWith('hb-');
      assert.deepEqual((await monitor.runOnce()).filter(own), []);
      clock.set('2025-05-02T00:03:00.001Z');
      await monitor.runOnce();
      assert.deepEqual(events.filter(own), [
        {
          tenant: 'hanam',
          deviceId: 'hb-1',
          entityId: 'urn:ngsi-ld:WasteContainer:hanam:hb-1',
          state: 'offline',
          lastSeenAt: '2025-05-02T00:00:00.000Z',
          at: '2025-05-02T00:03:00.001Z',
        },
      ]);
      assert.equal((await svc.getDevice('hanam', 'hb-1')).online, false);
      assert.equal((await svc.getDevice('hanam', 'hb-2')).online, true);
      clock.set('2025-05-02T00:10:00.000Z');
      await monitor.runOnce();
      assert.deepEqual(
        events.filter(own).map((e) => e.deviceId),
        ['hb-1', 'hb-2'],
      );
      await monitor.runOnce();
      assert.equal(events.filter(own).length, 2, 'an offline device is not reported again');
      // Coming back: markSeen reports the transition to online.
      const back = await svc.markSeen(db, [{ tenant: 'hanam', id: 'hb-1', at: '2025-05-02T00:10:00.000Z' }]);
      assert.deepEqual(
        back.map((b) => b.id),
        ['hb-1'],
      );
      monitor.start();
      await monitor.stop();
    });

    test('resolve is cached: own writes show at once, other processes’ after the TTL', async () => {
      await svc.createDevice('hanam', { id: 'cache-1', profileId: 'waste-bin', devEui: '1111222233334444' });
      const a = await svc.resolve('hanam', 'cache-1');
      assert.equal(a?.device.id, 'cache-1');
      assert.equal(a?.profile.id, 'waste-bin');
      assert.ok(Object.isFrozen(a?.device));
      assert.equal(await svc.resolve('hanam', 'cache-1'), a, 'the same object from memory');
      assert.equal((await svc.resolveByDevEui('hanam', '11-11-22-22-33-33-44-44'))?.device.id, 'cache-1');
      assert.equal(await svc.resolve('hanam', 'cache-none'), undefined);
      assert.equal(await svc.resolve('hanam', 'bad id!'), undefined);
      assert.equal(await svc.resolveByDevEui('hanam', 'zz'), undefined);

      // This process's write: visible at once (device, and both DevEUIs).
      await svc.updateDevice('hanam', 'cache-1', { name: '캐시', devEui: '5555666677778888' });
      assert.equal((await svc.resolve('hanam', 'cache-1'))?.device.name, '캐시');
      assert.equal(await svc.resolveByDevEui('hanam', '1111222233334444'), undefined);
      assert.equal((await svc.resolveByDevEui('hanam', '5555666677778888'))?.device.id, 'cache-1');
      // A negative answer is dropped when the device is created here.
      assert.equal(await svc.resolve('hanam', 'cache-2'), undefined);
      await svc.createDevice('hanam', { id: 'cache-2', profileId: 'waste-bin' });
      assert.equal((await svc.resolve('hanam', 'cache-2'))?.device.id, 'cache-2');

      // Another process's write (plain SQL here): seen once the TTL has passed.
      await db.query(`UPDATE devices SET name = 'elsewhere' WHERE tenant = 'hanam' AND id = 'cache-1'`);
      clock.advance(4000);
      assert.equal((await svc.resolve('hanam', 'cache-1'))?.device.name, '캐시');
      clock.advance(1001);
      assert.equal((await svc.resolve('hanam', 'cache-1'))?.device.name, 'elsewhere');
      // A profile change reaches every cached device.
      await svc.updateProfile('hanam', 'waste-bin', { ...BIN, reportingIntervalSec: 900 });
      assert.equal((await svc.resolve('hanam', 'cache-1'))?.profile.reportingIntervalSec, 900);
      await svc.updateProfile('hanam', 'waste-bin', BIN);
    });

    test('authenticate: ok, bad credentials, unknown and disabled devices, rotation; PBKDF2 once', async () => {
      const { secret } = await svc.createDevice('hanam', { id: 'auth-1', profileId: 'waste-bin' });
      const pbkdf2 = mock.method(crypto, 'pbkdf2Sync');
      syncBuiltinESMExports();
      try {
        const ok = await svc.authenticate('hanam', 'auth-1', secret);
        assert.equal(typeof ok === 'object' && ok.device.id, 'auth-1');
        assert.equal(pbkdf2.mock.callCount(), 1);
        for (let i = 0; i < 5; i++)
          assert.equal(typeof (await svc.authenticate('hanam', 'auth-1', secret)), 'object');
        assert.equal(pbkdf2.mock.callCount(), 1, 'repeated checks cost no PBKDF2');
        assert.equal(await svc.authenticate('hanam', 'auth-1', `${secret}x`), 'bad_credentials');
        assert.equal(await svc.authenticate('hanam', 'auth-1', ''), 'bad_credentials');
        assert.equal(await svc.authenticate('hanam', 'nobody', secret), 'unknown_device');
        assert.equal(await svc.authenticate('goyang', 'auth-1', secret), 'unknown_device');

        const { secret: fresh } = await svc.rotateSecret('hanam', 'auth-1');
        assert.notEqual(fresh, secret);
        assert.equal(
          await svc.authenticate('hanam', 'auth-1', secret),
          'bad_credentials',
          'old secret is dead',
        );
        assert.equal(typeof (await svc.authenticate('hanam', 'auth-1', fresh)), 'object');

        await svc.updateDevice('hanam', 'auth-1', { disabled: true });
        assert.equal(await svc.authenticate('hanam', 'auth-1', fresh), 'unknown_device');
        await svc.updateDevice('hanam', 'auth-1', { disabled: false });
        assert.equal(typeof (await svc.authenticate('hanam', 'auth-1', fresh)), 'object');
      } finally {
        pbkdf2.mock.restore();
        syncBuiltinESMExports();
      }
      await rejects(svc.rotateSecret('hanam', 'nobody'), deviceErrors.DEVICE_NOT_FOUND);
    });

    test('exportMosquitto lists enabled devices of all tenants with their ACLs', async () => {
      await svc.createDevice('hanam', { id: 'mq-1', profileId: 'waste-bin' });
      await svc.createDevice('hanam', { id: 'mq-off', profileId: 'waste-bin' });
      await svc.updateDevice('hanam', 'mq-off', { disabled: true });
      const out = await svc.exportMosquitto('dosi-ingest', '$7$101$AAAAAAAAAAAAAAAA$BBBB');
      const users = out.passwd
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split(':')[0]);
      assert.equal(users[0], 'dosi-ingest');
      assert.ok(users.includes('mq-1@hanam'));
      assert.ok(users.includes('bin-001@goyang'));
      assert.ok(!users.includes('mq-off@hanam'));
      assert.equal(out.devices, users.length - 1);
      assert.match(
        out.acl,
        /user mq-1@hanam\ntopic write dosi\/hanam\/mq-1\/attrs\ntopic write dosi\/hanam\/mq-1\/cmdexe\ntopic read dosi\/hanam\/mq-1\/cmd\n/,
      );
      assert.match(out.acl, /user dosi-ingest\ntopic read dosi\/#\ntopic write dosi\/\+\/\+\/cmd\n/);
    });
  });
}
