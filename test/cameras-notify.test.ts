// Cameras and notifications of the operations centre end to end on both storage engines: cameras as
// Camera entities, visibility nearest first, detections over the webhook raising an alarm through a
// rule, the alarm's cameras, the wall; dispatch handed over to agencies (signed, retried, logged),
// the CAP feed, and the WebSocket stream.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { XMLParser } from 'fast-xml-parser';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReceiver, type Receiver } from './helpers/notify-receiver.ts';
import { startSmtpReceiver, type SmtpReceiver } from './helpers/smtp-receiver.ts';
import { capStructureErrors, verify } from '../src/notify/index.ts';

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

    let police: Receiver;
    let fire: Receiver;
    /** A receiver that accepts the connection and never answers. */
    let hanging: Server;
    let hangingUrl = '';
    let smtp: SmtpReceiver;
    let alarmId = '';
    let incidentId = '';
    const wsMessages: { type: string; tenant: string; data: any }[] = [];
    let ws: WebSocket | undefined;
    let wsWake: (() => void) | undefined;
    const nextWs = async (pred: (m: { type: string; data: any }) => boolean) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const hit = wsMessages.find(pred);
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`no such stream message; got ${wsMessages.map((m) => m.type).join(', ')}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          wsWake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    };

    before(async () => {
      police = await startReceiver();
      fire = await startReceiver();
      hanging = createServer(() => undefined);
      await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
      hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hang`;
      smtp = await startSmtpReceiver();
      app = await startTestApp(backend, {
        DOSI_SMTP_URL: smtp.url,
        DOSI_CAP_SENDER: 'ioc@hanam.test',
        DOSI_NOTIFY_BACKOFF_MS: '20',
        DOSI_NOTIFY_MAX_ATTEMPTS: '3',
        DOSI_NOTIFY_TIMEOUT_MS: '300',
      });
      await app.platform.bus.subscribe('dosi.alarm.hanam.>', async (d) => {
        seen.push(d as never);
        wake?.();
      });
    });
    let cleanupOther: (() => void) | undefined;
    after(async () => {
      cleanupOther?.();
      ws?.close();
      await app?.close();
      await police?.close();
      await fire?.close();
      await smtp?.close();
      hanging?.closeAllConnections();
      await new Promise((resolve) => hanging?.close(resolve));
    });

    test('the WebSocket stream needs a token and greets its tenant', async () => {
      const wsUrl = app.url.replace('http', 'ws') + '/api/v1/stream';
      const refused = await new Promise<number>((resolve) => {
        const bad = new WebSocket(wsUrl);
        bad.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        bad.on('error', () => undefined);
      });
      assert.equal(refused, 401);
      ws = new WebSocket(`${wsUrl}?access_token=${await app.token('hanam', 'viewer')}`);
      ws.on('message', (m: Buffer) => {
        wsMessages.push(JSON.parse(m.toString('utf8')));
        wsWake?.();
      });
      const hello = await nextWs((m) => m.type === 'hello');
      assert.equal((hello as { tenant: string }).tenant, 'hanam');
      // the token as sub-protocol, as browsers can send it; another tenant's socket hears only its own
      const other = new WebSocket(wsUrl, ['bearer', await app.token('other', 'viewer')]);
      const first = await new Promise<{ type: string; tenant: string }>((resolve, reject) => {
        other.once('message', (m: Buffer) => resolve(JSON.parse(m.toString('utf8'))));
        other.once('error', reject);
      });
      assert.equal(other.protocol, 'bearer');
      assert.deepEqual([first.type, first.tenant], ['hello', 'other']);
      const otherSeen: string[] = [];
      other.on('message', (m: Buffer) => otherSeen.push(JSON.parse(m.toString('utf8')).tenant as string));
      cleanupOther = () => {
        assert.ok(
          otherSeen.every((t) => t === 'other'),
          'no hanam event reached tenant other',
        );
        other.close();
      };
    });

    // The WebSocket /api/v1/stream is described in docs/NOTIFY.md (OpenAPI 3.1 has no WebSocket).
    test('every operations-centre HTTP route is in the OpenAPI document', async () => {
      const doc = (await (await fetch(`${app.url}/openapi.json`)).json()) as {
        paths: Record<string, unknown>;
      };
      for (const path of [
        '/api/v1/cameras',
        '/api/v1/cameras/visible',
        '/api/v1/cameras/wall',
        '/api/v1/cameras/{id}',
        '/api/v1/cameras/{id}/detections',
        '/api/v1/alarms/{id}/cameras',
        '/api/v1/notify/agencies',
        '/api/v1/notify/deliveries',
        '/api/v1/incidents/{id}/publish',
        '/cap/alerts.atom',
      ])
        assert.ok(doc.paths[path], `${path} missing from OpenAPI`);
    });

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
      alarmId = raised.alarm.id;
      const pushed = await nextWs((m) => m.type === 'alarm' && m.data.kind === 'raised');
      assert.equal(pushed.data.alarm.id, alarmId);
      assert.equal(pushed.data.alarm.severity, 'critical');
      const change = await nextWs((m) => m.type === 'entities');
      assert.ok(
        change.data.some(
          (e: { id: string; attrs: string[] }) =>
            e.id === 'urn:ngsi-ld:Camera:cam-dome' && e.attrs.includes('fireConfidence'),
        ),
        JSON.stringify(change.data),
      );
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

    test('dispatch hands over to matching agencies, signed; a failing receiver is retried and logged', async () => {
      const add = async (body: Record<string, unknown>) => {
        const r = await app.fetch('/api/v1/notify/agencies', json(body));
        assert.equal(r.status, 201, await r.clone().text());
        return (await r.json()) as { id: string; secret: string };
      };
      let r = await app.fetch('/api/v1/notify/agencies', json({ name: 'x', kind: 'army', url: police.url }));
      assert.equal(r.status, 400);
      r = await app.fetch('/api/v1/notify/agencies', {
        ...json({ name: 'x', kind: 'fire-119', url: fire.url }),
        role: 'operator',
      });
      assert.equal(r.status, 403);
      const p = await add({
        name: '하남경찰서',
        kind: 'police-112',
        url: `${police.url}/112`,
        categories: ['security'],
      });
      const f = await add({
        name: '하남소방서',
        kind: 'fire-119',
        url: `${fire.url}/119`,
        categories: ['fire'],
      });
      const room = await add({
        name: '재난상황실',
        kind: 'disaster-room',
        url: `${fire.url}/room`,
        email: 'room@hanam.test',
        secret: 'room-secret-0123456789',
      });
      assert.equal(room.secret, 'room-secret-0123456789');
      const stuck = await add({
        name: '응답 없는 수신처',
        kind: 'fire-119',
        url: hangingUrl,
        categories: ['fire'],
      });
      const listed = (await (await app.fetch('/api/v1/notify/agencies')).json()) as Record<string, unknown>[];
      assert.equal(listed.length, 4);
      assert.ok(
        listed.every((a) => !('secret' in a)),
        'secrets are never listed',
      );

      fire.respondWith([500, 500]); // the first two requests to the fire receiver fail
      const path = `/api/v1/alarms/${encodeURIComponent(alarmId)}`;
      r = await app.fetch(`${path}/ack`, json({}));
      assert.equal(r.status, 200);
      r = await app.fetch(`${path}/dispatch`, json({ note: '119 출동' }));
      assert.equal(r.status, 200, await r.clone().text());

      const got119 = await fire.waitFor((x) => x.path === '/119');
      assert.equal(got119.body.kind, 'handover');
      assert.equal(got119.body.subject, 'alarm');
      assert.equal(got119.body.alarm.id, alarmId);
      assert.equal(got119.body.agency.kind, 'fire-119');
      assert.deepEqual(got119.body.location.type, 'Point');
      assert.deepEqual(
        got119.body.cameras.map((c: { camera: { id: string } }) => c.camera.id),
        ['urn:ngsi-ld:Camera:cam-dome', 'urn:ngsi-ld:Camera:cam-far'],
      );
      const now = Math.floor(Date.now() / 1000);
      const h = (x: typeof got119, k: string) => x.headers[k] as string | undefined;
      assert.ok(
        verify(f.secret, h(got119, 'x-dosi-timestamp'), h(got119, 'x-dosi-signature'), got119.raw, now),
      );
      assert.equal(
        verify(p.secret, h(got119, 'x-dosi-timestamp'), h(got119, 'x-dosi-signature'), got119.raw, now),
        false,
      );

      // 500, 500, then 200 for the fire receiver (both /119 and /room share it): all end delivered
      await fire.waitFor(() => fire.received.length >= 4, 15_000);
      const deadline = Date.now() + 15_000;
      type Log = {
        agencyId: string;
        channel: string;
        state: string;
        attempts: number;
        lastError: string | null;
        history: { status: number | null }[];
      }[];
      let all: Log = [];
      const settled = () => all.length === 4 && all.every((d) => d.state !== 'pending');
      do {
        // each attempt is recorded just after its answer (or timeout): read the log until all settled
        all = (await (await app.fetch('/api/v1/notify/deliveries')).json()) as Log;
      } while (!settled() && Date.now() < deadline);
      assert.equal(all.length, 4, 'police takes security alarms only: not this fire');
      const mailed = all.filter((d) => d.channel === 'email');
      assert.deepEqual(
        mailed.map((d) => [d.agencyId, d.state, d.attempts]),
        [[room.id, 'delivered', 1]],
      );
      const mail = await smtp.waitFor((m) => m.to.some((t) => t.includes('room@hanam.test')));
      assert.match(mail.from, /ioc@hanam\.test/);
      assert.match(mail.data, /X-Dosi-Delivery: \d+/i);
      assert.ok(mail.data.includes(alarmId.slice(-12)), 'the mail carries the alarm');
      const log = all.filter((d) => d.agencyId !== stuck.id && d.channel === 'webhook');
      assert.ok(
        log.every((d) => d.state === 'delivered'),
        JSON.stringify(log),
      );
      const attempts = log.reduce((n, d) => n + d.attempts, 0);
      assert.equal(attempts, 4, 'two failures and two successes');
      assert.deepEqual(log.flatMap((d) => d.history.map((a) => a.status)).sort(), [200, 200, 500, 500]);
      assert.equal(police.received.length, 0);
      assert.equal(fire.received.length, 4);
      assert.ok(log.some((d) => d.agencyId === f.id) && log.some((d) => d.agencyId === room.id));
      const hung = all.find((d) => d.agencyId === stuck.id)!;
      assert.equal(hung.state, 'failed');
      assert.equal(hung.attempts, 3, 'DOSI_NOTIFY_MAX_ATTEMPTS');
      assert.equal(hung.lastError, 'timeout after 300 ms');
      const failed = (await (await app.fetch('/api/v1/notify/deliveries?state=failed')).json()) as Log;
      assert.deepEqual(
        failed.map((d) => d.agencyId),
        [stuck.id],
      );
    });

    test('an incident published as a public alert is in the CAP feed and its CAP document', async () => {
      let r = await app.fetch('/api/v1/incidents', json({ title: '덕풍동 화재', alarmIds: [alarmId] }));
      assert.equal(r.status, 201);
      const inc = (await r.json()) as { id: string };
      incidentId = inc.id;
      r = await app.fetch(
        `/api/v1/incidents/${encodeURIComponent(inc.id)}/publish`,
        json({
          headline: '덕풍동 화재 — 인근 주민 대피',
          instruction: '창문을 닫고 대피하십시오',
          radiusKm: 1,
        }),
      );
      assert.equal(r.status, 201, await r.clone().text());
      const pub = (await r.json()) as { identifier: string; href: string; severity: string };
      assert.equal(pub.severity, 'Extreme');
      r = await fetch(`${app.url}/cap/alerts.atom`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /atom\+xml/);
      const feed = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'entry' }).parse(
        await r.text(),
      ).feed;
      assert.equal(feed.entry.length, 1);
      assert.equal(feed.entry[0].title, '덕풍동 화재 — 인근 주민 대피');
      const href = feed.entry[0].link['@_href'] as string;
      assert.equal(href, pub.href);
      r = await fetch(href);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /cap\+xml/);
      const xml = await r.text();
      assert.deepEqual(capStructureErrors(xml), []);
      const cap = new XMLParser().parse(xml).alert;
      assert.equal(cap.identifier, pub.identifier);
      assert.equal(cap.info.category, 'Fire');
      assert.equal(cap.info.language, 'ko-KR');
      assert.match(String(cap.info.area.circle), /^37\.540\d+,127\.214800 1$/);
      r = await fetch(`${app.url}/cap/alerts/nope.xml`);
      assert.equal(r.status, 404);
    });

    test('the delivery log of one incident or of one alarm', async () => {
      type Log = { agencyId: string; channel: string; eventKey: string }[];
      const log = async (qs: string) => {
        const r = await app.fetch(`/api/v1/notify/deliveries?${qs}`);
        assert.equal(r.status, 200, await r.clone().text());
        return (await r.json()) as Log;
      };
      const path = `/api/v1/incidents/${encodeURIComponent(incidentId)}`;
      assert.deepEqual(await log(`incidentId=${encodeURIComponent(incidentId)}`), []);
      assert.equal((await app.fetch(`${path}/ack`, json({}))).status, 200);
      assert.equal((await app.fetch(`${path}/dispatch`, json({}))).status, 200);
      // The incident reaches the agencies of its alarms' categories (its one alarm is a fire): the two
      // 119 receivers and the disaster room (every category, also by e-mail), not the police (security).
      const deadline = Date.now() + 15_000;
      let mine: Log = [];
      do mine = await log(`incidentId=${encodeURIComponent(incidentId)}`);
      while (mine.length < 4 && Date.now() < deadline);
      const agencies = (await (await app.fetch('/api/v1/notify/agencies')).json()) as {
        id: string;
        kind: string;
      }[];
      const kindOf = new Map(agencies.map((a) => [a.id, a.kind]));
      assert.deepEqual(mine.map((d) => `${kindOf.get(d.agencyId)}/${d.channel}`).sort(), [
        'disaster-room/email',
        'disaster-room/webhook',
        'fire-119/webhook',
        'fire-119/webhook',
      ]);
      assert.ok(
        mine.every((d) => d.eventKey.startsWith(`incident:${incidentId}:`)),
        JSON.stringify(mine),
      );
      const ofAlarm = await log(`alarmId=${encodeURIComponent(alarmId)}`);
      assert.equal(ofAlarm.length, 4, 'the alarm was handed over to three agencies, one also by e-mail');
      assert.ok(ofAlarm.every((d) => d.eventKey.startsWith(`alarm:${alarmId}:`)));
      assert.equal((await log('')).length, 8);
      assert.deepEqual(await log('incidentId=urn:dosi:incident:none'), []);
      const both = await app.fetch(
        `/api/v1/notify/deliveries?incidentId=${encodeURIComponent(incidentId)}&alarmId=x`,
      );
      assert.equal(both.status, 400);
      assert.equal(((await both.json()) as { code: string }).code, 'DOSI_ERR_HTTP_VALIDATION');
    });

    test('the stream forwards waste events: a new collection plan reaches the console', async () => {
      let r = await app.fetch(
        '/api/v1/waste/fleet',
        json(
          {
            depot: { name: '차고지', location: BASE },
            trucks: [{ id: 't1', name: '1호차', capacityL: 1000 }],
          },
          'PUT',
        ),
      );
      assert.equal(r.status, 200, await r.text());
      r = await app.fetch('/api/v1/waste/plans', json({ timeLimitMs: 100 }));
      const text = await r.text();
      assert.equal(r.status, 201, text);
      const plan = JSON.parse(text) as { id: string };
      const msg = await nextWs((m) => m.type === 'waste' && m.data.planId === plan.id);
      assert.equal(msg.tenant, 'hanam');
      assert.deepEqual([msg.data.kind, msg.data.status], ['created', 'active']);
    });
  });
}
