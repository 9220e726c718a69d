// Rules and alarms end to end on both storage engines: a rule saved through the API, device readings
// over HTTP crossing its threshold, one de-duplicated alarm with a count, the operator lifecycle
// with its audit trail, incidents, rule versions, and a dry-run over the stored history.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

const PROFILE = {
  id: 'bin-v1',
  name: '음식물 수거함 / food waste bin',
  entityType: 'WasteContainer',
  reportingIntervalSec: 600,
  attributes: [
    { key: 'fill', attr: 'fillingLevel', type: 'number', unitCode: 'P1', min: 0, max: 100 },
    { key: 'state', attr: 'status', type: 'string' },
  ],
};

const RULE = {
  name: '수거함 넘침 / bin overflow',
  severity: 'major',
  category: 'environment',
  subCategory: 'waste-overflow',
  target: { entityType: 'WasteContainer' },
  condition: { type: 'threshold', attr: 'fillingLevel', op: '>=', value: 80, hysteresis: 10 },
};

const json = (body: unknown, method = 'POST') => ({
  method,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

interface AlarmBody {
  id: string;
  state: string;
  count: number;
  clearedAt: string | null;
  entityId: string;
  ruleId: string;
  incidentId: string | null;
  severity: string;
  category: string;
  audit?: { action: string; by: string; from?: string; to?: string; note?: string }[];
}

for (const backend of await backends()) {
  describe(`rules and alarms (${backend.name})`, { skip: backend.skip }, () => {
    let app: TestApp;
    let secret = '';
    let entityId = '';
    /** Alarm events from the bus, in order, with waiters. */
    const seen: { kind: string; alarm: AlarmBody }[] = [];
    let wake: (() => void) | undefined;
    /** The first event of `kind` after index `from`; fails after 15 s instead of hanging. */
    const nextAlarmEvent = async (
      kind: string,
      from: number,
    ): Promise<{ kind: string; alarm: AlarmBody }> => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const hit = seen.slice(from).find((e) => e.kind === kind);
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
        seen.push(d as { kind: string; alarm: AlarmBody });
        wake?.();
      });
      let r = await app.fetch('/api/v1/device-profiles', json(PROFILE));
      assert.equal(r.status, 201, await r.text());
      r = await app.fetch(
        '/api/v1/devices',
        json({ id: 'bin-0001', profileId: 'bin-v1', location: [127.2148, 37.5393] }),
      );
      const body = (await r.json()) as { secret: string; device: { entityId: string } };
      assert.equal(r.status, 201);
      secret = body.secret;
      entityId = body.device.entityId;
    });
    after(async () => app?.close());

    const send = async (fill: number, ts: string) => {
      const r = await fetch(`${app.url}/api/v1/ingest/hanam/bin-0001`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fill, ts }),
      });
      assert.equal(r.status, 201, await r.text());
    };

    test('save-time validation refuses with exact codes; operators may not edit rules', async () => {
      const cases: [unknown, number, string][] = [
        [
          { ...RULE, condition: { ...RULE.condition, attr: 'humidity' } },
          400,
          'DOSI_ERR_RULE_UNKNOWN_ATTRIBUTE',
        ],
        [{ ...RULE, condition: { ...RULE.condition, attr: 'status' } }, 400, 'DOSI_ERR_RULE_ATTRIBUTE_TYPE'],
        [{ ...RULE, condition: { type: 'sorcery' } }, 400, 'DOSI_ERR_RULE_UNKNOWN_TYPE'],
        [
          {
            ...RULE,
            condition: { type: 'inactivity', windows: [{ start: '08:00', end: '08:00' }], forSec: 3600 },
          },
          400,
          'DOSI_ERR_RULE_BAD_WINDOW',
        ],
        [
          {
            ...RULE,
            condition: {
              type: 'geofence',
              trigger: 'exit',
              area: {
                type: 'Polygon',
                coordinates: [
                  [
                    [127, 37],
                    [127.1, 37],
                    [127.1, 37.1],
                    [127, 37.1],
                  ],
                ],
              },
            },
          },
          400,
          'DOSI_ERR_RULE_BAD_AREA',
        ],
      ];
      for (const [body, status, code] of cases) {
        const r = await app.fetch('/api/v1/rules', json(body));
        const p = (await r.json()) as { code: string };
        assert.equal(r.status, status, JSON.stringify(p));
        assert.equal(p.code, code);
      }
      const r = await app.fetch('/api/v1/rules', { ...json(RULE), role: 'operator' });
      assert.equal(r.status, 403);
      const listed = (await (await app.fetch('/api/v1/rules')).json()) as unknown[];
      assert.equal(listed.length, 0);
    });

    test('a crossing opens one alarm; a second crossing counts; ack and audit; incident; dry-run', async () => {
      let r = await app.fetch('/api/v1/rules', json(RULE));
      assert.equal(r.status, 201);
      const rule = (await r.json()) as { id: string; version: number; enabled: boolean };
      assert.equal(rule.version, 1);
      assert.equal(rule.enabled, true);

      let mark = seen.length;
      await send(40, '2026-11-22T09:00:00+09:00');
      await send(85, '2026-11-22T09:10:00+09:00');
      const raised = await nextAlarmEvent('raised', mark);
      assert.equal(raised.alarm.entityId, entityId);
      let list = (await (await app.fetch('/api/v1/alarms?state=open')).json()) as {
        alarms: AlarmBody[];
        total: number;
      };
      assert.equal(list.total, 1);
      assert.equal(list.alarms[0]!.count, 1);
      assert.equal(list.alarms[0]!.ruleId, rule.id);
      assert.equal(list.alarms[0]!.severity, 'major');
      assert.equal(list.alarms[0]!.category, 'environment');

      mark = seen.length;
      await send(75, '2026-11-22T09:20:00+09:00'); // inside the hysteresis band: still active
      await send(60, '2026-11-22T09:30:00+09:00'); // below 80 − 10: cleared
      await nextAlarmEvent('cleared', mark);
      mark = seen.length;
      await send(95, '2026-11-22T09:40:00+09:00');
      const repeated = await nextAlarmEvent('repeated', mark);
      assert.equal(repeated.alarm.count, 2);
      list = (await (await app.fetch('/api/v1/alarms')).json()) as { alarms: AlarmBody[]; total: number };
      assert.equal(list.total, 1, 'one alarm per rule × entity');
      const alarm = list.alarms[0]!;
      assert.equal(alarm.count, 2);
      assert.equal(alarm.clearedAt, null);
      assert.equal(
        ((await (await app.fetch('/api/v1/alarms?severity=critical')).json()) as { total: number }).total,
        0,
      );

      const path = `/api/v1/alarms/${encodeURIComponent(alarm.id)}`;
      r = await app.fetch(`${path}/ack`, { ...json({ note: '확인 / seen' }), role: 'viewer' });
      assert.equal(r.status, 403);
      r = await app.fetch(`${path}/ack`, { ...json({ note: '확인 / seen' }), role: 'operator' });
      assert.equal(r.status, 200, await r.clone().text());
      assert.equal(((await r.json()) as AlarmBody).state, 'acknowledged');
      r = await app.fetch(`${path}/ack`, { ...json({}), role: 'operator' });
      assert.equal(r.status, 409);
      assert.equal(((await r.json()) as { code: string }).code, 'DOSI_ERR_ALARM_TRANSITION');
      r = await app.fetch(`${path}/comment`, { ...json({ note: '현장 확인 필요' }), role: 'operator' });
      assert.equal(r.status, 200);

      const full = (await (await app.fetch(path)).json()) as AlarmBody;
      assert.deepEqual(
        full.audit!.map((a) => a.action),
        ['raised', 'cleared', 'repeated', 'ack', 'comment'],
      );
      const ack = full.audit![3]!;
      assert.equal(ack.by, 'urn:dosi:test:operator');
      assert.equal(ack.from, 'open');
      assert.equal(ack.to, 'acknowledged');
      assert.equal(ack.note, '확인 / seen');

      r = await app.fetch('/api/v1/incidents', {
        ...json({ title: '수거함 넘침', alarmIds: [alarm.id] }),
        role: 'operator',
      });
      assert.equal(r.status, 201);
      const inc = (await r.json()) as { id: string; severity: string; alarmIds: string[]; state: string };
      assert.deepEqual(inc.alarmIds, [alarm.id]);
      assert.equal(inc.severity, 'major');
      r = await app.fetch(`/api/v1/incidents/${encodeURIComponent(inc.id)}/dispatch`, json({}));
      assert.equal(r.status, 409, 'open → dispatched skips acknowledgement');
      r = await app.fetch(`/api/v1/incidents/${encodeURIComponent(inc.id)}/ack`, json({}));
      assert.equal(((await r.json()) as { state: string }).state, 'acknowledged');

      r = await app.fetch(
        `/api/v1/rules/${encodeURIComponent(rule.id)}/dry-run`,
        json({ from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z' }),
      );
      assert.equal(r.status, 200);
      const dry = (await r.json()) as {
        observations: number;
        events: { kind: string; at: string; entityId: string }[];
      };
      assert.equal(dry.observations, 5);
      assert.deepEqual(
        dry.events.map((e) => `${e.kind}@${e.at}`),
        [
          'raise@2026-11-22T00:10:00.000Z',
          'clear@2026-11-22T00:30:00.000Z',
          'raise@2026-11-22T00:40:00.000Z',
        ],
      );
      assert.ok(dry.events.every((e) => e.entityId === entityId));

      // a posted rule, never saved: a lower threshold fires at the first reading already
      r = await app.fetch(
        '/api/v1/rules/dry-run',
        json({
          rule: { ...RULE, condition: { ...RULE.condition, value: 30, hysteresis: 0 } },
          from: '2026-11-22T00:00:00Z',
          to: '2026-11-23T00:00:00Z',
        }),
      );
      assert.equal(r.status, 200);
      assert.deepEqual(
        ((await r.json()) as { events: { kind: string; at: string }[] }).events.map(
          (e) => `${e.kind}@${e.at}`,
        ),
        ['raise@2026-11-22T00:00:00.000Z'],
      );
    });

    test('a reading over MQTT (QoS 1) from another bin opens its own alarm', async () => {
      let r = await app.fetch('/api/v1/devices', json({ id: 'bin-0002', profileId: 'bin-v1' }));
      assert.equal(r.status, 201);
      const dev = (await r.json()) as { secret: string; device: { entityId: string } };
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${app.platform.ingestion!.mqttPort}`, {
        username: 'bin-0002@hanam',
        password: dev.secret,
        reconnectPeriod: 0,
      });
      const mark = seen.length;
      await c.publishAsync(
        'dosi/hanam/bin-0002/attrs',
        JSON.stringify({ fill: 99, ts: '2026-11-22T10:00:00+09:00' }),
        {
          qos: 1,
        },
      );
      await c.endAsync();
      const ev = await nextAlarmEvent('raised', mark);
      assert.equal(ev.alarm.entityId, dev.device.entityId);
      r = await app.fetch(`/api/v1/alarms?entityId=${encodeURIComponent(dev.device.entityId)}`);
      const list = (await r.json()) as { total: number; alarms: AlarmBody[] };
      assert.equal(list.total, 1);
      assert.equal(list.alarms[0]!.count, 1);
    });

    test('every save is a version; disable and enable are versions too', async () => {
      let r = await app.fetch('/api/v1/rules', json({ ...RULE, name: 'v1' }));
      const rule = (await r.json()) as { id: string };
      const path = `/api/v1/rules/${encodeURIComponent(rule.id)}`;
      r = await app.fetch(path, json({ ...RULE, name: 'v2', severity: 'critical' }, 'PUT'));
      assert.equal(r.status, 200);
      assert.equal(((await r.json()) as { version: number }).version, 2);
      r = await app.fetch(`${path}/disable`, json({}));
      assert.equal(((await r.json()) as { enabled: boolean }).enabled, false);
      const versions = (await (await app.fetch(`${path}/versions`)).json()) as {
        version: number;
        change: string;
        rule: { name: string; severity: string };
      }[];
      assert.deepEqual(
        versions.map((v) => `${v.version}:${v.change}:${v.rule.name}:${v.rule.severity}`),
        ['1:created:v1:major', '2:replaced:v2:critical', '3:disabled:v2:critical'],
      );
      r = await app.fetch(`${path}/versions/1`);
      assert.equal(((await r.json()) as { rule: { name: string } }).rule.name, 'v1');
      r = await app.fetch(path, { method: 'DELETE' });
      assert.equal(r.status, 204);
      r = await app.fetch(path);
      assert.equal(r.status, 404);
      assert.equal(((await r.json()) as { code: string }).code, 'DOSI_ERR_RULE_NOT_FOUND');
      r = await app.fetch(`${path}/versions`);
      assert.equal(((await r.json()) as unknown[]).length, 4, 'history is kept after deletion');
    });

    test('an NGSI-LD update of a location leaves a circle geofence: an exit alarm', async () => {
      let r = await app.fetch(
        '/api/v1/rules',
        json({
          name: '이탈 / left the yard',
          severity: 'critical',
          category: 'security',
          target: { entityIds: [entityId] },
          condition: {
            type: 'geofence',
            trigger: 'exit',
            area: { type: 'Circle', center: [127.2148, 37.5393], radiusM: 200 },
          },
        }),
      );
      assert.equal(r.status, 201, await r.clone().text());
      const rule = (await r.json()) as { id: string };
      const mark = seen.length;
      r = await app.fetch(`/ngsi-ld/v1/entities/${encodeURIComponent(entityId)}/attrs`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [127.23, 37.5393] } },
        }),
      });
      assert.equal(r.status, 204, await r.text());
      const ev = await nextAlarmEvent('raised', mark);
      assert.equal(ev.alarm.ruleId, rule.id);
      assert.equal(ev.alarm.severity, 'critical');
      const list = (await (
        await app.fetch(`/api/v1/alarms?ruleId=${encodeURIComponent(rule.id)}`)
      ).json()) as {
        total: number;
      };
      assert.equal(list.total, 1);
    });

    test('a device going offline raises a deviceOffline alarm; online clears it', async () => {
      const r = await app.fetch(
        '/api/v1/rules',
        json({
          name: '통신 두절 / device offline',
          severity: 'warning',
          category: 'facility',
          target: { entityType: 'WasteContainer' },
          condition: { type: 'deviceOffline' },
        }),
      );
      assert.equal(r.status, 201);
      const rule = (await r.json()) as { id: string };
      const state = (s: 'online' | 'offline', at: string) =>
        app.platform.bus.publish(
          `dosi.device.hanam.${s}`,
          { tenant: 'hanam', deviceId: 'bin-0001', entityId, state: s, lastSeenAt: null, at },
          `d:test:${s}:${at}`,
        );
      let mark = seen.length;
      await state('offline', '2026-11-22T03:00:00.000Z');
      const raised = await nextAlarmEvent('raised', mark);
      assert.equal(raised.alarm.ruleId, rule.id);
      mark = seen.length;
      await state('online', '2026-11-22T03:30:00.000Z');
      const cleared = await nextAlarmEvent('cleared', mark);
      assert.equal(cleared.alarm.id, raised.alarm.id);
      assert.ok(cleared.alarm.clearedAt);
    });

    test('the routes are in the OpenAPI document', async () => {
      const doc = (await (await app.fetch('/openapi.json')).json()) as { paths: Record<string, unknown> };
      for (const p of [
        '/api/v1/rules',
        '/api/v1/rules/{id}/versions',
        '/api/v1/rules/{id}/dry-run',
        '/api/v1/rules/dry-run',
        '/api/v1/alarms',
        '/api/v1/alarms/{id}/{action}',
        '/api/v1/alarms/{id}/assign',
        '/api/v1/incidents',
        '/api/v1/incidents/{id}/alarms/{alarmId}',
      ])
        assert.ok(doc.paths[p], `${p} missing from /openapi.json`);
    });

    test('incidents: alarms added and removed, one incident per alarm, full lifecycle', async () => {
      const alarms = (await (await app.fetch('/api/v1/alarms?limit=10')).json()) as { alarms: AlarmBody[] };
      const free = alarms.alarms.filter((a) => a.incidentId === null).map((a) => a.id);
      assert.ok(free.length >= 2, `free alarms: ${free.length}`);
      let r = await app.fetch('/api/v1/incidents', {
        ...json({ title: 'A', alarmIds: [free[0]] }),
        role: 'operator',
      });
      assert.equal(r.status, 201);
      const inc = (await r.json()) as { id: string };
      const path = `/api/v1/incidents/${encodeURIComponent(inc.id)}`;
      r = await app.fetch('/api/v1/incidents', json({ title: 'B', alarmIds: [free[0]] }));
      assert.equal(r.status, 400);
      assert.equal(((await r.json()) as { code: string }).code, 'DOSI_ERR_INCIDENT_INVALID');
      r = await app.fetch(`${path}/alarms`, json({ alarmIds: [free[1]] }));
      assert.deepEqual(
        ((await r.json()) as { alarmIds: string[] }).alarmIds.sort(),
        [free[0], free[1]].sort(),
      );
      r = await app.fetch(`${path}/alarms/${encodeURIComponent(free[0]!)}`, { method: 'DELETE' });
      assert.deepEqual(((await r.json()) as { alarmIds: string[] }).alarmIds, [free[1]]);
      for (const action of ['ack', 'dispatch', 'resolve', 'close']) {
        r = await app.fetch(`${path}/${action}`, { ...json({ note: action }), role: 'operator' });
        assert.equal(r.status, 200, `${action}: ${await r.clone().text()}`);
      }
      const done = (await (await app.fetch(path)).json()) as { state: string; audit: { action: string }[] };
      assert.equal(done.state, 'closed');
      assert.deepEqual(
        done.audit.map((a) => a.action),
        ['created', 'add-alarms', 'remove-alarm', 'ack', 'dispatch', 'resolve', 'close'],
      );
      r = await app.fetch('/api/v1/incidents/urn%3Adosi%3Aincident%3Anope');
      assert.equal(r.status, 404);
    });

    test('another tenant sees none of these alarms or rules', async () => {
      const r = await app.fetch('/api/v1/alarms', { tenant: 'goyang' });
      assert.equal(r.status, 200);
      assert.equal(((await r.json()) as { total: number }).total, 0);
      const rules = (await (await app.fetch('/api/v1/rules', { tenant: 'goyang' })).json()) as unknown[];
      assert.equal(rules.length, 0);
    });
  });
}
