import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_FLEET,
  cheapestInsertion,
  fitFleet,
  markDone,
  nextShiftStart,
  projector,
  selectForShift,
  timeline,
  type Candidate,
  type PlanRoute,
} from './plan.ts';
import { planGeoJson, planGpx } from './plan-export.ts';

const H = 3_600_000;
const cand = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  deviceId: null,
  name: id,
  location: [127.2, 37.5],
  capacityL: 120,
  threshold: 0.8,
  fill: 0.3,
  fillAtShift: 0.3,
  fillAtNextShift: 0.4,
  predictedFullAt: null,
  ...over,
});

describe('collection planning (domain)', () => {
  it('selects due bins (over, crossing before the next shift) and optional ones by fill', () => {
    const next = Date.parse('2026-03-03T20:00:00Z');
    const sel = selectForShift(
      [
        cand('low'),
        cand('over', { fillAtShift: 0.9, predictedFullAt: '2026-03-02T00:00:00Z' }),
        cand('soon', { fillAtNextShift: 0.85, predictedFullAt: '2026-03-03T10:00:00Z' }),
        cand('later', { fillAtShift: 0.6, predictedFullAt: '2026-03-04T10:00:00Z' }),
        cand('half', { fillAtShift: 0.5 }),
      ],
      next,
      DEFAULT_FLEET,
    );
    assert.deepEqual(
      sel.due.map((c) => c.id),
      ['over', 'soon'],
    );
    assert.deepEqual(
      sel.optional.map((c) => c.id),
      ['later', 'half'],
    );
  });

  it('fits the fleet soonest first, keeping a 5 % margin, and leaves a bin bigger than any truck', () => {
    const fleet = { ...DEFAULT_FLEET, trucks: [{ id: 'a', name: 'a', capacityL: 300 }] };
    const bins = [
      cand('1', { fillAtShift: 1 }),
      cand('huge', { fillAtShift: 1, capacityL: 400 }),
      cand('2', { fillAtShift: 1 }),
      cand('3', { fillAtShift: 1 }),
    ];
    const f = fitFleet(bins, fleet);
    assert.deepEqual(
      f.take.map((c) => c.id),
      ['1', '2'],
    );
    assert.deepEqual(
      f.left.map((c) => c.id),
      ['huge', '3'],
    );
  });

  it('cheapest insertion respects capacity and finds the shortest detour', () => {
    const d = { x: 0, y: 0 };
    const routes = [
      [
        { x: 1000, y: 0 },
        { x: 2000, y: 0 },
      ],
      [{ x: 0, y: 1000 }],
    ];
    const on = cheapestInsertion(d, routes, [0, 0], [10, 10], { x: 1500, y: 0 }, 1, 1);
    assert.deepEqual(on, { extraM: 0, route: 0, at: 1 });
    const full = cheapestInsertion(d, routes, [10, 0], [10, 10], { x: 1500, y: 0 }, 1, 1);
    assert.equal(full!.route, 1);
    assert.equal(cheapestInsertion(d, routes, [10, 10], [10, 10], { x: 1, y: 1 }, 1, 1), null);
  });

  it('projects lon/lat to metres: 0.01° of latitude is about 1.1 km', () => {
    const p = projector([127.2, 37.5]);
    const a = p([127.2, 37.51]);
    assert.ok(Math.abs(a.y - 1105.7) < 1 && Math.abs(a.x) < 1e-9);
    const b = p([127.21, 37.5]);
    assert.ok(Math.abs(b.x - 883.2) < 1, `${b.x}`);
  });

  it('timeline: ETAs from speed and service time, back at the depot', () => {
    const depot: [number, number] = [127.2, 37.5];
    const p = projector(depot);
    const east = 127.2 + 1000 / (111_320 * Math.cos((37.5 * Math.PI) / 180));
    assert.ok(Math.abs(p([east, 37.5]).x - 1000) < 1e-6);
    const t = timeline({
      depot,
      stops: [{ location: [east, 37.5] }],
      startMs: 0,
      fleet: { speedKmh: 36, serviceMin: 2, detourFactor: 1 }, // 10 m/s
    });
    assert.ok(Math.abs(t.etas[0]! - 100_000) < 1);
    assert.ok(Math.abs(t.endMs - (100_000 + 120_000 + 100_000)) < 1);
    assert.equal(t.distanceKm, 2);
  });

  it('markDone: the stop is done, the stops ahead move with the truck, a late truck runs over the shift', () => {
    const fleet = { ...DEFAULT_FLEET, speedKmh: 36, serviceMin: 0, detourFactor: 1 };
    const depot: [number, number] = [127.2, 37.5];
    const dx = 1000 / (111_320 * Math.cos((37.5 * Math.PI) / 180));
    const stop = (seq: number, eta: number) => ({
      seq,
      binId: `b${seq}`,
      deviceId: null,
      name: null,
      location: [127.2 + seq * dx, 37.5] as [number, number],
      reason: 'due' as const,
      expectedFill: 0.9,
      demandL: 100,
      eta: new Date(eta).toISOString(),
      state: 'pending' as const,
      doneAt: null,
      doneBy: null,
    });
    const route: PlanRoute = {
      truckId: 't',
      truckName: 't',
      capacityL: 1000,
      loadL: 200,
      distanceKm: 4,
      start: new Date(0).toISOString(),
      end: new Date(400_000).toISOString(),
      overtime: false,
      stops: [stop(1, 100_000), stop(2, 200_000)],
    };
    const r = markDone(route, depot, 'b1', 700_000, 'driver', fleet, 1_000_000);
    assert.equal(r.stops[0]!.state, 'done');
    assert.equal(r.stops[0]!.doneBy, 'driver');
    assert.equal(Date.parse(r.stops[1]!.eta), 800_000);
    assert.equal(Date.parse(r.end), 1_000_000);
    assert.equal(r.overtime, false);
    const later = markDone(route, depot, 'b1', 800_000, null, fleet, 1_000_000);
    assert.equal(later.overtime, true);
    assert.equal(markDone(route, depot, 'nope', 1, null, fleet, 0), route);
  });

  it('next shift start in Seoul time', () => {
    // 2026-03-02 03:00 Seoul = 2026-03-01T18:00Z → shift at 05:00 Seoul the same day (20:00Z).
    assert.equal(
      new Date(nextShiftStart(Date.parse('2026-03-01T18:00:00Z'), 5)).toISOString(),
      '2026-03-01T20:00:00.000Z',
    );
    // 06:00 Seoul: the next day's.
    assert.equal(
      new Date(nextShiftStart(Date.parse('2026-03-01T21:00:00Z'), 5)).toISOString(),
      '2026-03-02T20:00:00.000Z',
    );
    assert.equal(nextShiftStart(20 * H, 5) % H, 0);
  });

  it('exports: GeoJSON lines close at the depot; GPX escapes names and orders time before name', () => {
    const p = {
      id: 'p1',
      shiftStart: '2026-03-02T20:00:00.000Z',
      shiftEnd: '2026-03-03T04:00:00.000Z',
      depot: { name: 'D & <E>', location: [127.2, 37.5] as [number, number] },
      routes: [
        {
          truckId: 't',
          truckName: '1호차',
          capacityL: 1,
          loadL: 1,
          distanceKm: 1,
          start: '2026-03-02T20:00:00.000Z',
          end: '2026-03-02T21:00:00.000Z',
          overtime: false,
          stops: [
            {
              seq: 1,
              binId: 'b"1',
              deviceId: null,
              name: null,
              location: [127.21, 37.51] as [number, number],
              reason: 'due' as const,
              expectedFill: 0.9,
              demandL: 1,
              eta: '2026-03-02T20:10:00.000Z',
              state: 'pending' as const,
              doneAt: null,
              doneBy: null,
            },
          ],
        },
      ],
    };
    const gj = planGeoJson(p);
    assert.deepEqual(
      gj.features.map((f) => f.properties.kind),
      ['depot', 'route', 'stop'],
    );
    assert.deepEqual(gj.features[1]!.geometry.coordinates, [
      [127.2, 37.5],
      [127.21, 37.51],
      [127.2, 37.5],
    ]);
    assert.equal(planGeoJson(p, 'other').features.length, 1);
    const gpx = planGpx(p);
    assert.match(gpx, /<name>D &amp; &lt;E&gt;<\/name>/);
    assert.match(gpx, /<desc>b&quot;1<\/desc>/);
    assert.match(
      gpx,
      /<rtept lat="37.5100000" lon="127.2100000"><time>2026-03-02T20:10:00.000Z<\/time><name>1. b&quot;1<\/name><\/rtept>/,
    );
  });
});
