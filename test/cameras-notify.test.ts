// Cameras and notifications of the operations centre end to end on both storage engines: cameras as
// Camera entities, visibility nearest first, detections over the webhook raising an alarm through a
// rule, the alarm's cameras, the wall.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

const json = (body: unknown, method = 'POST') => ({
  method,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

/** Near 덕풍역 in Hanam; offsets in metres (north, east). */
const BASE: [number, number] = [127.2148, 37.5393];
const at = (n: number, e: number): [number, number] => [
  BASE[0] + e / (111_195 * Math.cos((BASE[1] * Math.PI) / 180)),
  BASE[1] + n / 111_195,
];

const CAMERAS = [
  { id: 'cam-near', name: '근거리', location: at(0, -60), direction: 90, fieldOfView: 60, range: 150 },
  { id: 'cam-far', name: '원거리', location: at(-250, 0), direction: 0, fieldOfView: 30, range: 400 },
  { id: 'cam-away', name: '반대 방향', location: at(0, 40), direction: 90, fieldOfView: 60, range: 300 },
  { id: 'cam-dome', name: '돔', location: at(100, 0), direction: 0, fieldOfView: 360, range: 120 },
];

for (const backend of await backends()) {
  describe(`cameras and notifications (${backend.name})`, { skip: backend.skip }, () => {
    let app: TestApp;
    const seen: { kind: string; alarm: { id: string; entityId: string; state: string } }[] = [];
    let wake: (() => void) | undefined;
    const nextAlarmEvent = async (kind: string) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const hit = seen.find((e) => e.kind === kind);
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${kind} alarm event; saw ${seen.map((e) => e.kind).join(', ')}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    };

    before(async () => {
      app = await startTestApp(backend);
      await app.platform.bus.subscribe('dosi.alarm.hanam.>', async (d) => {
        seen.push(d as never);
        wake?.();
      });
    });
    after(async () => app?.close());

    test('cameras are Camera entities; visible cameras nearest first', async () => {
      for (const c of CAMERAS) {
        const r = await app.fetch('/api/v1/cameras', json(c));
        assert.equal(r.status, 201, await r.text());
      }
      let r = await app.fetch('/api/v1/cameras', json({ ...CAMERAS[0], id: 'cam-x', fieldOfView: 0 }));
      assert.equal(r.status, 400);
      r = await app.fetch('/ngsi-ld/v1/entities?type=Camera&limit=100');
      assert.equal(((await r.json()) as unknown[]).length, 4, 'ordinary NGSI-LD entities');
      const [lon, lat] = BASE;
      r = await app.fetch(`/api/v1/cameras/visible?lon=${lon}&lat=${lat}`);
      assert.equal(r.status, 200);
      const seenBy = (await r.json()) as { camera: { id: string }; distance: number }[];
      assert.deepEqual(
        seenBy.map((s) => s.camera.id),
        ['urn:ngsi-ld:Camera:cam-near', 'urn:ngsi-ld:Camera:cam-dome', 'urn:ngsi-ld:Camera:cam-far'],
      );
      assert.ok(Math.abs(seenBy[0]!.distance - 60) < 1);
      assert.ok(Math.abs(seenBy[2]!.distance - 250) < 1);
      r = await app.fetch(`/api/v1/cameras/visible?lon=${lon}&lat=${lat}&limit=1`);
      assert.equal(((await r.json()) as unknown[]).length, 1);
    });

    test('detections: bad bodies are 400 and dead-lettered; a fire detection raises an alarm', async () => {
      const path = '/api/v1/cameras/cam-dome/detections';
      let r = await app.fetch(
        path,
        json({ type: 'ufo', confidence: 0.5, observedAt: new Date().toISOString() }),
      );
      assert.equal(r.status, 400);
      assert.match(r.headers.get('content-type') ?? '', /problem\+json/);
      const p = (await r.json()) as { code: string; detail?: string; title?: string };
      assert.equal(p.code, 'DOSI_ERR_CAMERA_BAD_DETECTION');
      assert.match(JSON.stringify(p), /\/type must be one of/);
      r = await app.fetch(path, {
        method: 'POST',
        body: '{not json',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(r.status, 400);
      r = await app.fetch('/api/v1/dead-letters?deviceId=urn:ngsi-ld:Camera:cam-dome');
      const letters = (await r.json()) as { reason: string; payloadText: string }[] | { letters: unknown[] };
      const list = Array.isArray(letters)
        ? letters
        : (letters.letters as { reason: string; payloadText: string }[]);
      assert.equal(list.length, 2, JSON.stringify(letters));
      assert.equal(list[0]!.payloadText, '{not json');

      r = await app.fetch(
        '/api/v1/rules',
        json({
          name: '화재 감지 / fire detected',
          severity: 'critical',
          category: 'fire',
          target: { entityType: 'Camera' },
          condition: { type: 'threshold', attr: 'fireConfidence', op: '>=', value: 0.8 },
        }),
      );
      assert.equal(r.status, 201, await r.text());
      r = await app.fetch(
        path,
        json({ type: 'fire', confidence: 0.92, observedAt: new Date().toISOString(), count: 1 }),
      );
      assert.equal(r.status, 201, await r.text());
      const raised = await nextAlarmEvent('raised');
      assert.equal(raised.alarm.entityId, 'urn:ngsi-ld:Camera:cam-dome');
      r = await app.fetch(`/api/v1/alarms/${encodeURIComponent(raised.alarm.id)}/cameras`);
      assert.equal(r.status, 200);
      const cams = (await r.json()) as { camera: { id: string }; distance: number }[];
      assert.deepEqual(
        cams.map((c) => c.camera.id),
        ['urn:ngsi-ld:Camera:cam-dome', 'urn:ngsi-ld:Camera:cam-far'],
        'cam-near looks east: the dome, 31° off its axis, is outside its 60° view',
      );
      assert.equal(cams[0]!.distance, 0);
      assert.ok(Math.abs(cams[1]!.distance - 350) < 1);

      r = await app.fetch('/api/v1/cameras/wall');
      const wall = (await r.json()) as { cameraId: string; events: number; top: string }[];
      assert.deepEqual(
        wall.map((w) => [w.cameraId, w.events, w.top]),
        [['urn:ngsi-ld:Camera:cam-dome', 1, 'fire']],
      );
    });
  });
}
