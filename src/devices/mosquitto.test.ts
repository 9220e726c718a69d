// Interoperability with a real Mosquitto 2.x: hashes written by mosquitto_passwd verify here, and the
// password/ACL files exported by dosi are accepted by a mosquitto broker started on a free port.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { mosquittoAclFile, mosquittoPasswordFile } from './mosquitto.ts';
import { hashDeviceSecret, newDeviceSecret, verifyDeviceSecret } from './secrets.ts';

const BROKER = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p));
const TOOLS = ['mosquitto_passwd', 'mosquitto_pub', 'mosquitto_sub'].map((t) => `/usr/bin/${t}`);
const missing = [...(BROKER ? [] : ['mosquitto']), ...TOOLS.filter((t) => !existsSync(t))];
const skip = missing.length ? `Mosquitto is not installed here (missing ${missing.join(', ')})` : false;

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ port, host: '127.0.0.1' });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`mosquitto did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('mosquitto interop', { skip }, () => {
  let dir: string;
  let broker: ChildProcess | undefined;
  let port = 0;
  let brokerLog = '';
  const dev = { tenant: 'hanam', id: 'bin-001', secret: newDeviceSecret() };
  const other = { tenant: 'hanam', id: 'bin-002', secret: newDeviceSecret() };
  const ingest = { username: 'dosi-ingest', password: newDeviceSecret() };
  const base = () => ['-h', '127.0.0.1', '-p', String(port)];
  const as = (u: string, p: string) => ['-u', u, '-P', p];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dosi-mosquitto-'));
    await chmod(dir, 0o755); // mosquitto may drop root privileges before reading the files
  });
  after(async () => {
    broker?.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  test('hashes written by mosquitto_passwd ($7$ and $6$) verify here', async () => {
    const file = join(dir, 'from-mosquitto');
    const pw = '비밀-secret 123';
    assert.equal((await run('/usr/bin/mosquitto_passwd', ['-c', '-b', file, 'u7', pw])).code, 0);
    assert.equal((await run('/usr/bin/mosquitto_passwd', ['-H', 'sha512', '-b', file, 'u6', pw])).code, 0);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const hashOf = (u: string) => lines.find((l) => l.startsWith(`${u}:`))?.slice(u.length + 1) ?? '';
    assert.match(hashOf('u7'), /^\$7\$101\$/);
    assert.match(hashOf('u6'), /^\$6\$/);
    for (const u of ['u7', 'u6']) {
      assert.equal(verifyDeviceSecret(pw, hashOf(u)), true, u);
      assert.equal(verifyDeviceSecret(`${pw}x`, hashOf(u)), false, u);
    }
  });

  test('a broker with dosi’s password and ACL files admits devices with their secrets only', async () => {
    const entries = [dev, other].map((d) => ({ ...d, secretHash: hashDeviceSecret(d.secret) }));
    const ingestHash = hashDeviceSecret(ingest.password);
    await writeFile(
      join(dir, 'passwd'),
      mosquittoPasswordFile(entries, { username: ingest.username, hash: ingestHash }),
      {
        mode: 0o644,
      },
    );
    await writeFile(join(dir, 'acl'), mosquittoAclFile(entries, ingest.username), { mode: 0o644 });
    port = await freePort();
    await writeFile(
      join(dir, 'mosquitto.conf'),
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous false',
        `password_file ${join(dir, 'passwd')}`,
        `acl_file ${join(dir, 'acl')}`,
        'persistence false',
        '',
      ].join('\n'),
      { mode: 0o644 },
    );
    broker = spawn(BROKER!, ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    broker.stderr?.on('data', (b: Buffer) => (brokerLog += b.toString()));
    await waitForPort(port);

    const user = `${dev.id}@${dev.tenant}`;
    const topic = `dosi/${dev.tenant}/${dev.id}/attrs`;
    const ok = await run('/usr/bin/mosquitto_pub', [
      ...base(),
      ...as(user, dev.secret),
      '-t',
      topic,
      '-m',
      '{}',
    ]);
    assert.equal(ok.code, 0, `${ok.stderr}\n${brokerLog}`);
    const wrong = await run('/usr/bin/mosquitto_pub', [
      ...base(),
      ...as(user, other.secret),
      '-t',
      topic,
      '-m',
      '{}',
    ]);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /not authori[sz]ed/i);
    const unknown = await run('/usr/bin/mosquitto_pub', [
      ...base(),
      ...as('ghost@hanam', dev.secret),
      '-t',
      topic,
      '-m',
      '{}',
    ]);
    assert.notEqual(unknown.code, 0);
  });

  test('the ACL: a device writes only its own topics, reads only its commands; ingest reads all', async () => {
    assert.ok(port > 0, 'the broker runs');
    const user = `${dev.id}@${dev.tenant}`;
    // The ingest account listens to everything; the device publishes to another device's topic
    // (dropped by the broker) and to its own. The first message ingest sees must be the own one.
    const sub = run('/usr/bin/mosquitto_sub', [
      ...base(),
      ...as(ingest.username, ingest.password),
      '-t',
      'dosi/#',
      '-C',
      '1',
      '-W',
      '10',
      '-v',
    ]);
    // The device waits for a command; a read of bin-002's commands must yield nothing.
    const cmd = run('/usr/bin/mosquitto_sub', [
      ...base(),
      ...as(user, dev.secret),
      '-t',
      `dosi/hanam/${dev.id}/cmd`,
      '-C',
      '1',
      '-W',
      '10',
    ]);
    const foreign = run('/usr/bin/mosquitto_sub', [
      ...base(),
      ...as(user, dev.secret),
      '-t',
      `dosi/hanam/${other.id}/cmd`,
      '-C',
      '1',
      '-W',
      '3',
    ]);
    let done = false;
    void Promise.all([sub, cmd]).then(() => (done = true));
    for (let i = 0; i < 40 && !done; i++) {
      await run('/usr/bin/mosquitto_pub', [
        ...base(),
        ...as(user, dev.secret),
        '-t',
        `dosi/hanam/${other.id}/attrs`,
        '-m',
        'forged',
      ]);
      await run('/usr/bin/mosquitto_pub', [
        ...base(),
        ...as(user, dev.secret),
        '-t',
        `dosi/hanam/${dev.id}/attrs`,
        '-m',
        '{"fill":42}',
      ]);
      for (const target of [dev.id, other.id])
        await run('/usr/bin/mosquitto_pub', [
          ...base(),
          ...as(ingest.username, ingest.password),
          '-t',
          `dosi/hanam/${target}/cmd`,
          '-m',
          `open-${target}`,
        ]);
      await new Promise((r) => setTimeout(r, 100));
    }
    const [s, c, f] = await Promise.all([sub, cmd, foreign]);
    assert.equal(s.stdout.trim(), `dosi/hanam/${dev.id}/attrs {"fill":42}`);
    assert.equal(c.stdout.trim(), `open-${dev.id}`);
    assert.equal(f.stdout.trim(), '', 'no commands of another device');
  });
});
