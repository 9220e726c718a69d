// Collection planning end to end on both storage engines: bins provisioned and filled over HTTP
// ingest, the tenant's fleet, a plan made with the route solver (worker thread), what it chose and
// why, capacity and timelines checked from its own numbers, the plan following the trucks' reports,
// GeoJSON and GPX exports, and clear errors for an infeasible fleet and bad input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T00:00:00Z'); // Monday 09:00 Seoul
const ts = (h: number) => new Date(T0 + h * HOUR).toISOString();
const SHIFT = ts(3);
const DEPOT: [number, number] = [127.2149, 37.5392];
const json = (body: unknown, method = 'POST') => ({
  method,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

interface Stop {
  seq: number;
  binId: string;
  location: [number, number];
  reason: string;
  demandL: number;
  expectedFill: number;
  eta: string;
  state: string;
  doneAt: string | null;
}
interface Route {
  truckId: string;
  capacityL: number;
  loadL: number;
  distanceKm: number;
  start: string;
  end: string;
  stops: Stop[];
}
interface Plan {
  id: string;
  status: string;
  shiftStart: string;
  routes: Route[];
  unserved: { binId: string; reason: string }[];
  figures: { candidates: number; due: number; onTheWay: number; stops: number; distanceKm: number };
}

/** Road km of a route from its stops: equirectangular metres × 1.3, as the plan's fleet says. */
function routeKm(r: Route): number {
  const k = 111_320 * Math.cos((DEPOT[1] * Math.PI) / 180);
  const xy = (p: [number, number]) => [(p[0] - DEPOT[0]) * k, (p[1] - DEPOT[1]) * 110_574] as const;
  const pts = [DEPOT, ...r.stops.map((s) => s.location), DEPOT].map(xy);
  let m = 0;
  for (let i = 1; i < pts.length; i++)
    m += 1.3 * Math.hypot(pts[i]![0] - pts[i - 1]![0], pts[i]![1] - pts[i - 1]![1]);
  return m / 1000;
}

for (const backend of await backends()) {
  describe(`waste collection plans (${backend.name})`, { skip: backend.skip }, () => {
    let app: TestApp;
    const entity = new Map<string, string>();
    const secrets = new Map<string, string>();
    const send = async (id: string, fill: number, h: number) => {
      const s = await fetch(`${app.url}/api/v1/ingest/hanam/${id}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secrets.get(id)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fill, ts: ts(h) }),
      });
      assert.equal(s.status, 201, await s.text());
    };
    /** Waits until the service has folded in the readings observed at `at` of the given bins. */
    const settled = async (ids: string[], at: string) => {
      const deadline = Date.now() + 20_000;
      const want = new Set(ids.map((id) => entity.get(id)));
      for (;;) {
        const r = (await (await app.fetch('/api/v1/waste/bins?limit=100')).json()) as {
          bins: { id: string; observedAt: string }[];
        };
        if (r.bins.filter((b) => want.has(b.id) && b.observedAt === at).length === want.size) return;
        if (Date.now() > deadline) throw new Error(`bins did not take their readings at ${at}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const group = new Map<string, 'due' | 'near' | 'far' | 'low'>();
    const planEvents: { kind: string; planId: string; status: string }[] = [];

    before(async () => {
      app = await startTestApp(backend);
      await app.platform.bus.subscribe('dosi.waste.*.plan', async (d) => {
        planEvents.push(d as (typeof planEvents)[number]);
      });
      assert.equal((await app.fetch('/api/v1/waste/sensor-profile', { method: 'PUT' })).status, 200);
      // 10 due bins on a ring of 1.5 km around the depot, a half-full bin 55 m from six of them, four
      // half-full bins 6 km away, and four nearly empty ones.
      const bins: [string, [number, number], number][] = [];
      for (let i = 0; i < 10; i++) {
        const a = (2 * Math.PI * i) / 10;
        const p: [number, number] = [DEPOT[0] + 0.017 * Math.cos(a), DEPOT[1] + 0.0135 * Math.sin(a)];
        bins.push([`due-${i}`, p, 85]);
        if (i < 6) bins.push([`near-${i}`, [p[0], p[1] + 0.0005], 60]);
      }
      for (let i = 0; i < 4; i++) bins.push([`far-${i}`, [DEPOT[0] + 0.07 + 0.01 * i, DEPOT[1] + 0.02], 60]);
      for (let i = 0; i < 4; i++) bins.push([`low-${i}`, [DEPOT[0] - 0.005 * i, DEPOT[1] - 0.004], 10]);
      for (const [id, location, fill] of bins) {
        const r = await app.fetch(
          '/api/v1/devices',
          json({ id, profileId: 'waste-container', name: `덕풍1동 음식물 수거함 ${id}`, location }),
        );
        const body = (await r.json()) as { secret: string; device: { entityId: string } };
        assert.equal(r.status, 201);
        entity.set(id, body.device.entityId);
        secrets.set(id, body.secret);
        group.set(body.device.entityId, id.split('-')[0] as 'due');
        // Two readings two hours apart at the same level: the learned rate is 0, the fill stays.
        for (const h of [0, 2]) await send(id, fill, h);
      }
      await settled(
        bins.map(([id]) => id),
        ts(2),
      );
    });
    after(async () => app?.close());

    let plan: Plan;

    test('the fleet: defaults, a partial update, and errors that name the field', async () => {
      const d = (await (await app.fetch('/api/v1/waste/fleet')).json()) as Record<string, any>;
      assert.equal(d.depot, null);
      assert.equal(d.trucks.length, 3);
      assert.equal(d.shiftStartHour, 5);
      const r = await app.fetch(
        '/api/v1/waste/fleet',
        json(
          {
            depot: { name: '하남 자원순환센터', location: DEPOT },
            trucks: [
              { id: 't1', name: '1호차', capacityL: 1000 },
              { id: 't2', name: '2호차', capacityL: 1000 },
            ],
          },
          'PUT',
        ),
      );
      assert.equal(r.status, 200, await r.text());
      const f = (await (await app.fetch('/api/v1/waste/fleet')).json()) as Record<string, any>;
      assert.deepEqual(f.depot.location, DEPOT);
      assert.equal(f.trucks.length, 2);
      assert.equal(f.detourFactor, 1.3); // untouched fields keep their value
      const dup = await app.fetch(
        '/api/v1/waste/fleet',
        json(
          {
            trucks: [
              { id: 'x', name: 'a', capacityL: 1 },
              { id: 'x', name: 'b', capacityL: 1 },
            ],
          },
          'PUT',
        ),
      );
      assert.equal(dup.status, 400);
      const body = (await dup.json()) as { code: string; detail: string };
      assert.equal(body.code, 'DOSI_ERR_WASTE_INVALID');
      assert.match(body.detail, /trucks\[1\]\.id: x appears twice/);
      const neg = await app.fetch('/api/v1/waste/fleet', json({ speedKmh: -3 }, 'PUT'));
      assert.equal(neg.status, 400);
      assert.equal(
        (await app.fetch('/api/v1/waste/fleet', { ...json({ speedKmh: 30 }, 'PUT'), role: 'viewer' })).status,
        403,
      );
    });

    test('a plan takes every due bin, the half-full bins on the way, and nothing else', async () => {
      assert.equal((await app.fetch('/api/v1/waste/plans/current')).status, 404);
      const r = await app.fetch(
        '/api/v1/waste/plans',
        json({ shiftStart: SHIFT, timeLimitMs: 600, seed: 3 }),
      );
      const text = await r.text();
      assert.equal(r.status, 201, text);
      plan = JSON.parse(text) as Plan;
      assert.equal(plan.status, 'active');
      assert.equal(plan.shiftStart, SHIFT);
      const stops = plan.routes.flatMap((x) => x.stops);
      const kinds = (reason: string) =>
        stops
          .filter((s) => s.reason === reason)
          .map((s) => group.get(s.binId))
          .sort();
      assert.deepEqual(kinds('due'), Array(10).fill('due'));
      assert.deepEqual(kinds('onTheWay'), Array(6).fill('near'));
      assert.equal(new Set(stops.map((s) => s.binId)).size, 16, 'each bin once');
      assert.deepEqual(plan.unserved, []);
      assert.deepEqual(
        [plan.figures.candidates, plan.figures.due, plan.figures.onTheWay, plan.figures.stops],
        [24, 10, 6, 16],
      );
      assert.ok(plan.routes.length >= 2, 'the load needs both trucks');
      for (const route of plan.routes) {
        const load = route.stops.reduce((s, x) => s + x.demandL, 0);
        assert.equal(route.loadL, load);
        assert.ok(load <= route.capacityL, `${route.truckId} carries ${load} L of ${route.capacityL}`);
        assert.ok(
          Math.abs(route.distanceKm - routeKm(route)) < 0.01,
          `${route.distanceKm} vs ${routeKm(route)}`,
        );
        route.stops.forEach((s, i) => {
          assert.equal(s.seq, i + 1);
          assert.equal(s.state, 'pending');
          if (i > 0) assert.ok(Date.parse(s.eta) > Date.parse(route.stops[i - 1]!.eta), 'ETAs increase');
        });
        assert.ok(Date.parse(route.end) > Date.parse(route.stops.at(-1)!.eta));
      }
      for (const s of stops) {
        if (group.get(s.binId) === 'due') assert.equal(s.demandL, 102); // 85 % of 120 L
        if (group.get(s.binId) === 'near') assert.equal(s.expectedFill, 0.6);
      }
      // 16 stops within ≈ 1.5 km of the depot: a sensible plan is well under 30 km.
      assert.ok(plan.figures.distanceKm > 5 && plan.figures.distanceKm < 30, `${plan.figures.distanceKm} km`);
      const current = (await (await app.fetch('/api/v1/waste/plans/current')).json()) as Plan;
      assert.equal(current.id, plan.id);
      assert.ok(planEvents.some((e) => e.planId === plan.id && e.kind === 'created'));
    });

    test('the plan follows the trucks: a reported bin is done, the ETAs after it move, the last one completes it', async () => {
      const route = plan.routes[0]!;
      const first = route.stops[0]!;
      // The truck is 20 minutes late at its first bin.
      const late = new Date(Date.parse(first.eta) + 20 * 60_000).toISOString();
      const r = await app.fetch(
        `/api/v1/waste/bins/${encodeURIComponent(first.binId)}/emptied`,
        json({ at: late }),
      );
      assert.equal(r.status, 201, await r.text());
      const p = (await (
        await app.fetch(`/api/v1/waste/plans/${encodeURIComponent(plan.id)}`)
      ).json()) as Plan;
      const after = p.routes.find((x) => x.truckId === route.truckId)!;
      assert.equal(after.stops[0]!.state, 'done');
      assert.equal(after.stops[0]!.doneAt, late);
      const shift = (i: number) => Date.parse(after.stops[i]!.eta) - Date.parse(route.stops[i]!.eta);
      assert.ok(Math.abs(shift(1) - 20 * 60_000) < 1000, `second stop moved ${shift(1)} ms`);
      assert.ok(Math.abs(Date.parse(after.end) - Date.parse(route.end) - 20 * 60_000) < 1000);
      assert.equal(p.status, 'active');
      // Every other bin of every route emptied: the plan is completed.
      for (const x of p.routes)
        for (const s of x.stops.filter((y) => y.state === 'pending')) {
          const e = await app.fetch(
            `/api/v1/waste/bins/${encodeURIComponent(s.binId)}/emptied`,
            json({ at: s.eta }),
          );
          assert.equal(e.status, 201);
        }
      const done = (await (
        await app.fetch(`/api/v1/waste/plans/${encodeURIComponent(plan.id)}`)
      ).json()) as Plan;
      assert.equal(done.status, 'completed');
      assert.ok(done.routes.every((x) => x.stops.every((s) => s.state === 'done' && s.doneAt !== null)));
      assert.ok(planEvents.some((e) => e.planId === plan.id && e.status === 'completed'));
      assert.equal((await app.fetch('/api/v1/waste/plans/current')).status, 404);
      const list = (await (await app.fetch('/api/v1/waste/plans')).json()) as {
        plans: { id: string; status: string; stops: number; done: number }[];
        total: number;
      };
      assert.equal(list.total, 1);
      assert.deepEqual(list.plans[0], {
        ...list.plans[0],
        id: plan.id,
        status: 'completed',
        stops: 16,
        done: 16,
      });
    });

    test('GeoJSON and GPX exports of the plan', async () => {
      const id = encodeURIComponent(plan.id);
      const g = await app.fetch(`/api/v1/waste/plans/${id}/geojson`);
      assert.equal(g.status, 200);
      assert.match(g.headers.get('content-type') ?? '', /application\/geo\+json/);
      const fc = (await g.json()) as { type: string; features: { geometry: any; properties: any }[] };
      assert.equal(fc.type, 'FeatureCollection');
      const of = (k: string) => fc.features.filter((f) => f.properties.kind === k);
      assert.equal(of('depot').length, 1);
      assert.equal(of('route').length, plan.routes.length);
      assert.equal(of('stop').length, 16);
      const line = of('route')[0]!.geometry;
      assert.equal(line.type, 'LineString');
      assert.deepEqual(line.coordinates[0], DEPOT);
      assert.deepEqual(line.coordinates.at(-1), DEPOT);
      assert.equal(line.coordinates.length, plan.routes[0]!.stops.length + 2);

      const truck = plan.routes[0]!.truckId;
      const x = await app.fetch(`/api/v1/waste/plans/${id}/gpx?truck=${truck}`);
      assert.equal(x.status, 200);
      assert.match(x.headers.get('content-disposition') ?? '', new RegExp(`collection-plan-${truck}\\.gpx`));
      const gpx = await x.text();
      assert.match(gpx, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<gpx version="1.1" creator="dosi"/);
      assert.equal((gpx.match(/<rte>/g) ?? []).length, 1);
      assert.equal((gpx.match(/<rtept /g) ?? []).length, plan.routes[0]!.stops.length + 2);
      assert.equal((gpx.match(/<wpt /g) ?? []).length, plan.routes[0]!.stops.length);
      assert.equal((await app.fetch('/api/v1/waste/plans/urn:dosi:waste-plan:nope/gpx')).status, 404);
    });

    test('a fleet too small leaves the latest due bins unserved; a bin larger than any truck is named', async () => {
      const big = entity.get('due-9')!;
      const patch = await app.fetch(
        `/api/v1/waste/bins/${encodeURIComponent(big)}`,
        json({ capacityL: 2000 }, 'PATCH'),
      );
      assert.equal(patch.status, 200);
      // The bins were emptied above: the due ones fill again to 85 %.
      const due = [...Array(10).keys()].map((i) => `due-${i}`);
      for (const id of due) await send(id, 85, 7);
      await settled(due, ts(7));
      const r = await app.fetch(
        '/api/v1/waste/fleet',
        json({ trucks: [{ id: 't1', name: '1호차', capacityL: 500 }] }, 'PUT'),
      );
      assert.equal(r.status, 200);
      const res = await app.fetch('/api/v1/waste/plans', json({ shiftStart: ts(8), timeLimitMs: 300 }));
      const text = await res.text();
      assert.equal(res.status, 201, text);
      const p = JSON.parse(text) as Plan;
      // 500 L (95 % usable) takes four bins of 102 L; five wait, and the 2,000 L bin (1,700 L) never fits.
      assert.equal(p.routes.length, 1);
      assert.equal(p.routes[0]!.stops.length, 4);
      assert.ok(p.routes[0]!.loadL <= 500);
      assert.deepEqual(p.unserved.map((u) => u.reason).sort(), [
        'binLargerThanTruck',
        ...Array(5).fill('fleetCapacity'),
      ]);
      assert.equal(p.unserved.find((u) => u.reason === 'binLargerThanTruck')!.binId, big);
      const prev = (await (
        await app.fetch(`/api/v1/waste/plans/${encodeURIComponent(plan.id)}`)
      ).json()) as Plan;
      assert.equal(prev.status, 'completed', 'a completed plan is not superseded');
      // A second plan supersedes the first active one.
      const again = (await (
        await app.fetch('/api/v1/waste/plans', json({ shiftStart: ts(8), timeLimitMs: 200 }))
      ).json()) as Plan;
      const old = (await (await app.fetch(`/api/v1/waste/plans/${encodeURIComponent(p.id)}`)).json()) as Plan;
      assert.equal(old.status, 'superseded');
      assert.equal(((await (await app.fetch('/api/v1/waste/plans/current')).json()) as Plan).id, again.id);
    });

    test('bad plan requests are refused with the reason', async () => {
      const bad = await app.fetch('/api/v1/waste/plans', json({ shiftStart: 'tomorrow' }));
      assert.equal(bad.status, 400);
      const extra = await app.fetch('/api/v1/waste/plans', json({ trucks: 3 }));
      assert.equal(extra.status, 400);
      assert.equal((await app.fetch('/api/v1/waste/plans', { ...json({}), role: 'viewer' })).status, 403);
      // The month simulation needs the demo city's simulated bins; these bins are not.
      const sim = await app.fetch('/api/v1/waste/simulation?days=7');
      assert.equal(sim.status, 400);
      assert.match(((await sim.json()) as { detail: string }).detail, /no simulated bins/);
      const nf = await app.fetch('/api/v1/waste/plans/urn:dosi:waste-plan:none');
      assert.equal(nf.status, 404);
      assert.equal(((await nf.json()) as { code: string }).code, 'DOSI_ERR_WASTE_PLAN_NOT_FOUND');
    });
  });
}
