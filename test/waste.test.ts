// The smart-waste service end to end on both storage engines: the fill-sensor profile installed
// through the service, readings over HTTP ingest with explicit times filling bins over simulated
// days, the learned rate and predicted full time, due bins, an overflow alarm raised by the core
// rules the service saved, an emptying detected from the drop and one reported by a truck, and KPIs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { kindOf } from '../src/sim/index.ts';
import { FILL_SENSOR_PROFILE } from '../src/services/waste/index.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T00:00:00Z'); // Monday 09:00 Seoul
const ts = (h: number) => new Date(T0 + h * HOUR).toISOString();
const json = (body: unknown, method = 'POST') => ({
  method,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});
const near = (a: number, b: number, eps: number, what: string) =>
  assert.ok(Math.abs(a - b) <= eps, `${what}: ${a} is not within ${eps} of ${b}`);

test('the demo city provisions its bins with the fill-sensor profile of the waste service', () => {
  const sim = kindOf('waste').profile('hanam');
  assert.equal(sim.id, FILL_SENSOR_PROFILE.id);
  assert.equal(sim.entityType, FILL_SENSOR_PROFILE.entityType);
  for (const a of sim.attributes)
    assert.deepEqual(
      a,
      FILL_SENSOR_PROFILE.attributes.find((x) => x.key === a.key),
    );
});

