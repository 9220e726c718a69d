import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Geometry, Position } from './geometry.ts';
import { distanceMeters } from './distance.ts';
import { parseGeoQuery, type GeoQuery } from './georel.ts';
import { matchGeoQuery } from './predicates.ts';

type Ring = Position[];

function box(x0: number, y0: number, x1: number, y1: number): Ring {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
}

const point = (x: number, y: number): Geometry => ({ type: 'Point', coordinates: [x, y] });
const line = (...c: Position[]): Geometry => ({ type: 'LineString', coordinates: c });
const poly = (...rings: Ring[]): Geometry => ({ type: 'Polygon', coordinates: rings });

function query(georel: string, g: Geometry): GeoQuery {
  assert.notEqual(g.type, 'GeometryCollection');
  return parseGeoQuery({
    georel,
    geometry: g.type,
    coordinates: g.type === 'GeometryCollection' ? [] : g.coordinates,
  });
}

/** A 10×10 square with a 2×2 hole in the middle. */
const HOLED = poly(box(0, 0, 10, 10), box(4, 4, 6, 6));

describe('within (entity inside the query area, boundary counts)', () => {
  const q = query('within', HOLED);
  const cases: [string, Geometry, boolean][] = [
    ['point inside', point(2, 2), true],
    ['point in the hole', point(5, 5), false],
    ['point on the outer boundary', point(0, 5), true],
    ['point on the hole boundary', point(4, 5), true],
    ['point outside', point(11, 5), false],
    ['line inside', line([1, 1], [3, 3]), true],
    ['line through the hole', line([1, 1], [9, 9]), false],
    ['line leaving the area', line([1, 5], [12, 5]), false],
    ['line along the outer boundary', line([0, 0], [10, 0]), true],
    ['small square inside', poly(box(1, 1, 3, 3)), true],
    ['square around the hole', poly(box(3, 3, 7, 7)), false],
    ['the hole itself', poly(box(4, 4, 6, 6)), false],
    ['the area itself', HOLED, true],
    ['the area without its hole', poly(box(0, 0, 10, 10)), false],
    [
      'a collection of inner parts',
      { type: 'GeometryCollection', geometries: [point(2, 2), line([1, 1], [3, 1])] },
      true,
    ],
  ];
  for (const [name, g, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(matchGeoQuery(q, g), expected));
  }

  it('accepts an entity spanning two adjacent members of a MultiPolygon', () => {
    const mq = parseGeoQuery({
      georel: 'within',
      geometry: 'MultiPolygon',
      coordinates: [[box(0, 0, 10, 10)], [box(10, 0, 20, 10)]],
    });
    assert.equal(matchGeoQuery(mq, poly(box(1, 1, 19, 9))), true);
    assert.equal(matchGeoQuery(mq, line([5, 5], [15, 5])), true);
    assert.equal(matchGeoQuery(mq, line([5, 5], [25, 5])), false);
  });
});

describe('contains (entity contains the query geometry)', () => {
  it('tests the query geometry against the entity, holes respected', () => {
    assert.equal(matchGeoQuery(query('contains', point(2, 2)), HOLED), true);
    assert.equal(matchGeoQuery(query('contains', point(5, 5)), HOLED), false);
    assert.equal(matchGeoQuery(query('contains', line([1, 1], [1, 9])), HOLED), true);
    assert.equal(matchGeoQuery(query('contains', line([1, 1], [9, 9])), HOLED), false);
    assert.equal(matchGeoQuery(query('contains', poly(box(1, 1, 3, 3))), HOLED), true);
    assert.equal(matchGeoQuery(query('contains', point(1, 1)), line([0, 0], [2, 2])), true);
    assert.equal(matchGeoQuery(query('contains', poly(box(1, 1, 3, 3))), line([0, 0], [2, 2])), false);
  });
});

describe('intersects and disjoint', () => {
  const cases: [string, Geometry, boolean][] = [
    ['line crossing without a vertex inside', line([-1, 2], [11, 2]), true],
    ['line wholly inside the hole', line([4.5, 5], [5.5, 5]), false],
    ['line touching the hole boundary', line([5, 5], [5, 6]), true],
    ['polygon wholly containing the area', poly(box(-5, -5, 15, 15)), true],
    ['polygon touching at a corner', poly(box(10, 10, 12, 12)), true],
    ['polygon inside the hole', poly(box(4.5, 4.5, 5.5, 5.5)), false],
    ['far point', point(50, 50), false],
  ];
  for (const [name, g, expected] of cases) {
    it(`${name} → intersects ${expected}, disjoint ${!expected}`, () => {
      assert.equal(matchGeoQuery(query('intersects', HOLED), g), expected);
      assert.equal(matchGeoQuery(query('disjoint', HOLED), g), !expected);
    });
  }

  it('handles lines against lines and points', () => {
    const q = query('intersects', line([0, 0], [2, 2]));
    assert.equal(matchGeoQuery(q, line([0, 2], [2, 0])), true);
    assert.equal(matchGeoQuery(q, line([0, 1], [1, 2])), false);
    assert.equal(matchGeoQuery(q, point(1.5, 1.5)), true);
    assert.equal(
      matchGeoQuery(q, {
        type: 'MultiPoint',
        coordinates: [
          [5, 5],
          [2, 2],
        ],
      }),
      true,
    );
  });
});

