import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { mqttUsername } from '../devices/types.ts';
import { DosiError, E } from '../kernel/index.ts';
import { registerSimCommand } from './cli.ts';
import { startDemoCity } from './demo-city.ts';
import { silentLogger } from '../kernel/index.ts';
import type { ProfileInput } from './kinds.ts';
import { demoCityPlan } from './plan.ts';
import { httpRegistry, provisionDemoCity, type NewDeviceInput, type ProvisioningPort } from './provision.ts';
import { startTestBroker } from './testing.ts';

/** A fake of dosi's device API: profiles, devices, secrets, 409 on duplicates. */
function fakeDosi(credentials = new Map<string, string>()) {
  const profiles = new Map<string, Record<string, unknown>>();
  const devices = new Map<string, Record<string, unknown>>();
  const calls: string[] = [];
  let n = 0;
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const http = async (url: string, init: RequestInit): Promise<Response> => {
    const headers = init.headers as Record<string, string>;
    assert.equal(headers.authorization, 'Bearer tok');
    assert.equal(headers['NGSILD-Tenant'], 'hanam');
    assert.equal(init.method, 'POST');
    const path = new URL(url).pathname;
    calls.push(path);
    const body = JSON.parse(init.body as string) as Record<string, unknown>;
    const secret = () => `s${++n}`;
    if (path === '/api/v1/device-profiles') {
      assert.equal('tenant' in body, false, 'the tenant is not part of the body');
      if (profiles.has(body.id as string)) return json(409, { code: 'DOSI_ERR_DEVICE_PROFILE_EXISTS' });
      profiles.set(body.id as string, body);
      return json(201, body);
    }
    if (path === '/api/v1/devices') {
      const id = body.id as string;
      if (devices.has(id)) return json(409, { code: 'DOSI_ERR_DEVICE_EXISTS' });
      assert.ok(profiles.has(body.profileId as string), 'profile created first');
      devices.set(id, body);
      const s = secret();
      credentials.set(mqttUsername('hanam', id), s);
      return json(201, { device: body, secret: s });
    }
    const m = /^\/api\/v1\/devices\/([^/]+)\/secret$/.exec(path);
    if (m && devices.has(decodeURIComponent(m[1]!))) {
      const s = secret();
      credentials.set(mqttUsername('hanam', decodeURIComponent(m[1]!)), s);
      return json(200, { secret: s });
    }
    return json(404, { code: 'not found' });
  };
  return { http, profiles, devices, calls, credentials };
}

describe('provisioning', () => {
  it('over HTTP: creates profiles and devices, then reuses them with rotated secrets', async () => {
    const dosi = fakeDosi();
    const plan = demoCityPlan({ tenant: 'hanam', devices: 20, seed: 5, prefix: 'sim' });
    const port = httpRegistry({ url: 'http://dosi.test/', token: 'tok', tenant: 'hanam', http: dosi.http });
    const first = await provisionDemoCity(port, plan);
    assert.equal(first.profilesCreated, plan.profiles.length);
    assert.equal(first.devicesCreated, 20);
    assert.equal(first.devicesReused, 0);
    assert.equal(dosi.devices.size, 20);
    const bin = plan.devices.find((d) => d.kind === 'waste')!;
    assert.deepEqual(dosi.devices.get(bin.id), {
      id: bin.id,
      profileId: 'sim-waste-container',
      name: bin.name,
      location: bin.location,
    });
    assert.deepEqual(
      (dosi.profiles.get('sim-waste-container')!.attributes as { key: string }[]).map((a) => a.key),
      ['fill', 'temp'],
    );
    assert.deepEqual(
      first.devices.map((d) => d.id),
      plan.devices.map((d) => d.id),
    );
    assert.ok(first.devices.every((d) => d.tenant === 'hanam' && /^s\d+$/.test(d.secret)));

    const again = await provisionDemoCity(port, plan);
    assert.equal(again.profilesCreated, 0);
    assert.equal(again.devicesCreated, 0);
    assert.equal(again.devicesReused, 20);
    assert.equal(dosi.calls.filter((c) => c.endsWith('/secret')).length, 20);
    for (const d of again.devices) {
      assert.notEqual(d.secret, first.devices.find((x) => x.id === d.id)!.secret);
      assert.equal(dosi.credentials.get(mqttUsername('hanam', d.id)), d.secret);
    }
  });

  it('surfaces other HTTP errors', async () => {
    const plan = demoCityPlan({ tenant: 'hanam', devices: 2, seed: 5 });
    const port = httpRegistry({
      url: 'http://dosi.test',
      tenant: 'hanam',
      http: async () => new Response('{"title":"forbidden"}', { status: 403 }),
    });
    await assert.rejects(provisionDemoCity(port, plan), /HTTP 403/);
  });

  it('in-process: a DosiError with status 409 means "exists"', async () => {
    const profiles: ProfileInput[] = [];
    const made = new Set<string>();
    const created: (NewDeviceInput & { tenant: string })[] = [];
    const registry: ProvisioningPort = {
      createProfile: async (p) => {
        if (p.id === 'parking-spot') throw new DosiError(E.NGSI_EXISTS, { what: 'profile', id: p.id });
        profiles.push(p);
      },
      createDevice: async (tenant, d) => {
        if (made.has(d.id)) throw new DosiError(E.NGSI_EXISTS, { what: 'device', id: d.id });
        made.add(d.id);
        created.push({ tenant, ...d });
        return { secret: `new-${d.id}` };
      },
      rotateSecret: async (_tenant, id) => ({ secret: `rotated-${id}` }),
    };
    const plan = demoCityPlan({ tenant: 'hanam', devices: 30, seed: 9 });
    made.add(plan.devices[0]!.id);
    const progress: number[] = [];
    const res = await provisionDemoCity(registry, plan, {
      concurrency: 3,
      onDevice: (done) => progress.push(done),
    });
    assert.equal(res.profilesCreated, plan.profiles.length - 1);
    assert.ok(profiles.every((p) => p.tenant === 'hanam'));
    assert.equal(res.devicesCreated, 29);
    assert.equal(res.devicesReused, 1);
    assert.equal(res.devices[0]!.secret, `rotated-${plan.devices[0]!.id}`);
    assert.equal(res.devices[1]!.secret, `new-${plan.devices[1]!.id}`);
    assert.ok(created.every((d) => d.tenant === 'hanam' && d.location !== undefined));
    assert.deepEqual(progress.at(-1), 30);
    await assert.rejects(
      provisionDemoCity(
        { ...registry, createProfile: async () => Promise.reject(new Error('db down')) },
        plan,
      ),
      /db down/,
    );
  });
});

