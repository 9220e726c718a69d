// The exact geo-query predicate (NGSI-LD 1.8 §4.10), run on the candidates the bbox prefilter
// keeps. `g` is the value of the entity's GeoProperty (validated with validateGeometry).
// - near;maxDistance==d: distance(P, g) ≤ d; near;minDistance==d: distance(P, g) ≥ d, where
//   distance is the great-circle distance to g's nearest point (see distance.ts). With
//   minDistance, every point of g is thus at least d away.
// - within: g lies inside the query area (its boundary counts as inside), i.e. covers(Q, g).
// - contains: g contains the query geometry, boundary included, i.e. covers(g, Q).
// - intersects: g and Q share at least one point; disjoint: they share none.
// - equals: same type and same coordinates (see equals.ts).
// - overlaps: DE-9IM overlaps (same dimension, interiors meet, neither covers the other).
// within, contains, intersects and overlaps are planar in lon/lat (relate.ts).
import type { Geometry } from './geometry.ts';
import type { GeoQuery } from './georel.ts';
import { distanceToGeometry } from './distance.ts';
import { geometriesEqual } from './equals.ts';
import { toParts } from './parts.ts';
import { covers, intersects, overlaps } from './relate.ts';

export function matchGeoQuery(q: GeoQuery, g: Geometry): boolean {
  switch (q.georel) {
    case 'near': {
      const d = distanceToGeometry(q.geometry.coordinates, g);
      return (
        (q.maxDistance === undefined || d <= q.maxDistance) &&
        (q.minDistance === undefined || d >= q.minDistance)
      );
    }
    case 'within':
      return covers(toParts(q.geometry), toParts(g));
    case 'contains':
      return covers(toParts(g), toParts(q.geometry));
    case 'intersects':
      return intersects(toParts(q.geometry), toParts(g));
    case 'disjoint':
      return !intersects(toParts(q.geometry), toParts(g));
    case 'equals':
      return geometriesEqual(q.geometry, g);
    case 'overlaps':
      return overlaps(toParts(q.geometry), toParts(g));
  }
}