describe('equals', () => {
  it('accepts another start point, orientation and hole order, nothing else', () => {
    const a = poly(box(0, 0, 10, 10), box(1, 1, 2, 2), box(5, 5, 6, 6));
    const q = query('equals', a);
    const reordered = poly(
      [
        [10, 10],
        [10, 0],
        [0, 0],
        [0, 10],
        [10, 10],
      ],
      box(5, 5, 6, 6),
      [
        [2, 2],
        [1, 2],
        [1, 1],
        [2, 1],
        [2, 2],
      ],
    );
    assert.equal(matchGeoQuery(q, reordered), true);
    assert.equal(matchGeoQuery(q, poly(box(0, 0, 10, 10), box(1, 1, 2, 2))), false);
    assert.equal(matchGeoQuery(q, poly(box(0, 0, 10, 11), box(1, 1, 2, 2), box(5, 5, 6, 6))), false);
    assert.equal(
      matchGeoQuery(query('equals', line([0, 0], [1, 1], [2, 0])), line([2, 0], [1, 1], [0, 0])),
      true,
    );
    assert.equal(
      matchGeoQuery(query('equals', line([0, 0], [1, 1], [2, 0])), line([0, 0], [2, 0], [1, 1])),
      false,
    );
    assert.equal(
      matchGeoQuery(query('equals', point(1, 2)), { type: 'Point', coordinates: [1, 2, 99] }),
      true,
    );
    assert.equal(
      matchGeoQuery(query('equals', point(1, 2)), { type: 'MultiPoint', coordinates: [[1, 2]] }),
      false,
    );
    const mp = parseGeoQuery({ georel: 'equals', geometry: 'MultiPoint', coordinates: '[[1,2],[3,4]]' });
    assert.equal(
      matchGeoQuery(mp, {
        type: 'MultiPoint',
        coordinates: [
          [3, 4],
          [1, 2],
        ],
      }),
      true,
    );
  });
});

describe('overlaps', () => {
  const q = query('overlaps', poly(box(0, 0, 10, 10)));
  const cases: [string, Geometry, boolean][] = [
    ['square across a corner', poly(box(5, 5, 15, 15)), true],
    ['square sharing an edge', poly(box(10, 0, 20, 10)), false],
    ['square sliding along two shared edges (no vertex strictly inside)', poly(box(5, 0, 15, 10)), true],
    ['identical square', poly(box(0, 0, 10, 10)), false],
    ['contained square', poly(box(1, 1, 2, 2)), false],
    ['containing square', poly(box(-1, -1, 11, 11)), false],
    ['line across (different dimension)', line([-1, 5], [11, 5]), false],
  ];
  for (const [name, g, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(matchGeoQuery(q, g), expected));
  }

  it('needs a shared piece of the same dimension for lines and points', () => {
    const lq = query('overlaps', line([0, 0], [2, 0]));
    assert.equal(matchGeoQuery(lq, line([1, 0], [3, 0])), true);
    assert.equal(matchGeoQuery(lq, line([1, -1], [1, 1])), false);
    assert.equal(matchGeoQuery(lq, line([0, 0], [1, 0])), false);
    const pq = parseGeoQuery({ georel: 'overlaps', geometry: 'MultiPoint', coordinates: '[[0,0],[1,1]]' });
    assert.equal(
      matchGeoQuery(pq, {
        type: 'MultiPoint',
        coordinates: [
          [1, 1],
          [2, 2],
        ],
      }),
      true,
    );
    assert.equal(matchGeoQuery(pq, { type: 'MultiPoint', coordinates: [[1, 1]] }), false);
  });
});

describe('near', () => {
  const hall: Position = [127.2148, 37.5393];
  const misa = point(127.1925, 37.5631);
  const near = (rel: string): GeoQuery =>
    parseGeoQuery({ georel: rel, geometry: 'Point', coordinates: JSON.stringify(hall) });

  it('compares the haversine distance with maxDistance and minDistance', () => {
    // City hall → Misa station is 3296.72 m.
    assert.equal(matchGeoQuery(near('near;maxDistance==3297'), misa), true);
    assert.equal(matchGeoQuery(near('near;maxDistance==3296'), misa), false);
    assert.equal(matchGeoQuery(near('near;minDistance==3296'), misa), true);
    assert.equal(matchGeoQuery(near('near;minDistance==3297'), misa), false);
    assert.equal(matchGeoQuery(near('near;minDistance==3000;maxDistance==3500'), misa), true);
  });

  it('treats a point inside a polygon as distance 0', () => {
    const district = poly(box(127.2, 37.53, 127.23, 37.55));
    assert.equal(matchGeoQuery(near('near;maxDistance==0'), district), true);
    assert.equal(matchGeoQuery(near('near;minDistance==1'), district), false);
  });

  it('agrees with distanceMeters on random lines and polygons (property)', () => {
    const off = fc.double({ min: -0.05, max: 0.05, noNaN: true });
    const pos = fc.tuple(off, off).map(([dx, dy]): Position => [hall[0] + dx, hall[1] + dy]);
    const geom = fc.oneof(
      pos.map((p): Geometry => ({ type: 'Point', coordinates: p })),
      fc
        .array(pos, { minLength: 2, maxLength: 5 })
        .map((c): Geometry => ({ type: 'LineString', coordinates: c })),
      fc
        .array(pos, { minLength: 3, maxLength: 5 })
        .map((c): Geometry => ({ type: 'Polygon', coordinates: [[...c, c[0]!]] })),
    );
    fc.assert(
      fc.property(geom, fc.integer({ min: 0, max: 6000 }), (g, d) => {
        const dist = distanceMeters(hall, g);
        assert.equal(matchGeoQuery(near(`near;maxDistance==${d}`), g), dist <= d);
        assert.equal(matchGeoQuery(near(`near;minDistance==${d}`), g), dist >= d);
      }),
      { numRuns: 500 },
    );
  });
});
