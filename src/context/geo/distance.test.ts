import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Geometry, Position } from './geometry.ts';
import {
  EARTH_RADIUS_M,
  distanceMeters,
  distanceToGeometry,
  haversineMeters,
  segmentDistanceMeters,
} from './distance.ts';
import { parseGeoQuery } from './georel.ts';

const HANAM_CITY_HALL: Position = [127.2148, 37.5393];
const MISA_STATION: Position = [127.1925, 37.5631];

function near(actual: number, expected: number, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
}

describe('haversineMeters', () => {
  it('matches hand-computed distances', () => {
    // 0.009° along a meridian is R·0.009·π/180 exactly.
    near(haversineMeters(HANAM_CITY_HALL, [127.2148, 37.5483]), 1000.7557221, 1e-6);
    // Hanam city hall to Misa station, checked with the spherical law of cosines: 3296.7226 m.
    near(haversineMeters(HANAM_CITY_HALL, MISA_STATION), 3296.7226159, 1e-4);
    near(haversineMeters(MISA_STATION, HANAM_CITY_HALL), 3296.7226159, 1e-4);
    near(haversineMeters([0, 0], [1, 0]), 111195.0802335, 1e-6);
    near(haversineMeters([0, 0], [180, 0]), Math.PI * EARTH_RADIUS_M, 1e-6);
    assert.equal(haversineMeters(HANAM_CITY_HALL, HANAM_CITY_HALL), 0);
  });

  it('wraps across the antimeridian', () => {
    near(haversineMeters([179.9, 0], [-179.9, 0]), 22239.0160467, 1e-6);
  });
});

describe('segmentDistanceMeters', () => {
  it('measures to the foot of the perpendicular', () => {
    // A meridian segment 0.01° east of the city hall: the brute-force minimum is 881.70537 m.
    near(segmentDistanceMeters(HANAM_CITY_HALL, [127.2248, 37.5], [127.2248, 37.6]), 881.70537, 0.001);
  });

  it('measures to the nearest endpoint beyond the segment', () => {
    near(segmentDistanceMeters(HANAM_CITY_HALL, [127.2148, 37.5483], [127.2148, 37.6]), 1000.7557221, 1e-6);
  });

  it('handles degenerate and antimeridian-crossing segments', () => {
    near(segmentDistanceMeters([0, 0], [1, 0], [1, 0]), 111195.0802335, 1e-6);
    // The segment at lon -179.95 lies 0.1° from a point at lon 179.95.
    near(segmentDistanceMeters([179.95, 0], [-179.95, -1], [-179.95, 1]), 11119.508, 0.01);
  });

  it('stays within 0.1 % of a brute-force minimum for segments within ~50 km', () => {
    const coord = fc.double({ min: -0.4, max: 0.4, noNaN: true });
    fc.assert(
      fc.property(
        fc.double({ min: -60, max: 60, noNaN: true }),
        coord,
        coord,
        coord,
        coord,
        (lat, ax, ay, bx, by) => {
          const p: Position = [127, lat];
          const a: Position = [127 + ax, lat + ay];
          const b: Position = [127 + bx, lat + by];
          const got = segmentDistanceMeters(p, a, b);
          let sampled = Infinity;
          const n = 4000;
          for (let i = 0; i <= n; i++) {
            sampled = Math.min(
              sampled,
              haversineMeters(p, [a[0] + ((b[0] - a[0]) * i) / n, a[1] + ((b[1] - a[1]) * i) / n]),
            );
          }
          const step = haversineMeters(a, b) / n;
          // Never below the true minimum (which is ≥ sampled − step), and at most 0.1 % above it.
          assert.ok(got >= sampled - step - 1e-6, `${got} < ${sampled}`);
          assert.ok(got <= sampled * 1.001 + 1e-6, `${got} > ${sampled}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('distanceToGeometry', () => {
  const area: Geometry = {
    type: 'Polygon',
    coordinates: [
      [
        [127.2, 37.53],
        [127.23, 37.53],
        [127.23, 37.55],
        [127.2, 37.55],
        [127.2, 37.53],
      ],
      [
        [127.21, 37.535],
        [127.22, 37.535],
        [127.22, 37.545],
        [127.21, 37.545],
        [127.21, 37.535],
      ],
    ],
  };

  it('is 0 inside or on a polygon, and measures to the hole from inside the hole', () => {
    assert.equal(distanceToGeometry([127.205, 37.54], area), 0);
    assert.equal(distanceToGeometry([127.2, 37.54], area), 0);
    // City hall sits in the hole; the nearest hole edge is 0.0048° west: 0.0048·(π/180)·R·cos φ.
    near(distanceToGeometry(HANAM_CITY_HALL, area), 423.2186, 0.01);
  });

  it('takes the nearest member of multi geometries and collections', () => {
    const g: Geometry = {
      type: 'GeometryCollection',
      geometries: [
        { type: 'MultiPoint', coordinates: [MISA_STATION, [127.2148, 37.5483]] },
        {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
      ],
    };
    near(distanceToGeometry(HANAM_CITY_HALL, g), 1000.7557221, 1e-6);
  });
});

describe('distanceMeters', () => {
  it('accepts a near query, a Point or a position', () => {
    const q = parseGeoQuery({
      georel: 'near;maxDistance==5000',
      geometry: 'Point',
      coordinates: JSON.stringify(HANAM_CITY_HALL),
    });
    const misa: Geometry = { type: 'Point', coordinates: MISA_STATION };
    near(distanceMeters(q, misa), 3296.7226159, 1e-4);
    near(distanceMeters({ type: 'Point', coordinates: HANAM_CITY_HALL }, misa), 3296.7226159, 1e-4);
    near(distanceMeters(HANAM_CITY_HALL, misa), 3296.7226159, 1e-4);
  });

  it('refuses a non-point reference geometry', () => {
    const q = parseGeoQuery({ georel: 'intersects', geometry: 'LineString', coordinates: '[[0,0],[1,1]]' });
    assert.throws(
      () => distanceMeters(q, { type: 'Point', coordinates: [0, 0] }),
      /needs a Point reference geometry, got LineString/,
    );
  });
});
