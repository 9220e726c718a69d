// NGSI-LD temporal API contract (§6.18–6.22): the same suite on PGlite and on the PostgreSQL server, over real HTTP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

const CORE = 'https://uri.etsi.org/ngsi-ld/errors/';
const T = '/ngsi-ld/v1/temporal/entities';
const AQ1 = 'urn:ngsi-ld:AirQualityObserved:hanam-1';
const AQ2 = 'urn:ngsi-ld:AirQualityObserved:hanam-2';
const WM = 'urn:ngsi-ld:WaterMeter:hanam-7';
const json = (body: unknown, method = 'POST') => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const at = (hhmm: string) => `2026-01-01T${hhmm}:00.000Z`;

/** pm10 over time (value, observedAt); the first comes with the entity, the rest by PATCH. */
const PM10: [number, string][] = [
  [10, '00:00'],
  [20, '00:20'],
  [30, '00:40'],
  [40, '01:00'],
  [50, '01:15'],
  [60, '01:30'],
  [60, '02:10'],
  [60, '02:40'],
];
const STATUS: [string, string][] = [
  ['ok', '00:00'],
  ['full', '00:30'],
  ['ok', '01:10'],
];

for (const backend of await backends()) {
  describe(`NGSI-LD temporal API on ${backend.name}`, { skip: backend.skip }, () => {
    let app: TestApp;
    const get = async (path: string, init: { tenant?: string } = {}): Promise<any> => {
      const r = await app.fetch(path, init);
      assert.equal(r.status, 200, `${path} → ${r.status} ${r.status === 200 ? '' : await r.clone().text()}`);
      return (await r.json()) as any;
    };

    before(async () => {
      app = await startTestApp(backend);
      const [first, ...rest] = PM10;
      const created = await app.fetch(
        '/ngsi-ld/v1/entities',
        json({
          id: AQ1,
          type: 'AirQualityObserved',
          pm10: { type: 'Property', value: first![0], observedAt: at(first![1]), unitCode: 'GQ' },
          status: { type: 'Property', value: STATUS[0]![0], observedAt: at(STATUS[0]![1]) },
          location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [127.2148, 37.5393] } },
        }),
      );
      assert.equal(created.status, 201);
      for (const [value, t] of rest)
        assert.equal(
          (
            await app.fetch(
              `/ngsi-ld/v1/entities/${AQ1}/attrs/pm10`,
              json({ value, observedAt: at(t) }, 'PATCH'),
            )
          ).status,
          204,
        );
      for (const [value, t] of STATUS.slice(1))
        assert.equal(
          (
            await app.fetch(
              `/ngsi-ld/v1/entities/${AQ1}/attrs/status`,
              json({ value, observedAt: at(t) }, 'PATCH'),
            )
          ).status,
          204,
        );
      const second = await app.fetch(
        '/ngsi-ld/v1/entities',
        json({
          id: AQ2,
          type: 'AirQualityObserved',
          pm10: { type: 'Property', value: 5, observedAt: at('00:30') },
          location: { type: 'Point', coordinates: [127.1, 37.6] },
        }),
      );
      assert.equal(second.status, 201);
    });
    after(async () => {
      await app?.close();
    });

    test('temporalValues: every value with its observedAt, in time order', async () => {
      const e = await get(`${T}/${AQ1}?attrs=pm10&options=temporalValues`);
      assert.deepEqual(e, {
        id: AQ1,
        type: 'AirQualityObserved',
        pm10: { type: 'Property', values: PM10.map(([v, t]) => [v, at(t)]) },
      });
      const fmt = await get(`${T}/${AQ1}?attrs=status&format=temporalValues`);
      assert.deepEqual(fmt.status, { type: 'Property', values: STATUS.map(([v, t]) => [v, at(t)]) });
    });

    test('normalized: arrays of instances with instanceId, unitCode and observedAt', async () => {
      const e = await get(`${T}/${AQ1}?attrs=pm10`);
      assert.equal(e.pm10.length, PM10.length);
      assert.deepEqual(
        e.pm10.map((i: { type: string; value: number; observedAt: string }) => [
          i.type,
          i.value,
          i.observedAt,
        ]),
        PM10.map(([v, t]) => ['Property', v, at(t)]),
      );
      assert.equal(e.pm10[0].unitCode, 'GQ');
      for (const i of e.pm10) assert.match(i.instanceId, /^urn:ngsi-ld:attribute:instance:\d+$/);
      assert.equal(new Set(e.pm10.map((i: { instanceId: string }) => i.instanceId)).size, PM10.length);
      const withSys = await get(`${T}/${AQ1}?attrs=pm10&options=sysAttrs&lastN=1`);
      assert.match(withSys.pm10[0].modifiedAt, /^\d{4}-\d\d-\d\dT/);
      assert.equal(
        withSys.location,
        undefined,
        'location has no observedAt, so it is not on the observedAt axis',
      );
      const byModified = await get(
        `${T}/${AQ1}?attrs=location&timeproperty=modifiedAt&options=temporalValues`,
      );
      assert.deepEqual(byModified.location.values[0][0], { type: 'Point', coordinates: [127.2148, 37.5393] });
      assert.match(byModified.location.values[0][1], /^\d{4}-\d\d-\d\dT/);
    });

    test('timerel before / after / between, at the exact boundaries', async () => {
      const values = async (qs: string): Promise<number[] | undefined> => {
        const e = (await get(`${T}/${AQ1}?attrs=pm10&options=temporalValues&${qs}`)) as {
          pm10?: { values: [number, string][] };
        };
        return e.pm10?.values.map((x) => x[0]);
      };
      assert.deepEqual(await values(`timerel=before&timeAt=${at('01:00')}`), [10, 20, 30]);
      assert.deepEqual(await values(`timerel=after&timeAt=${at('01:00')}`), [40, 50, 60, 60, 60]);
      assert.deepEqual(
        await values(`timerel=between&timeAt=${at('00:20')}&endTimeAt=${at('01:15')}`),
        [20, 30, 40],
      );
      assert.deepEqual(
        await values(
          `timerel=between&timeAt=${encodeURIComponent('2026-01-01T09:20:00+09:00')}&endTimeAt=${at('00:40')}`,
        ),
        [20],
      );
      assert.equal(await values(`timerel=before&timeAt=${at('00:00')}`), undefined);
    });

    test('lastN: the N latest instances per attribute, oldest first', async () => {
      const e = await get(`${T}/${AQ1}?attrs=pm10,status&options=temporalValues&lastN=2`);
      assert.deepEqual(e.pm10.values, [
        [60, at('02:10')],
        [60, at('02:40')],
      ]);
      assert.deepEqual(e.status.values, [
        ['full', at('00:30')],
        ['ok', at('01:10')],
      ]);
      const inRange = await get(
        `${T}/${AQ1}?attrs=pm10&options=temporalValues&lastN=2&timerel=before&timeAt=${at('01:00')}`,
      );
      assert.deepEqual(inRange.pm10.values, [
        [20, at('00:20')],
        [30, at('00:40')],
      ]);
    });

    test('aggregatedValues per PT1H period, computed in SQL', async () => {
      const methods = 'totalCount,distinctCount,sum,avg,min,max,stddev,sumsq';
      const e = await get(
        `${T}/${AQ1}?attrs=pm10&options=aggregatedValues&aggrMethods=${methods}&aggrPeriodDuration=PT1H&timerel=between&timeAt=${at('00:00')}&endTimeAt=${at('03:00')}`,
      );
      const p = (h: number) => [at(`0${h}:00`), at(`0${h + 1}:00`)];
      // [00:00,01:00) 10,20,30 — [01:00,02:00) 40,50,60 — [02:00,03:00) 60,60
      assert.deepEqual(e.pm10, {
        type: 'Property',
        totalCount: [
          [3, ...p(0)],
          [3, ...p(1)],
          [2, ...p(2)],
        ],
        distinctCount: [
          [3, ...p(0)],
          [3, ...p(1)],
          [1, ...p(2)],
        ],
        sum: [
          [60, ...p(0)],
          [150, ...p(1)],
          [120, ...p(2)],
        ],
        avg: [
          [20, ...p(0)],
          [50, ...p(1)],
          [60, ...p(2)],
        ],
        min: [
          [10, ...p(0)],
          [40, ...p(1)],
          [60, ...p(2)],
        ],
        max: [
          [30, ...p(0)],
          [60, ...p(1)],
          [60, ...p(2)],
        ],
        stddev: [
          [10, ...p(0)],
          [10, ...p(1)],
          [0, ...p(2)],
        ],
        sumsq: [
          [1400, ...p(0)],
          [7700, ...p(1)],
          [7200, ...p(2)],
        ],
      });
      const whole = await get(
        `${T}/${AQ1}?attrs=pm10&format=aggregatedValues&aggrMethods=sum,totalCount,distinctCount&timerel=between&timeAt=${at('00:00')}&endTimeAt=${at('03:00')}`,
      );
      assert.deepEqual(whole.pm10, {
        type: 'Property',
        sum: [[330, at('00:00'), at('03:00')]],
        totalCount: [[8, at('00:00'), at('03:00')]],
        distinctCount: [[6, at('00:00'), at('03:00')]],
      });
      const open = await get(
        `${T}/${AQ1}?attrs=pm10&options=aggregatedValues&aggrMethods=max&aggrPeriodDuration=PT1H&lastN=1`,
      );
      assert.deepEqual(
        open.pm10.max,
        [[60, at('02:00'), at('03:00')]],
        'periods start at the first instance; lastN keeps the last period',
      );
    });

    test('aggregatedValues on strings: counts and lexicographic min/max, no sum', async () => {
      const e = await get(
        `${T}/${AQ1}?attrs=status&options=aggregatedValues&aggrMethods=totalCount,distinctCount,min,max,sum&aggrPeriodDuration=PT1H&timerel=between&timeAt=${at('00:00')}&endTimeAt=${at('02:00')}`,
      );
      assert.deepEqual(e.status, {
        type: 'Property',
        totalCount: [
          [2, at('00:00'), at('01:00')],
          [1, at('01:00'), at('02:00')],
        ],
        distinctCount: [
          [2, at('00:00'), at('01:00')],
          [1, at('01:00'), at('02:00')],
        ],
        min: [
          ['full', at('00:00'), at('01:00')],
          ['ok', at('01:00'), at('02:00')],
        ],
        max: [
          ['ok', at('00:00'), at('01:00')],
          ['ok', at('01:00'), at('02:00')],
        ],
        sum: [
          [null, at('00:00'), at('01:00')],
          [null, at('01:00'), at('02:00')],
        ],
      });
    });

    test('query: type / attrs / timerel select entities; count, paging, q and geo on the current state', async () => {
      const base = `${T}?type=AirQualityObserved&attrs=pm10&options=temporalValues`;
      const all = await app.fetch(`${base}&count=true`);
      assert.equal(all.headers.get('ngsild-results-count'), '2');
      const list = (await all.json()) as { id: string; pm10: unknown }[];
      assert.deepEqual(
        list.map((e) => e.id),
        [AQ1, AQ2],
      );
      assert.deepEqual(list[1]!.pm10, { type: 'Property', values: [[5, at('00:30')]] });
      const late = await app.fetch(`${base}&timerel=after&timeAt=${at('01:00')}&count=true`);
      assert.equal(late.headers.get('ngsild-results-count'), '1');
      assert.deepEqual(
        ((await late.json()) as { id: string }[]).map((e) => e.id),
        [AQ1],
      );
      const page = await get(`${base}&limit=1&offset=1`);
      assert.deepEqual(
        page.map((e: { id: string }) => e.id),
        [AQ2],
      );
      const q = await get(`${base}&q=pm10>55&lastN=1`);
      assert.deepEqual(q, [
        { id: AQ1, type: 'AirQualityObserved', pm10: { type: 'Property', values: [[60, at('02:40')]] } },
      ]);
      const near = await get(
        `${base}&georel=near;maxDistance==500&geometry=Point&coordinates=[127.2148,37.5393]&lastN=1`,
      );
      assert.deepEqual(
        near.map((e: { id: string }) => e.id),
        [AQ1],
      );
      const picked = await get(`${T}?id=${AQ2}&pick=id,pm10&options=temporalValues`);
      assert.deepEqual(picked, [{ id: AQ2, pm10: { type: 'Property', values: [[5, at('00:30')]] } }]);
      const noFilter = await app.fetch(T);
      assert.equal(noFilter.status, 400);
    });

    test('invalid temporal parameters answer 400 with a precise detail', async () => {
      const bad = async (qs: string, type: string, detail: RegExp) => {
        const r = await app.fetch(`${T}/${AQ1}?${qs}`);
        assert.equal(r.status, 400, qs);
        const p = (await r.json()) as any;
        assert.equal(p.type, `${CORE}${type}`);
        assert.match(p.detail, detail);
      };
      await bad(
        'timerel=during&timeAt=2026-01-01T00:00:00Z',
        'InvalidRequest',
        /timerel must be before, after or between; got during/,
      );
      await bad('timerel=before', 'InvalidRequest', /timerel=before needs timeAt/);
      await bad('timerel=after&timeAt=tomorrow', 'InvalidRequest', /timeAt must be an ISO 8601 date-time/);
      await bad(
        'timerel=between&timeAt=2026-01-01T00:00:00Z',
        'InvalidRequest',
        /timerel=between needs endTimeAt/,
      );
      await bad(
        'timerel=between&timeAt=2026-01-01T02:00:00Z&endTimeAt=2026-01-01T01:00:00Z',
        'InvalidRequest',
        /endTimeAt 2026-01-01T01:00:00.000Z must be later than timeAt 2026-01-01T02:00:00.000Z/,
      );
      await bad(
        'options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=1h',
        'InvalidRequest',
        /aggrPeriodDuration must be an ISO 8601 duration like PT1H or P1D; got "1h"/,
      );
      await bad(
        'options=aggregatedValues&aggrMethods=median',
        'InvalidRequest',
        /unknown aggrMethods entry median/,
      );
      await bad(
        `options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=PT1S&timerel=between&timeAt=${at('00:00')}&endTimeAt=${at('04:00')}`,
        'InvalidRequest',
        /more than 10000 aggregation periods/,
      );
      await bad('lastN=0', 'InvalidRequest', /lastN must be a positive integer/);
      await bad(
        'timeproperty=deletedAt',
        'InvalidRequest',
        /timeproperty must be one of observedAt, createdAt, modifiedAt/,
      );
      assert.equal((await app.fetch(`${T}/urn:ngsi-ld:AirQualityObserved:none`)).status, 404);
    });

    test('temporal writes: create, add instances, append attributes; the current entity is untouched', async () => {
      const body = {
        id: WM,
        type: 'WaterMeter',
        flow: [
          { type: 'Property', value: 1.5, observedAt: '2026-02-01T00:00:00Z' },
          { type: 'Property', value: 2.5, observedAt: '2026-02-01T01:00:00Z' },
        ],
      };
      const created = await app.fetch(T, json(body));
      assert.equal(created.status, 201);
      assert.equal(created.headers.get('location'), `${T}/${encodeURIComponent(WM)}`);
      const again = await app.fetch(
        T,
        json({
          id: WM,
          type: 'WaterMeter',
          flow: [{ type: 'Property', value: 3.5, observedAt: '2026-02-01T02:00:00Z' }],
        }),
      );
      assert.equal(again.status, 204);
      assert.equal(
        (
          await app.fetch(
            `${T}/${WM}/attrs`,
            json({ pressure: [{ type: 'Property', value: 3, observedAt: '2026-02-01T00:30:00Z' }] }),
          )
        ).status,
        204,
      );
      const e = await get(`${T}/${WM}?options=temporalValues`);
      assert.deepEqual(e, {
        id: WM,
        type: 'WaterMeter',
        flow: {
          type: 'Property',
          values: [
            [1.5, '2026-02-01T00:00:00.000Z'],
            [2.5, '2026-02-01T01:00:00.000Z'],
            [3.5, '2026-02-01T02:00:00.000Z'],
          ],
        },
        pressure: { type: 'Property', values: [[3, '2026-02-01T00:30:00.000Z']] },
      });
      assert.equal(
        (await app.fetch(`/ngsi-ld/v1/entities/${WM}`)).status,
        404,
        'temporal writes do not create the current entity',
      );
      assert.equal(
        (
          await app.fetch(
            `${T}/urn:ngsi-ld:WaterMeter:none/attrs`,
            json({ flow: [{ value: 1, observedAt: '2026-02-01T00:00:00Z' }] }),
          )
        ).status,
        404,
      );
      const badBody = await app.fetch(
        T,
        json({ id: WM, type: 'WaterMeter', flow: [{ type: 'Property', value: 1, observedAt: 'noon' }] }),
      );
      assert.equal(badBody.status, 400);
      assert.equal(((await badBody.json()) as any).type, `${CORE}BadRequestData`);
    });

    test('modify and delete one instance, delete an attribute, delete the history', async () => {
      const flow = (await get(`${T}/${WM}?attrs=flow`)).flow as any[];
      const second = flow[1].instanceId;
      const patched = await app.fetch(`${T}/${WM}/attrs/flow/${second}`, json({ value: 2.75 }, 'PATCH'));
      assert.equal(patched.status, 204);
      let e = await get(`${T}/${WM}?attrs=flow&options=temporalValues`);
      assert.deepEqual(e.flow.values, [
        [1.5, '2026-02-01T00:00:00.000Z'],
        [2.75, '2026-02-01T01:00:00.000Z'],
        [3.5, '2026-02-01T02:00:00.000Z'],
      ]);
      const normal = (await get(`${T}/${WM}?attrs=flow`)).flow as any[];
      assert.equal(normal[1].instanceId, second, 'the instanceId stays');
      assert.equal(
        (
          await app.fetch(
            `${T}/${WM}/attrs/flow/urn:ngsi-ld:attribute:instance:999999`,
            json({ value: 1 }, 'PATCH'),
          )
        ).status,
        404,
      );
      assert.equal((await app.fetch(`${T}/${WM}/attrs/flow/${second}`, { method: 'DELETE' })).status, 204);
      assert.equal((await app.fetch(`${T}/${WM}/attrs/flow/${second}`, { method: 'DELETE' })).status, 404);
      e = await get(`${T}/${WM}?options=temporalValues`);
      assert.deepEqual(
        e.flow.values.map((x: unknown[]) => x[0]),
        [1.5, 3.5],
      );
      assert.equal((await app.fetch(`${T}/${WM}/attrs/pressure`, { method: 'DELETE' })).status, 204);
      assert.equal((await get(`${T}/${WM}?options=temporalValues`)).pressure, undefined);
      assert.equal((await app.fetch(`${T}/${WM}/attrs/pressure`, { method: 'DELETE' })).status, 404);
      assert.equal((await app.fetch(`${T}/${WM}`, { method: 'DELETE' })).status, 204);
      assert.equal((await app.fetch(`${T}/${WM}`)).status, 404);
      assert.equal((await app.fetch(`${T}/${WM}`, { method: 'DELETE' })).status, 404);
    });

    test('deleted attribute values are not history values', async () => {
      assert.equal(
        (await app.fetch(`/ngsi-ld/v1/entities/${AQ2}/attrs/pm10`, { method: 'DELETE' })).status,
        204,
      );
      const e = await get(`${T}/${AQ2}?options=temporalValues`);
      assert.deepEqual(e.pm10, { type: 'Property', values: [[5, at('00:30')]] });
    });

    test('tenants never see each other’s history', async () => {
      assert.equal((await app.fetch(`${T}/${AQ1}`, { tenant: 'goyang' })).status, 404);
      assert.deepEqual(await get(`${T}?type=AirQualityObserved`, { tenant: 'goyang' }), []);
      const own = await app.fetch(T, {
        ...json({
          id: AQ1,
          type: 'AirQualityObserved',
          pm10: [{ type: 'Property', value: 99, observedAt: at('00:00') }],
        }),
        tenant: 'goyang',
      });
      assert.equal(own.status, 201, 'the same id is new in goyang');
      assert.deepEqual((await get(`${T}/${AQ1}?options=temporalValues`, { tenant: 'goyang' })).pm10.values, [
        [99, at('00:00')],
      ]);
      assert.equal(
        (await get(`${T}/${AQ1}?options=temporalValues&attrs=pm10`)).pm10.values.length,
        PM10.length,
        'hanam history unchanged',
      );
      assert.equal((await app.fetch(`${T}/${AQ1}`, { method: 'DELETE', tenant: 'goyang' })).status, 204);
      assert.equal(
        (await get(`${T}/${AQ1}?options=temporalValues&attrs=pm10`)).pm10.values.length,
        PM10.length,
        'goyang deletes only its own',
      );
    });
  });
}
