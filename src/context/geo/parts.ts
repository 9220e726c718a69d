// Any geometry flattened into its points, lines and polygons, so that predicates work the same
// on Multi* types and GeometryCollections (RFC 7946 §3.1.3-§3.1.8).
import type { Geometry, Position } from './geometry.ts';

export interface Parts {
  readonly points: readonly Position[];
  readonly lines: readonly (readonly Position[])[];
  readonly polygons: readonly (readonly (readonly Position[])[])[];
}

export function toParts(g: Geometry): Parts {
  const points: Position[] = [];
  const lines: (readonly Position[])[] = [];
  const polygons: (readonly (readonly Position[])[])[] = [];
  const visit = (x: Geometry): void => {
    switch (x.type) {
      case 'Point':
        points.push(x.coordinates);
        break;
      case 'MultiPoint':
        points.push(...x.coordinates);
        break;
      case 'LineString':
        lines.push(x.coordinates);
        break;
      case 'MultiLineString':
        lines.push(...x.coordinates);
        break;
      case 'Polygon':
        polygons.push(x.coordinates);
        break;
      case 'MultiPolygon':
        polygons.push(...x.coordinates);
        break;
      case 'GeometryCollection':
        x.geometries.forEach(visit);
        break;
    }
  };
  visit(g);
  return { points, lines, polygons };
}

/** Topological dimension: 0 points, 1 lines, 2 areas (the highest part present). */
export function dimension(p: Parts): 0 | 1 | 2 {
  if (p.polygons.length > 0) return 2;
  return p.lines.length > 0 ? 1 : 0;
}

export type Segment = readonly [Position, Position];

/** Consecutive position pairs of a line or ring. */
export function segmentsOf(line: readonly Position[]): Segment[] {
  const out: Segment[] = [];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1];
    const b = line[i];
    if (a && b) out.push([a, b]);
  }
  return out;
}

/** All edges: line segments and the edges of every ring (outer rings and holes). */
export function allSegments(p: Parts): Segment[] {
  return [...p.lines.flatMap(segmentsOf), ...ringSegments(p)];
}

export function ringSegments(p: Parts): Segment[] {
  return p.polygons.flatMap((rings) => rings.flatMap(segmentsOf));
}

/** A vertex of every line and polygon, to catch one part lying wholly inside another. */
export function anchorVertices(p: Parts): Position[] {
  const out: Position[] = [];
  for (const l of p.lines) if (l[0]) out.push(l[0]);
  for (const rings of p.polygons) {
    const first = rings[0]?.[0];
    if (first) out.push(first);
  }
  return out;
}