for (const backend of await backends()) {
  describe(`smart-waste service (${backend.name})`, { skip: backend.skip }, () => {
    let app: TestApp;
    const secrets = new Map<string, string>();
    const entity = new Map<string, string>();
    const events: { subject: string; data: any }[] = [];
    let wake: (() => void) | undefined;

    /** Resolves with the first bus event after `from` that `pred` accepts; fails after 15 s. */
    const nextEvent = async (from: number, pred: (e: { subject: string; data: any }) => boolean) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const hit = events.slice(from).find(pred);
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`event not seen; saw ${events.map((e) => e.subject).join(', ')}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    };
    /** The bin once the service has folded in the reading observed at `at` (awaits, bounded). */
    const binAfter = async (id: string, at: string) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const r = await app.fetch(`/api/v1/waste/bins/${encodeURIComponent(entity.get(id) ?? '')}`);
        if (r.status === 200) {
          const b = (await r.json()) as Record<string, any>;
          if (b.observedAt === at || b.dateLastEmptying === at) return b;
        }
        if (Date.now() > deadline) throw new Error(`bin ${id} never reached the reading at ${at}`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const send = async (id: string, percent: number, h: number) => {
      const r = await fetch(`${app.url}/api/v1/ingest/hanam/${id}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secrets.get(id)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fill: percent, ts: ts(h) }),
      });
      assert.equal(r.status, 201, await r.text());
    };

    before(async () => {
      app = await startTestApp(backend);
      await app.platform.bus.subscribe('dosi.>', async (data, meta) => {
        if (meta.subject.startsWith('dosi.alarm.') || meta.subject.startsWith('dosi.waste.')) {
          events.push({ subject: meta.subject, data });
          wake?.();
        }
      });
      // Viewers may not install profiles; device managers may, and twice is harmless.
      assert.equal(
        (await app.fetch('/api/v1/waste/sensor-profile', { method: 'PUT', role: 'viewer' })).status,
        403,
      );
      for (let i = 0; i < 2; i++) {
        const r = await app.fetch('/api/v1/waste/sensor-profile', { method: 'PUT' });
        const text = await r.text();
        assert.equal(r.status, 200, text);
        assert.deepEqual(JSON.parse(text), { id: 'waste-container', entityType: 'WasteContainer' });
      }
      const bins: [string, string, [number, number]][] = [
        ['bin-a', '덕풍1동 음식물 수거함 1', [127.2148, 37.5393]],
        ['bin-b', '미사1동 음식물 수거함 2', [127.19, 37.56]],
      ];
      for (const [id, name, location] of bins) {
        const r = await app.fetch(
          '/api/v1/devices',
          json({ id, profileId: 'waste-container', name, location }),
        );
        const body = (await r.json()) as { secret: string; device: { entityId: string } };
        assert.equal(r.status, 201);
        secrets.set(id, body.secret);
        entity.set(id, body.device.entityId);
      }
    });
    after(async () => app?.close());

    test('readings over simulated hours give the bin its rate and predicted full time', async () => {
      // bin-a fills 2 %/h from 10 %, bin-b 0.5 %/h: 20 hourly readings each.
      for (let h = 0; h <= 20; h++) {
        await send('bin-a', 10 + 2 * h, h);
        await send('bin-b', 10 + 0.5 * h, h);
      }
      const a = await binAfter('bin-a', ts(20));
      const b = await binAfter('bin-b', ts(20));
      near(a.fillingLevel, 0.5, 1e-9, 'bin-a fill');
      near(a.fillRatePerHour, 0.02, 1e-6, 'bin-a rate');
      near(b.fillRatePerHour, 0.005, 1e-6, 'bin-b rate');
      // 0.5 → 0.8 at 0.02/h: 15 h after the last reading.
      near(Date.parse(a.predictedFullAt), T0 + 35 * HOUR, 60_000, 'bin-a predicted full');
      near(Date.parse(b.predictedFullAt), T0 + (20 + 0.6 / 0.005) * HOUR, 60_000, 'bin-b predicted full');
      assert.equal(a.threshold, 0.8);
      assert.equal(a.area, '덕풍1동');
      assert.equal(a.status, 'ok');
      assert.equal(a.history.learnedHours, 20);
      assert.equal(a.history.learnedSlots, 20);
      near(a.history.rateSinceEmptyingPerHour, 0.02, 1e-6, 'rate since emptying');
      assert.deepEqual(a.emptyings, []);

      const list = (await (await app.fetch('/api/v1/waste/bins?dong=덕풍1동')).json()) as any;
      assert.deepEqual(
        list.bins.map((x: { id: string }) => x.id),
        [entity.get('bin-a')],
      );
      const inBox = (await (
        await app.fetch('/api/v1/waste/bins?bbox=127.18,37.55,127.2,37.57')
      ).json()) as any;
      assert.deepEqual(
        inBox.bins.map((x: { id: string }) => x.id),
        [entity.get('bin-b')],
      );
      const all = (await (await app.fetch('/api/v1/waste/bins')).json()) as any;
      assert.equal(all.total, 2);
      assert.equal(all.bins[0].id, entity.get('bin-a')); // soonest full first
      const bad = await app.fetch('/api/v1/waste/bins?bbox=1,2,3');
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as any).code, 'DOSI_ERR_WASTE_INVALID');
    });

    test('due lists the bins predicted to cross before the given time', async () => {
      const due = async (h: number): Promise<string[]> => {
        const r = (await (await app.fetch(`/api/v1/waste/due?before=${ts(h)}`)).json()) as {
          bins: { id: string }[];
        };
        return r.bins.map((x) => x.id);
      };
      assert.deepEqual(await due(34), []);
      assert.deepEqual(await due(36), [entity.get('bin-a')]);
      assert.deepEqual(await due(24 * 7), [entity.get('bin-a'), entity.get('bin-b')]);
      const filtered = (await (
        await app.fetch(`/api/v1/waste/bins?predictedFullBefore=${encodeURIComponent(ts(36))}`)
      ).json()) as any;
      assert.equal(filtered.total, 1);
      assert.equal((await app.fetch('/api/v1/waste/due?before=soon')).status, 400);
    });

    test('the service saved its rules; crossing the threshold raises an overflow alarm', async () => {
      const rules = (await (await app.fetch('/api/v1/rules')).json()) as any[];
      assert.deepEqual(rules.map((r: { subCategory: string }) => r.subCategory).sort(), [
        'waste-fire',
        'waste-lid',
        'waste-overflow',
        'waste-tilt',
      ]);
      const from = events.length;
      for (let h = 21; h <= 26; h++) await send('bin-a', 10 + 2 * h, h); // 0.52 … 0.62
      for (let h = 27; h <= 37; h++) await send('bin-a', 10 + 2 * h, h); // … 0.84 at h 37
      const raised = await nextEvent(
        from,
        (e) => e.subject === 'dosi.alarm.hanam.raised' && e.data.alarm.subCategory === 'waste-overflow',
      );
      assert.equal(raised.data.alarm.entityId, entity.get('bin-a'));
      // The engine raised it on the reading of h 35 (10 + 70 = 80 %), the first at the threshold.
      assert.equal(raised.data.alarm.detail.value, 0.8);
      const a = await binAfter('bin-a', ts(37));
      assert.equal(Date.parse(a.predictedFullAt), T0 + 37 * HOUR); // already over: due now
    });

    test('a drop is recorded as one emptying; the alarm clears; the entity gets dateLastEmptying', async () => {
      const from = events.length;
      await send('bin-a', 3, 38);
      await send('bin-a', 4, 39);
      const emptied = await nextEvent(from, (e) => e.subject === 'dosi.waste.hanam.emptied');
      assert.equal(emptied.data.entityId, entity.get('bin-a'));
      assert.equal(emptied.data.emptying.at, ts(38));
      assert.equal(emptied.data.emptying.source, 'sensor');
      near(emptied.data.emptying.fillBefore, 0.82, 1e-6, 'fill before'); // median of 0.8, 0.82, 0.84
      await nextEvent(
        from,
        (e) => e.subject === 'dosi.alarm.hanam.cleared' && e.data.alarm.subCategory === 'waste-overflow',
      );
      const a = await binAfter('bin-a', ts(39));
      assert.equal(a.dateLastEmptying, ts(38));
      assert.equal(a.emptyings.length, 1);
      assert.equal(a.history.cycleStartedAt, ts(39));
      // The learned rate survives the emptying: the next crossing is again 2 %/h away.
      near(Date.parse(a.predictedFullAt), T0 + (39 + 0.76 / 0.02) * HOUR, 120_000, 'after emptying');
      const e = (await (
        await app.fetch(`/ngsi-ld/v1/entities/${encodeURIComponent(entity.get('bin-a') ?? '')}`)
      ).json()) as any;
      assert.match(JSON.stringify(e.dateLastEmptying), new RegExp(ts(38).replace(/\./g, '\\.')));
      assert.equal(e.status.value, 'ok');
      assert.equal(e.refDevice.object, 'urn:ngsi-ld:Device:hanam:bin-a');
    });

    test('a truck reports an emptying; KPIs count collections, fill at collection and overflows', async () => {
      const id = encodeURIComponent(entity.get('bin-b') ?? '');
      const viewer = await app.fetch(`/api/v1/waste/bins/${id}/emptied`, { ...json({}), role: 'viewer' });
      assert.equal(viewer.status, 403);
      const r = await app.fetch(`/api/v1/waste/bins/${id}/emptied`, {
        ...json({ at: ts(40) }),
        role: 'operator',
      });
      const body = (await r.json()) as any;
      assert.equal(r.status, 201, JSON.stringify(body));
      assert.equal(body.recorded, true);
      assert.equal(body.emptying.source, 'report');
      near(body.emptying.fillBefore, 0.2, 1e-6, 'bin-b fill before');
      assert.equal(body.bin.fillingLevel, 0);
      const again = (await (
        await app.fetch(`/api/v1/waste/bins/${id}/emptied`, json({ at: ts(40) }))
      ).json()) as any;
      assert.equal(again.recorded, false);

      // Emptyings count by their (simulated) time, overflow alarms by when the engine raised them (now).
      const to = new Date(Date.now() + HOUR).toISOString();
      const k = (await (await app.fetch(`/api/v1/waste/kpis?from=${ts(0)}&to=${to}`)).json()) as any;
      assert.equal(k.collections, 2);
      assert.equal(k.binsCollected, 2);
      near(k.avgFillAtCollection, (0.82 + 0.2) / 2, 1e-6, 'average fill at collection');
      assert.equal(k.overflowEvents, 1);
      assert.equal(k.overflowBins, 1);
      const none = (await (
        await app.fetch(`/api/v1/waste/kpis?from=${ts(100)}&to=${ts(200)}`)
      ).json()) as any;
      assert.deepEqual([none.collections, none.overflowEvents, none.avgFillAtCollection], [0, 0, null]);
      const bad = await app.fetch(`/api/v1/waste/kpis?from=${ts(48)}&to=${ts(0)}`);
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as any).code, 'DOSI_ERR_WASTE_BAD_RANGE');
      // A lower threshold for bin-b: from 0 at h 40, at the learned 0.5 %/h, 0.5 is 100 h away.
      const asViewer = await app.fetch(`/api/v1/waste/bins/${id}`, {
        ...json({ threshold: 0.5 }, 'PATCH'),
        role: 'viewer',
      });
      assert.equal(asViewer.status, 403);
      const patched = (await (
        await app.fetch(`/api/v1/waste/bins/${id}`, {
          ...json({ threshold: 0.5 }, 'PATCH'),
          role: 'operator',
        })
      ).json()) as any;
      assert.equal(patched.threshold, 0.5);
      near(Date.parse(patched.predictedFullAt), T0 + 140 * HOUR, 60_000, 'bin-b with threshold 0.5');

      const doc = (await (await app.fetch('/openapi.json')).json()) as { paths: Record<string, unknown> };
      for (const p of [
        '/api/v1/waste/bins',
        '/api/v1/waste/bins/{id}',
        '/api/v1/waste/bins/{id}/emptied',
        '/api/v1/waste/due',
        '/api/v1/waste/kpis',
        '/api/v1/waste/sensor-profile',
      ])
        assert.ok(doc.paths[p], `${p} missing from /openapi.json`);
      const missing = await app.fetch('/api/v1/waste/bins/urn:ngsi-ld:WasteContainer:hanam:nope');
      assert.equal(missing.status, 404);
      assert.equal(((await missing.json()) as any).code, 'DOSI_ERR_WASTE_BIN_NOT_FOUND');
    });
  });
}
