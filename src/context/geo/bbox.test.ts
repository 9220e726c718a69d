import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Geometry, Position } from './geometry.ts';
import { bboxesIntersect, capBbox, geometryBbox, queryBbox, type BBoxRect } from './bbox.ts';
import { EARTH_RADIUS_M, distanceMeters, haversineMeters } from './distance.ts';
import { parseGeoQuery } from './georel.ts';
import { matchGeoQuery } from './predicates.ts';

const RAD = Math.PI / 180;

/** Spherical direct problem: the point `meters` away from `from` on bearing `bearingDeg`. */
function destination(from: Position, bearingDeg: number, meters: number): Position {
  const d = meters / EARTH_RADIUS_M;
  const t = bearingDeg * RAD;
  const p1 = from[1] * RAD;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(t));
  const l2 =
    from[0] * RAD +
    Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  const lon = ((((l2 / RAD + 180) % 360) + 360) % 360) - 180;
  return [lon, p2 / RAD];
}

function inside(p: Position, b: BBoxRect): boolean {
  return p[0] >= b.minLon && p[0] <= b.maxLon && p[1] >= b.minLat && p[1] <= b.maxLat;
}

function nearQuery(center: Position, maxDistance: number) {
  return parseGeoQuery({
    georel: `near;maxDistance==${maxDistance}`,
    geometry: 'Point',
    coordinates: JSON.stringify(center),
  });
}

describe('geometryBbox', () => {
  it('spans every position of every part, ignoring altitude', () => {
    const g: Geometry = {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [127.2, 37.5, 120] },
        {
          type: 'LineString',
          coordinates: [
            [127.1, 37.6],
            [127.3, 37.55],
          ],
        },
        {
          type: 'Polygon',
          coordinates: [
            [
              [127, 37],
              [127.05, 37],
              [127.05, 37.05],
              [127, 37],
            ],
          ],
        },
      ],
    };
    assert.deepEqual(geometryBbox(g), [127, 37, 127.3, 37.6]);
    assert.deepEqual(geometryBbox({ type: 'Point', coordinates: [1, 2] }), [1, 2, 1, 2]);
  });
});

describe('queryBbox', () => {
  it('expands a near point by the distance, longitude scaled by 1/cos(latitude)', () => {
    const b = capBbox([127, 37.5], 1000);
    // δ = 1000 / R = 0.0089932°; Δlon = asin(sin δ / cos 37.5°) = 0.0113357°.
    assert.ok(Math.abs(b.maxLat - 37.5 - 0.0089932036) < 1e-7);
    assert.ok(Math.abs(37.5 - b.minLat - 0.0089932036) < 1e-7);
    assert.ok(Math.abs(b.maxLon - 127 - 0.0113356851) < 1e-7);
    assert.ok(Math.abs(127 - b.minLon - 0.0113356851) < 1e-7);
    // The margin widens, never narrows.
    assert.ok(b.maxLat - 37.5 >= 0.0089932036 && b.maxLon - 127 >= 0.0113356851);
  });

  it('falls back to the whole longitude band at a pole or across the antimeridian', () => {
    assert.deepEqual(capBbox([10, 89.99], 5000), {
      minLon: -180,
      minLat: 89.99 - 5000 / EARTH_RADIUS_M / RAD - capBboxMargin(5000),
      maxLon: 180,
      maxLat: 90,
    });
    const b = capBbox([179.99, 0], 5000);
    assert.equal(b.minLon, -180);
    assert.equal(b.maxLon, 180);
    assert.ok(b.maxLat > 0.0449 && b.maxLat < 0.0451);
  });

  it('uses the query geometry bbox for area relations and gives up where nothing narrows', () => {
    const poly = '[[[127.1,37.5],[127.3,37.5],[127.3,37.6],[127.1,37.5]]]';
    for (const georel of ['within', 'contains', 'intersects', 'equals', 'overlaps']) {
      assert.deepEqual(queryBbox(parseGeoQuery({ georel, geometry: 'Polygon', coordinates: poly })), {
        minLon: 127.1,
        minLat: 37.5,
        maxLon: 127.3,
        maxLat: 37.6,
      });
    }
    assert.equal(
      queryBbox(parseGeoQuery({ georel: 'disjoint', geometry: 'Polygon', coordinates: poly })),
      undefined,
    );
    assert.equal(
      queryBbox(
        parseGeoQuery({ georel: 'near;minDistance==10', geometry: 'Point', coordinates: '[127,37.5]' }),
      ),
      undefined,
    );
    const ring = queryBbox(
      parseGeoQuery({
        georel: 'near;minDistance==10;maxDistance==1000',
        geometry: 'Point',
        coordinates: '[127,37.5]',
      }),
    );
    assert.deepEqual(ring, capBbox([127, 37.5], 1000));
  });

  it('holds every point within maxDistance at latitude 37.5 (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 126, max: 128, noNaN: true }),
        fc.double({ min: 1, max: 50_000, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (lon, maxDistance, bearing, fraction) => {
          const center: Position = [lon, 37.5];
          const p = destination(center, bearing, maxDistance * fraction);
          // The direct formula loses ~1e-9 relative precision over short distances; the box margin covers it.
          assert.ok(haversineMeters(center, p) <= maxDistance * (1 + 1e-8));
          assert.ok(inside(p, capBbox(center, maxDistance)), `${JSON.stringify(p)} outside the box`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('holds points on the circle itself anywhere on the globe (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -89, max: 89, noNaN: true }),
        fc.double({ min: 1, max: 2_000_000, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (lon, lat, maxDistance, bearing) => {
          const p = destination([lon, lat], bearing, maxDistance);
          assert.ok(inside(p, capBbox([lon, lat], maxDistance)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never drops a line that near;maxDistance matches (prefilter soundness, property)', () => {
    const off = fc.double({ min: -0.05, max: 0.05, noNaN: true });
    fc.assert(
      fc.property(
        off,
        off,
        off,
        off,
        fc.double({ min: 1, max: 5000, noNaN: true }),
        (ax, ay, bx, by, maxDistance) => {
          const center: Position = [127.2148, 37.5393];
          const q = nearQuery(center, maxDistance);
          const line: Geometry = {
            type: 'LineString',
            coordinates: [
              [center[0] + ax, center[1] + ay],
              [center[0] + bx, center[1] + by],
            ],
          };
          const box = queryBbox(q);
          assert.ok(box);
          const hit = bboxesIntersect(geometryBbox(line), [box.minLon, box.minLat, box.maxLon, box.maxLat]);
          assert.equal(matchGeoQuery(q, line), distanceMeters(q, line) <= maxDistance);
          if (matchGeoQuery(q, line)) assert.ok(hit);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/** The widening capBbox adds to δ, in degrees (see RADIUS_MARGIN and ANGLE_MARGIN_RAD). */
function capBboxMargin(meters: number): number {
  return ((meters / EARTH_RADIUS_M) * 1e-6 + 1e-9) / RAD;
}
