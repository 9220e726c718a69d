// `dosi device …` commands: provision devices and profiles from the shell, bulk-import a CSV with a
// progress bar, and export mosquitto password/ACL files. Secrets go to stdout (or --out) exactly once;
// everything meant for the operator's eyes goes to stderr so that scripts can capture stdout.
import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { csvLine } from './csv.ts';
import type { DeviceService } from './device.service.ts';
import type { NewDevice } from './device-input.ts';
import { hashDeviceSecret, newDeviceSecret } from './secrets.ts';
import { mqttUsername } from './types.ts';

export type OpenDevices = (cmd: Command) => Promise<{ devices: DeviceService; close(): Promise<void> }>;

/** Where the commands write; the process streams unless a caller (a test) passes others. */
export interface DeviceCliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

async function withDevices<T>(open: OpenDevices, cmd: Command, fn: (d: DeviceService) => Promise<T>) {
  const h = await open(cmd);
  try {
    return await fn(h.devices);
  } finally {
    await h.close();
  }
}

function number(what: string) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`${what} must be a number, got ${v}`);
    return n;
  };
}

export function registerDeviceCommands(
  program: Command,
  open: OpenDevices,
  io: DeviceCliIo = { stdout: process.stdout, stderr: process.stderr },
): Command {
  const out = (s: string) => io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  const note = (s: string) => io.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
  const device = program.command('device').description('manage devices and device profiles (장치 관리)');

  device
    .command('create <id>')
    .description('register a device; prints its secret once (MQTT password / HTTP device key)')
    .requiredOption('--tenant <code>', 'tenant')
    .requiredOption('--profile <id>', 'device profile')
    .option('--name <name>', 'display name, e.g. "하남시청 앞 1번"')
    .option('--lon <deg>', 'longitude (WGS 84)', number('--lon'))
    .option('--lat <deg>', 'latitude (WGS 84)', number('--lat'))
    .option('--dev-eui <eui>', 'LoRaWAN DevEUI (16 hex digits)')
    .option('--entity-id <uri>', 'existing NGSI-LD entity to update')
    .action(
      async (
        id: string,
        o: {
          tenant: string;
          profile: string;
          name?: string;
          lon?: number;
          lat?: number;
          devEui?: string;
          entityId?: string;
        },
        cmd: Command,
      ) => {
        if ((o.lon === undefined) !== (o.lat === undefined))
          throw new Error('give both --lon and --lat, or neither');
        const input: NewDevice = {
          id,
          profileId: o.profile,
          ...(o.name !== undefined ? { name: o.name } : {}),
          ...(o.lon !== undefined && o.lat !== undefined ? { location: [o.lon, o.lat] } : {}),
          ...(o.devEui !== undefined ? { devEui: o.devEui } : {}),
          ...(o.entityId !== undefined ? { entityId: o.entityId } : {}),
        };
        await withDevices(open, cmd, async (svc) => {
          const { device: d, secret } = await svc.createDevice(o.tenant, input);
          note(`device ${d.id} created in ${d.tenant}; entity ${d.entityId}`);
          note(
            `MQTT user: ${mqttUsername(d.tenant, d.id)}  — the secret below is shown once / 비밀키는 한 번만 표시됩니다`,
          );
          out(secret);
        });
      },
    );

  device
    .command('list')
    .description('list the devices of a tenant (tab-separated)')
    .requiredOption('--tenant <code>', 'tenant')
    .option('--profile <id>', 'only devices of this profile')
    .option('--online', 'only online devices')
    .action(async (o: { tenant: string; profile?: string; online?: boolean }, cmd: Command) => {
      await withDevices(open, cmd, async (svc) => {
        out(['id', 'profile', 'online', 'lastSeenAt', 'disabled', 'entityId', 'name'].join('\t'));
        for (let offset = 0; ;) {
          const page = await svc.listDevices(o.tenant, {
            offset,
            limit: 1000,
            ...(o.profile !== undefined ? { profileId: o.profile } : {}),
            ...(o.online ? { online: true } : {}),
          });
          for (const d of page.devices)
            out(
              [d.id, d.profileId, d.online, d.lastSeenAt ?? '-', d.disabled, d.entityId, d.name ?? ''].join(
                '\t',
              ),
            );
          offset += page.devices.length;
          if (page.devices.length === 0 || offset >= page.total) break;
        }
      });
    });

  device
    .command('import <file>')
    .description(
      'import devices from CSV (header id,profile[,name,lon,lat,devEui]); writes their credentials',
    )
    .requiredOption('--tenant <code>', 'tenant')
    .option('--out <file>', 'write credentials (id,mqttUsername,secret) to this CSV file instead of stdout')
    .action(async (file: string, o: { tenant: string; out?: string }, cmd: Command) => {
      const text = await readFile(file, 'utf8');
      await withDevices(open, cmd, async (svc) => {
        const bar = new cliProgress.SingleBar(
          {
            stream: io.stderr,
            format: 'importing / 가져오는 중 [{bar}] {value}/{total}',
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        let started = false;
        let result;
        try {
          result = await svc.importCsv(o.tenant, text, (done, total) => {
            if (!started) {
              bar.start(total, done);
              started = true;
            } else bar.update(done);
          });
        } finally {
          if (started) bar.stop();
        }
        const creds = [
          csvLine(['id', 'mqttUsername', 'secret']),
          ...result.created.map((c) => csvLine([c.id, mqttUsername(o.tenant, c.id), c.secret])),
        ].join('\n');
        if (o.out !== undefined) {
          await writeFile(o.out, `${creds}\n`, { mode: 0o600 });
          note(`credentials of ${result.created.length} device(s) written to ${o.out} (keep it secret)`);
        } else out(creds);
        for (const e of result.errors) note(`line ${e.line}: ${e.message}`);
        note(`${result.created.length} imported, ${result.errors.length} failed`);
        if (result.errors.length > 0) process.exitCode = 1;
      });
    });

  const profile = device.command('profile').description('manage device profiles');
  profile
    .command('create')
    .description('create a device profile from a JSON file')
    .requiredOption('--tenant <code>', 'tenant')
    .requiredOption(
      '--file <profile.json>',
      'the profile (id, entityType, attributes, reportingIntervalSec, …)',
    )
    .action(async (o: { tenant: string; file: string }, cmd: Command) => {
      let body: unknown;
      try {
        body = JSON.parse(await readFile(o.file, 'utf8')) as unknown;
      } catch (err) {
        throw new Error(`cannot read ${o.file} as JSON: ${(err as Error).message}`);
      }
      await withDevices(open, cmd, async (svc) => {
        out(JSON.stringify(await svc.createProfile(o.tenant, body), null, 2));
      });
    });
  profile
    .command('list')
    .description('list the device profiles of a tenant')
    .requiredOption('--tenant <code>', 'tenant')
    .action(async (o: { tenant: string }, cmd: Command) => {
      await withDevices(open, cmd, async (svc) => {
        for (const p of await svc.listProfiles(o.tenant))
          out([p.id, p.entityType, `${p.reportingIntervalSec}s`, p.dataClass, p.name].join('\t'));
      });
    });

  device
    .command('mosquitto')
    .description(
      'write mosquitto password_file and acl_file for every enabled device (the ingest password comes from DOSI_MQTT_INGEST_PASSWORD or is generated)',
    )
    .requiredOption('--passwd <file>', 'password_file to write')
    .requiredOption('--acl <file>', 'acl_file to write')
    .option('--ingest-user <name>', 'MQTT account dosi ingests with', 'dosi-ingest')
    .action(async (o: { passwd: string; acl: string; ingestUser: string }, cmd: Command) => {
      const given = process.env.DOSI_MQTT_INGEST_PASSWORD;
      const password = given && given.length > 0 ? given : newDeviceSecret();
      await withDevices(open, cmd, async (svc) => {
        const files = await svc.exportMosquitto(o.ingestUser, hashDeviceSecret(password));
        // The broker's user must read both files; the password file holds hashes only.
        await writeFile(o.passwd, files.passwd, { mode: 0o640 });
        await writeFile(o.acl, files.acl, { mode: 0o644 });
        note(`${files.devices} device(s) written to ${o.passwd} and ${o.acl}`);
        if (!given) note(`ingest account ${o.ingestUser} password (shown once): ${password}`);
      });
    });

  return device;
}
