// `dosi sim`: provisions a demo city in a running dosi over its HTTP API, then drives its devices over
// MQTT — for demos against a remote dosi and for load tests (`--rate`).
import type { Command } from 'commander';
import { silentLogger, type Logger } from '../kernel/index.ts';
import { demoCityPlan } from './plan.ts';
import { httpRegistry, provisionDemoCity, type FetchLike } from './provision.ts';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator.ts';

export interface SimCommandDeps {
  http?: FetchLike;
  /** Where status lines go (default process.stderr). */
  out?: { write(s: string): unknown };
  log?: Logger;
  createSimulator?: (o: SimulatorOptions) => Simulator;
  /** Stop on SIGINT/SIGTERM (default true; tests turn it off). */
  handleSignals?: boolean;
  /** Status line period (default 5000 ms). */
  statusEveryMs?: number;
}

interface SimFlags {
  url: string;
  token?: string;
  tenant: string;
  mqtt: string;
  devices: string;
  rate?: string;
  duration?: string;
  prefix: string;
  speed: string;
  seed: string;
  qos: string;
}

function positive(name: string, v: string, integer = false): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got '${v}'`);
  return n;
}

export function registerSimCommand(program: Command, deps: SimCommandDeps = {}): Command {
  return program
    .command('sim')
    .description(
      'simulate the Hanam demo city (하남시 데모 도시): provision devices over HTTP, publish over MQTT',
    )
    .option('--url <url>', 'HTTP base URL of a dosi', 'http://localhost:8080')
    .option('--token <token>', 'bearer token (default: DOSI_TOKEN)')
    .option('--tenant <code>', 'tenant', 'hanam')
    .option('--mqtt <url>', 'MQTT broker URL of that dosi', 'mqtt://localhost:1883')
    .option('--devices <n>', 'number of devices', '300')
    .option('--rate <msgs>', 'load mode: total messages per second (default: realistic intervals)')
    .option('--duration <s>', 'stop after this many seconds (default: until Ctrl-C)')
    .option('--prefix <p>', 'prefix of device and profile ids', 'sim')
    .option('--speed <x>', 'time multiplier of the realistic mode', '1')
    .option('--seed <seed>', 'seed of the city plan and readings', 'dosi-demo-city')
    .option('--qos <q>', 'MQTT QoS, 0 or 1', '1')
    .action(async (f: SimFlags) => {
      const out = deps.out ?? process.stderr;
      const log = deps.log ?? silentLogger;
      const devices = positive('devices', f.devices, true);
      const rate = f.rate === undefined ? undefined : positive('rate', f.rate);
      const duration = f.duration === undefined ? undefined : positive('duration', f.duration);
      const speed = positive('speed', f.speed);
      if (f.qos !== '0' && f.qos !== '1') throw new Error(`--qos must be 0 or 1, got '${f.qos}'`);
      const token = f.token ?? process.env.DOSI_TOKEN;

      const plan = demoCityPlan({ tenant: f.tenant, devices, seed: f.seed, prefix: f.prefix });
      out.write(`provisioning ${plan.devices.length} devices in tenant ${f.tenant} at ${f.url} …\n`);
      const registry = httpRegistry({
        url: f.url,
        tenant: f.tenant,
        ...(token ? { token } : {}),
        ...(deps.http ? { http: deps.http } : {}),
      });
      const prov = await provisionDemoCity(registry, plan);
      out.write(
        `provisioned: ${prov.profilesCreated} profiles created, ${prov.devicesCreated} devices created, ${prov.devicesReused} reused\n`,
      );

      const sim = (deps.createSimulator ?? createSimulator)({
        mqttUrl: f.mqtt,
        devices: prov.devices,
        speed,
        qos: f.qos === '1' ? 1 : 0,
        log,
        ...(rate !== undefined ? { rate } : {}),
      });
      const status = () => {
        const s = sim.stats();
        out.write(
          `sim: ${s.connected}/${prov.devices.length} connected  sent ${s.sent}  acked ${s.acked}  errors ${s.errors}  skipped ${s.skipped}  ${s.ratePerSec} msg/s\n`,
        );
      };

      await new Promise<void>((resolve) => {
        const timer = setInterval(status, deps.statusEveryMs ?? 5000);
        let stopTimer: NodeJS.Timeout | undefined;
        let finished = false;
        const finish = () => {
          finished = true;
          clearInterval(timer);
          if (stopTimer) clearTimeout(stopTimer);
          process.removeListener('SIGINT', finish);
          process.removeListener('SIGTERM', finish);
          resolve();
        };
        if (deps.handleSignals !== false) {
          process.once('SIGINT', finish);
          process.once('SIGTERM', finish);
        }
        sim.start().then(
          () => {
            if (finished) return;
            // The duration counts once every device has had its first connection attempt.
            if (duration !== undefined) stopTimer = setTimeout(finish, duration * 1000);
            out.write(
              `simulating ${rate !== undefined ? `${rate} msg/s` : 'at realistic intervals'}${duration !== undefined ? ` for ${duration} s` : ''} — Ctrl-C to stop\n`,
            );
          },
          (err: unknown) => {
            out.write(`simulator failed: ${err instanceof Error ? err.message : String(err)}\n`);
            finish();
          },
        );
      });
      await sim.stop();
      status();
    });
}