describe('startDemoCity', () => {
  it('provisions the plan in-process and every device sends its first reading at once', async () => {
    const credentials = new Map<string, string>();
    const broker = await startTestBroker(credentials);
    const registry: ProvisioningPort = {
      createProfile: async () => undefined,
      createDevice: async (tenant, d) => {
        credentials.set(mqttUsername(tenant, d.id), `pw-${d.id}`);
        return { secret: `pw-${d.id}` };
      },
      rotateSecret: async () => Promise.reject(new Error('not expected')),
    };
    const sim = await startDemoCity({ registry, mqttUrl: broker.url, log: silentLogger, devices: 14 });
    try {
      assert.equal(sim.stats().connected, 14);
      const end = Date.now() + 3000;
      while (broker.received.length < 14 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      assert.equal(new Set(broker.received.map((m) => m.topic)).size, 14);
      assert.ok(broker.received.every((m) => m.topic.startsWith('dosi/hanam/')));
    } finally {
      await sim.stop();
      await broker.close();
    }
  });
});

describe('dosi sim', () => {
  it('provisions over HTTP, publishes over MQTT for --duration, prints status lines', async () => {
    const credentials = new Map<string, string>();
    const dosi = fakeDosi(credentials);
    const broker = await startTestBroker(credentials);
    const lines: string[] = [];
    const program = new Command('dosi').exitOverride();
    registerSimCommand(program, {
      http: dosi.http,
      out: { write: (s: string) => lines.push(s) },
      handleSignals: false,
      statusEveryMs: 300,
    });
    try {
      const t0 = Date.now();
      await program.parseAsync(
        [
          'sim',
          '--url',
          'http://dosi.test',
          '--token',
          'tok',
          '--mqtt',
          broker.url,
          '--devices',
          '12',
          '--rate',
          '100',
          '--duration',
          '1',
        ],
        { from: 'user' },
      );
      const took = Date.now() - t0;
      assert.ok(took >= 1000 && took < 5000, `took ${took} ms`);
    } finally {
      await broker.close();
    }
    assert.equal(dosi.devices.size, 12);
    assert.ok([...dosi.devices.keys()].every((id) => id.startsWith('sim-')));
    const n = broker.received.length;
    assert.ok(n >= 70 && n <= 140, `received ${n}`);
    assert.ok(broker.received.every((m) => /^dosi\/hanam\/sim-[a-z]+-\d{4}\/attrs$/.test(m.topic)));
    const text = lines.join('');
    assert.match(text, /provisioned: \d+ profiles created, 12 devices created, 0 reused/);
    const status = lines.filter((l) => l.startsWith('sim: '));
    assert.ok(status.length >= 3, text);
    assert.match(status.at(-1)!, new RegExp(`^sim: 0/12 connected {2}sent ${n} {2}acked ${n} {2}errors 0 `));
  });

  it('rejects bad flags before doing anything', async () => {
    const dosi = fakeDosi();
    const program = new Command('dosi').exitOverride();
    registerSimCommand(program, { http: dosi.http, out: { write: () => true }, handleSignals: false });
    await assert.rejects(
      program.parseAsync(['sim', '--devices', 'many'], { from: 'user' }),
      /--devices must be/,
    );
    await assert.rejects(program.parseAsync(['sim', '--qos', '2'], { from: 'user' }), /--qos must be 0 or 1/);
    assert.equal(dosi.calls.length, 0);
  });
});
