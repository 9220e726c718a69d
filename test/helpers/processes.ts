// Real processes for fault tests: dosi itself (spawned like `dosi serve`), a private Mosquitto, and a
// TCP proxy that can cut a connection path (a database or broker "outage") on demand.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface DosiProcess {
  url: string;
  httpPort: number;
  mqttPort: number;
  child: ChildProcess;
  log(): string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..', '..');

/** Starts `dosi serve` in its own process; resolves once /readyz answers 200. */
export async function startDosi(
  env: Record<string, string>,
  opts: { httpPort?: number; mqttPort?: number } = {},
): Promise<DosiProcess> {
  const httpPort = opts.httpPort ?? (await freePort());
  const mqttPort = opts.mqttPort ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli.ts'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DOSI_PORT: String(httpPort),
      DOSI_HOST: '127.0.0.1',
      DOSI_MQTT_PORT: String(mqttPort),
      DOSI_MQTT_HOST: '127.0.0.1',
      DOSI_DEMO: 'false',
      DOSI_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${httpPort}`;
  let dead = false;
  void exited.then(() => (dead = true));
  await waitFor(
    async () => {
      if (dead) throw new Error(`dosi exited during start:\n${out}`);
      return (await fetch(`${url}/readyz`)).ok;
    },
    60_000,
    'dosi to be ready',
  ).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${out}`);
  });
  return {
    url,
    httpPort,
    mqttPort,
    child,
    log: () => out,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (!dead) child.kill(signal);
      await exited;
    },
  };
}

export interface MosquittoProcess {
  port: number;
  dir: string;
  child: ChildProcess;
  /** Reloads password and ACL files (SIGHUP). */
  reload(): void;
  stop(): Promise<void>;
  restart(): Promise<MosquittoProcess>;
}

export const MOSQUITTO_BIN = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'];

/** A private Mosquitto with persistence, a password file and an ACL file (written by the caller into dir). */
export async function startMosquitto(opts: { dir?: string; port?: number } = {}): Promise<MosquittoProcess> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'dosi-mosq-'));
  const port = opts.port ?? (await freePort());
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${join(dir, 'passwd')}`,
      `acl_file ${join(dir, 'acl')}`,
      'persistence true',
      `persistence_location ${dir}/`,
      'autosave_interval 1',
      // dosi's session may queue a lot while dosi is down: nothing may be dropped
      'max_queued_messages 0',
      'max_inflight_messages 0',
      'log_type error',
      // when started as root, stay root so the private files stay readable
      'user root',
      '',
    ].join('\n'),
  );
  const { existsSync } = await import('node:fs');
  const bin = MOSQUITTO_BIN.find((b) => existsSync(b));
  if (!bin) throw new Error('mosquitto is not installed');
  const child = spawn(bin, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      }),
    10_000,
    `mosquitto on ${port}: ${out}`,
  );
  const self: MosquittoProcess = {
    port,
    dir,
    child,
    reload: () => child.kill('SIGHUP'),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
    async restart() {
      await self.stop();
      return startMosquitto({ dir, port });
    },
  };
  return self;
}

/** A TCP proxy; cut() closes every connection and refuses new ones until heal(). */
export async function startProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      down = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    heal() {
      down = false;
    },
    async close() {
      this.cut();
      await new Promise((r) => server.close(r));
    },
  };
}
