import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { mqttUsername } from '../devices/types.ts';
import { silentLogger } from '../kernel/index.ts';
import { KINDS, kindOf } from './kinds.ts';
import { createSimulator, type SimDevice } from './simulator.ts';
import { startTestBroker } from './testing.ts';

function devicesOf(n: number, kind?: string): SimDevice[] {
  return Array.from({ length: n }, (_, i) => ({
    tenant: 'hanam',
    id: `dev-${String(i + 1).padStart(3, '0')}`,
    secret: `secret-${i + 1}`,
    kind: kind ?? KINDS[i % KINDS.length]!.kind,
    location: [127.2, 37.54] as [number, number],
  }));
}

const credentialsOf = (devices: SimDevice[]) =>
  new Map(devices.map((d) => [mqttUsername(d.tenant, d.id), d.secret]));

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

describe('MQTT simulator', () => {
  it('load mode: 10 devices at 200 msg/s for ~1 s, on their own topics, every message acknowledged', async () => {
    const devices = devicesOf(10);
    const broker = await startTestBroker(credentialsOf(devices));
    const sim = createSimulator({ mqttUrl: broker.url, devices, rate: 200, log: silentLogger });
    try {
      await sim.start();
      assert.equal(sim.stats().connected, 10);
      await sleep(1000);
      const mid = sim.stats();
      assert.ok(mid.ratePerSec > 100 && mid.ratePerSec < 300, `rate ${mid.ratePerSec}`);
    } finally {
      await sim.stop();
    }
    const stats = sim.stats();
    const n = broker.received.length;
    // 10 initial readings + ≈ 200 in one second (timers are not exact).
    assert.ok(n >= 160 && n <= 260, `received ${n}`);
    assert.equal(stats.sent, n);
    assert.equal(stats.acked, n);
    assert.equal(stats.errors, 0);
    assert.equal(stats.connected, 0);
    const perDevice = new Map<string, number>();
    for (const m of broker.received) {
      const d = devices.find((x) => m.topic === `dosi/hanam/${x.id}/attrs`);
      assert.ok(d, m.topic);
      assert.equal(m.clientId, mqttUsername('hanam', d.id));
      const body = JSON.parse(m.payload) as Record<string, unknown>;
      assert.ok(!Number.isNaN(Date.parse(body.ts as string)));
      const keys = kindOf(d.kind)
        .profile('hanam')
        .attributes.map((a) => a.key);
      assert.deepEqual(
        Object.keys(body)
          .filter((k) => k !== 'ts')
          .sort(),
        [...keys].sort(),
      );
      perDevice.set(d.id, (perDevice.get(d.id) ?? 0) + 1);
    }
    // Round-robin: every device publishes, in near-equal shares.
    assert.equal(perDevice.size, 10);
    const counts = [...perDevice.values()];
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 3, JSON.stringify(counts));
    await broker.close();
  });

  it('realistic mode: one reading per device right after connecting, then at the profile interval ÷ speed', async () => {
    const devices = devicesOf(7); // one of each kind
    const broker = await startTestBroker(credentialsOf(devices));
    // speed 1200: a waste bin (600 s) reports every ≈ 0.5 s, a smoke detector (3600 s) every ≈ 3 s.
    const sim = createSimulator({ mqttUrl: broker.url, devices, speed: 1200, log: silentLogger });
    try {
      await sim.start();
      await until(() => broker.received.length >= 7);
      const first = broker.received.slice(0, 7).map((m) => m.topic);
      assert.equal(new Set(first).size, 7, 'the first seven messages come from seven devices');
      await sleep(1300);
      const count = (id: string) =>
        broker.received.filter((m) => m.topic === `dosi/hanam/${id}/attrs`).length;
      const waste = devices.find((d) => d.kind === 'waste')!;
      const smoke = devices.find((d) => d.kind === 'smoke')!;
      assert.ok(count(waste.id) >= 3, `waste ${count(waste.id)}`);
      assert.equal(count(smoke.id), 1);
      // Simulated time runs 1200× faster: the bin's timestamps advance ≈ 10 minutes per message.
      const ts = broker.received
        .filter((m) => m.topic.includes(waste.id))
        .map((m) => Date.parse((JSON.parse(m.payload) as { ts: string }).ts));
      const step = (ts[2]! - ts[1]!) / 60_000;
      assert.ok(step > 8 && step < 12, `step ${step} min`);
    } finally {
      await sim.stop();
      await broker.close();
    }
  });

  it('counts refused connections as errors and reconnects after the broker drops it', async () => {
    const devices = devicesOf(3, 'parking');
    const creds = credentialsOf(devices);
    creds.set(mqttUsername('hanam', 'dev-003'), 'another secret');
    const broker = await startTestBroker(creds);
    const sim = createSimulator({
      mqttUrl: broker.url,
      devices,
      rate: 50,
      reconnectMs: 100,
      log: silentLogger,
    });
    try {
      await sim.start();
      let s = sim.stats();
      assert.equal(s.connected, 2);
      assert.ok(s.errors >= 1);
      assert.deepEqual([...new Set(broker.refused)], ['dev-003@hanam']);
      broker.dropAll();
      await until(() => sim.stats().connected === 0, 2000);
      await until(() => sim.stats().connected === 2, 3000);
      const before = broker.received.length;
      await sleep(300);
      assert.ok(broker.received.length > before, 'publishing resumed');
      s = sim.stats();
      assert.ok(s.skipped > 0, 'the offline device was skipped');
      assert.ok(broker.received.every((m) => !m.topic.includes('dev-003')));
    } finally {
      await sim.stop();
      await broker.close();
    }
  });

  it('validates its options', () => {
    assert.throws(
      () => createSimulator({ mqttUrl: 'mqtt://x', devices: [], speed: 0, log: silentLogger }),
      /speed/,
    );
    assert.throws(
      () => createSimulator({ mqttUrl: 'mqtt://x', devices: [], rate: -1, log: silentLogger }),
      /rate/,
    );
    assert.throws(
      () =>
        createSimulator({
          mqttUrl: 'mqtt://x',
          devices: [{ tenant: 'hanam', id: 'x', secret: 's', kind: 'toaster' }],
          log: silentLogger,
        }),
      /unknown simulated device kind/,
    );
  });
});
