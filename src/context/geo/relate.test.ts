// Property tests of the planar relations: axis-aligned boxes against interval arithmetic, and
// self-relations of slivers with floating-point coordinates.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Geometry, Position } from './geometry.ts';
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

describe('relations between axis-aligned boxes agree with interval arithmetic (property)', () => {
  // Small integer coordinates make touching edges and shared corners frequent.
  const span = fc
    .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 4 }))
    .map(([lo, len]) => [lo, lo + len] as const);
  const boxes = fc.tuple(span, span).map(([[x0, x1], [y0, y1]]) => ({ x0, x1, y0, y1 }));
  type Box = { x0: number; x1: number; y0: number; y1: number };
  const geo = (b: Box): Geometry => poly(box(b.x0, b.y0, b.x1, b.y1));
  const holds = (a: Box, b: Box): boolean => a.x0 <= b.x0 && b.x1 <= a.x1 && a.y0 <= b.y0 && b.y1 <= a.y1;

  it('within, contains, intersects, disjoint, overlaps, equals', () => {
    fc.assert(
      fc.property(boxes, boxes, (q, e) => {
        const meet = q.x0 <= e.x1 && e.x0 <= q.x1 && q.y0 <= e.y1 && e.y0 <= q.y1;
        const areaMeet = q.x0 < e.x1 && e.x0 < q.x1 && q.y0 < e.y1 && e.y0 < q.y1;
        const same = holds(q, e) && holds(e, q);
        assert.equal(matchGeoQuery(query('within', geo(q)), geo(e)), holds(q, e));
        assert.equal(matchGeoQuery(query('contains', geo(q)), geo(e)), holds(e, q));
        assert.equal(matchGeoQuery(query('intersects', geo(q)), geo(e)), meet);
        assert.equal(matchGeoQuery(query('disjoint', geo(q)), geo(e)), !meet);
        assert.equal(
          matchGeoQuery(query('overlaps', geo(q)), geo(e)),
          areaMeet && !holds(q, e) && !holds(e, q),
        );
        assert.equal(matchGeoQuery(query('equals', geo(q)), geo(e)), same);
      }),
      { numRuns: 1500 },
    );
  });

  it('a point or segment is within a box iff its ends are (convexity)', () => {
    const pt = fc
      .tuple(fc.integer({ min: -1, max: 11 }), fc.integer({ min: -1, max: 11 }))
      .map(([x, y]): Position => [x / 2, y / 2]);
    fc.assert(
      fc.property(boxes, pt, pt, (b, p, r) => {
        const inBox = (x: Position): boolean => x[0] >= b.x0 && x[0] <= b.x1 && x[1] >= b.y0 && x[1] <= b.y1;
        assert.equal(matchGeoQuery(query('within', geo(b)), { type: 'Point', coordinates: p }), inBox(p));
        assert.equal(matchGeoQuery(query('within', geo(b)), line(p, r)), inBox(p) && inBox(r));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('self-relations with floating-point coordinates (property)', () => {
  const c = fc.double({ min: 127, max: 127.5, noNaN: true });
  const pos = fc
    .tuple(
      c,
      c.map((x) => x - 90),
    )
    .map(([x, y]): Position => [x, y]);

  it('a triangle is within, contains, intersects and equals itself, and does not overlap itself', () => {
    fc.assert(
      fc.property(pos, pos, pos, fc.double({ min: 0, max: 1, noNaN: true }), (a, b, p, t) => {
        const tri = poly([a, b, p, a]);
        fc.pre(Math.abs((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) > 1e-6);
        for (const rel of ['within', 'contains', 'intersects', 'equals'])
          assert.equal(matchGeoQuery(query(rel, tri), tri), true, rel);
        assert.equal(matchGeoQuery(query('overlaps', tri), tri), false);
        assert.equal(matchGeoQuery(query('disjoint', tri), tri), false);
        // A piece of an edge, with a computed end point, still lies on the boundary.
        const onEdge = line(a, [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
        assert.equal(matchGeoQuery(query('within', tri), onEdge), true);
      }),
      { numRuns: 500 },
    );
  });
});
