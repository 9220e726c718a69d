// `dosi device …` commands run in-process against an embedded database.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { Command } from 'commander';
import { contextMigrations, createContextService } from '../context/index.ts';
import { identityMigrations } from '../identity/index.ts';
import { fixedClock, silentLogger } from '../kernel/index.ts';
import { openEmbeddedDb } from '../storage/adapters.ts';
import { migrate, type Db } from '../storage/index.ts';
import { registerDeviceCommands } from './cli.ts';
import { createDeviceService, type DeviceService } from './device.service.ts';
import { devicesMigrations } from './migrations.ts';
import { timeseriesMigrations } from '../timeseries/index.ts';
import { temporalMigrations } from '../context/temporal/index.ts';
import { verifyDeviceSecret } from './secrets.ts';

let db: Db;
let svc: DeviceService;
let dir: string;
let opened = 0;
let closed = 0;

before(async () => {
  db = await openEmbeddedDb();
  await migrate(db, [
    ...identityMigrations,
    ...contextMigrations,
    ...temporalMigrations,
    ...timeseriesMigrations,
    ...devicesMigrations,
  ]);
  await db.query(`INSERT INTO tenants (code, name_ko, name_en) VALUES ('hanam', '하남시', 'Hanam-si')`);
  const clock = fixedClock('2025-05-01T00:00:00.000Z');
  svc = createDeviceService({
    db,
    clock,
    log: silentLogger,
    context: createContextService({ db, clock, log: silentLogger }),
  });
  dir = await mkdtemp(join(tmpdir(), 'dosi-device-cli-'));
});
after(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `dosi <args>` and returns what it wrote. */
async function dosi(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command('dosi').exitOverride();
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _enc, done) {
        add(chunk.toString());
        done();
      },
    });
  registerDeviceCommands(
    program,
    async () => {
      opened++;
      return { devices: svc, close: async () => void closed++ };
    },
    { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) },
  );
  await program.parseAsync(['node', 'dosi', ...args]);
  return { stdout, stderr };
}

test('profile create, device create, list', async () => {
  const file = join(dir, 'profile.json');
  await writeFile(
    file,
    JSON.stringify({
      id: 'waste-bin',
      entityType: 'WasteContainer',
      reportingIntervalSec: 600,
      attributes: [{ key: 'fill', attr: 'fillingLevel', type: 'number', unitCode: 'P1' }],
    }),
  );
  const p = await dosi('device', 'profile', 'create', '--tenant', 'hanam', '--file', file);
  assert.equal(JSON.parse(p.stdout).id, 'waste-bin');

  const c = await dosi(
    'device',
    'create',
    'bin-1',
    '--tenant',
    'hanam',
    '--profile',
    'waste-bin',
    '--name',
    '하남 1',
    '--lon',
    '127.2',
    '--lat',
    '37.5',
  );
  const secret = c.stdout.trim();
  assert.match(secret, /^[A-Za-z0-9_-]{32}$/);
  assert.match(c.stderr, /MQTT user: bin-1@hanam/);
  const d = await svc.getDevice('hanam', 'bin-1');
  assert.deepEqual(d.location, [127.2, 37.5]);
  assert.equal(typeof (await svc.authenticate('hanam', 'bin-1', secret)), 'object');

  const l = await dosi('device', 'list', '--tenant', 'hanam');
  const rows = l.stdout.trim().split('\n');
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[1]?.split('\t').slice(0, 3), ['bin-1', 'waste-bin', 'false']);
  const pl = await dosi('device', 'profile', 'list', '--tenant', 'hanam');
  assert.equal(pl.stdout.trim(), 'waste-bin\tWasteContainer\t600s\tdefault\twaste-bin');
  await assert.rejects(
    dosi('device', 'create', 'bin-2', '--tenant', 'hanam', '--profile', 'waste-bin', '--lon', '127'),
    /both --lon and --lat/,
  );
  assert.equal(opened, closed, 'every open is closed');
});

test('import writes credentials for the good rows and reports the bad one', async () => {
  const csv = join(dir, 'devices.csv');
  const creds = join(dir, 'credentials.csv');
  await writeFile(csv, '\uFEFFid,profile,name\nimp-1,waste-bin,"미사, 1"\nimp-2,ghost,\nimp-3,waste-bin,\n');
  const r = await dosi('device', 'import', csv, '--tenant', 'hanam', '--out', creds);
  assert.equal(process.exitCode, 1);
  process.exitCode = 0;
  assert.match(r.stderr, /line 3: .*ghost/);
  assert.match(r.stderr, /2 imported, 1 failed/);
  assert.equal(r.stdout, '');
  const lines = (await readFile(creds, 'utf8')).trim().split('\n');
  assert.equal(lines[0], 'id,mqttUsername,secret');
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')),
    ['imp-1,imp-1@hanam', 'imp-3,imp-3@hanam'],
  );
  assert.equal((await stat(creds)).mode & 0o777, 0o600);
  const secret = lines[1]!.split(',')[2]!;
  assert.equal(typeof (await svc.authenticate('hanam', 'imp-1', secret)), 'object');
});

test('mosquitto writes both files with the ingest account', async () => {
  const passwd = join(dir, 'passwd');
  const acl = join(dir, 'acl');
  process.env.DOSI_MQTT_INGEST_PASSWORD = 'ingest-pw';
  try {
    const r = await dosi('device', 'mosquitto', '--passwd', passwd, '--acl', acl);
    assert.match(r.stderr, /3 device\(s\) written/);
  } finally {
    delete process.env.DOSI_MQTT_INGEST_PASSWORD;
  }
  const users = (await readFile(passwd, 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
  assert.equal(users.length, 4);
  const ingest = users[0]!.split(':');
  assert.equal(ingest[0], 'dosi-ingest');
  assert.ok(verifyDeviceSecret('ingest-pw', ingest[1]!));
  assert.match(await readFile(acl, 'utf8'), /user imp-3@hanam\ntopic write dosi\/hanam\/imp-3\/attrs/);
});
