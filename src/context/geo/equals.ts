// georel=equals (NGSI-LD 1.8 §4.10): same geometry type and the same positions (altitude
// ignored). Beyond exact equality we accept what describes the same point set: a line
// reversed, a ring started elsewhere or run the other way, members of Multi* types, holes
// of a polygon and members of a collection in any order.
import type { Geometry, Position } from './geometry.ts';
import { samePosition } from './planar.ts';

function sameSequence(a: readonly Position[], b: readonly Position[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      return q !== undefined && samePosition(p, q);
    })
  );
}

function sameLine(a: readonly Position[], b: readonly Position[]): boolean {
  return sameSequence(a, b) || sameSequence(a, [...b].reverse());
}

/** Closed rings compared as cycles, in either direction, from any start. */
function sameRing(a: readonly Position[], b: readonly Position[]): boolean {
  if (a.length !== b.length) return false;
  const ca = a.slice(0, -1);
  const cb = b.slice(0, -1);
  const n = ca.length;
  const first = ca[0];
  if (!first) return n === 0;
  const at = (i: number): Position | undefined => cb[((i % n) + n) % n];
  for (let k = 0; k < n; k++) {
    const start = cb[k];
    if (!start || !samePosition(first, start)) continue;
    const run = (dir: 1 | -1): boolean =>
      ca.every((p, i) => {
        const q = at(k + dir * i);
        return q !== undefined && samePosition(p, q);
      });
    if (run(1) || run(-1)) return true;
  }
  return false;
}

/** Multiset equality: every member of a matches a distinct member of b. */
function sameMembers<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  const used = new Set<number>();
  return a.every((x) => {
    const i = b.findIndex((y, j) => !used.has(j) && eq(x, y));
    if (i < 0) return false;
    used.add(i);
    return true;
  });
}

function samePolygon(a: readonly (readonly Position[])[], b: readonly (readonly Position[])[]): boolean {
  const [oa, ...ha] = a;
  const [ob, ...hb] = b;
  return oa !== undefined && ob !== undefined && sameRing(oa, ob) && sameMembers(ha, hb, sameRing);
}

export function geometriesEqual(a: Geometry, b: Geometry): boolean {
  switch (a.type) {
    case 'Point':
      return b.type === 'Point' && samePosition(a.coordinates, b.coordinates);
    case 'MultiPoint':
      return b.type === 'MultiPoint' && sameMembers(a.coordinates, b.coordinates, samePosition);
    case 'LineString':
      return b.type === 'LineString' && sameLine(a.coordinates, b.coordinates);
    case 'MultiLineString':
      return b.type === 'MultiLineString' && sameMembers(a.coordinates, b.coordinates, sameLine);
    case 'Polygon':
      return b.type === 'Polygon' && samePolygon(a.coordinates, b.coordinates);
    case 'MultiPolygon':
      return b.type === 'MultiPolygon' && sameMembers(a.coordinates, b.coordinates, samePolygon);
    case 'GeometryCollection':
      return b.type === 'GeometryCollection' && sameMembers(a.geometries, b.geometries, geometriesEqual);
  }
}
