// Geofence areas are checked once, when a rule is saved: RFC 7946 rings (closed, ≥ 4 positions),
// WGS 84 ranges, and no self-intersecting ring (planar, O(n²) on the ring's segments; rings of
// geofences are small). Evaluation then trusts the area.
import { DosiError, E } from '../../kernel/index.ts';
import type { Area } from './types.ts';

const MAX_RING = 2000;
const MAX_RADIUS_M = 100_000;

const bad = (path: string, detail: string) => new DosiError(E.RULE_BAD_AREA, { path, detail });

function position(v: unknown, path: string): [number, number] {
  if (!Array.isArray(v) || v.length < 2 || v.length > 3 || !v.every((n) => typeof n === 'number'))
    throw bad(path, 'a position is [lon, lat]');
  const [lon, lat] = v;
  if (!Number.isFinite(lon) || lon! < -180 || lon! > 180)
    throw bad(path, `longitude ${lon} outside −180…180`);
  if (!Number.isFinite(lat) || lat! < -90 || lat! > 90) throw bad(path, `latitude ${lat} outside −90…90`);
  return [lon!, lat!];
}

function orient(a: number[], b: number[], c: number[]): number {
  const v = (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSeg(p: number[], a: number[], b: number[]): boolean {
  return (
    Math.min(a[0]!, b[0]!) <= p[0]! &&
    p[0]! <= Math.max(a[0]!, b[0]!) &&
    Math.min(a[1]!, b[1]!) <= p[1]! &&
    p[1]! <= Math.max(a[1]!, b[1]!)
  );
}

function segmentsCross(a: number[], b: number[], c: number[], d: number[]): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSeg(c, a, b)) ||
    (o2 === 0 && onSeg(d, a, b)) ||
    (o3 === 0 && onSeg(a, c, d)) ||
    (o4 === 0 && onSeg(b, c, d))
  );
}

function ring(v: unknown, path: string): [number, number][] {
  if (!Array.isArray(v)) throw bad(path, 'a ring is an array of positions');
  if (v.length < 4) throw bad(path, `a linear ring needs at least 4 positions, got ${v.length}`);
  if (v.length > MAX_RING) throw bad(path, `a ring may have at most ${MAX_RING} positions`);
  const r = v.map((p, i) => position(p, `${path}[${i}]`));
  const first = r[0]!;
  const last = r[r.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1])
    throw bad(path, 'the ring is not closed (its first and last positions differ)');
  const n = r.length - 1; // segments i: r[i] → r[i+1]
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (adjacent) continue;
      if (segmentsCross(r[i]!, r[i + 1]!, r[j]!, r[j + 1]!))
        throw bad(path, `the ring intersects itself (segments ${i} and ${j})`);
    }
  }
  return r;
}

export function validateArea(v: unknown, path: string): Area {
  const a = v as Record<string, unknown> | null;
  if (!a || typeof a !== 'object' || Array.isArray(a)) throw bad(path, 'an area is an object');
  if (a['type'] === 'Circle') {
    const center = position(a['center'], `${path}.center`);
    const r = a['radiusM'];
    if (typeof r !== 'number' || !(r > 0) || r > MAX_RADIUS_M)
      throw bad(`${path}.radiusM`, `the radius must be a number of metres in (0, ${MAX_RADIUS_M}]`);
    return { type: 'Circle', center, radiusM: r };
  }
  if (a['type'] === 'Polygon') {
    const rings = a['coordinates'];
    if (!Array.isArray(rings) || rings.length === 0)
      throw bad(`${path}.coordinates`, 'a Polygon has one outer ring and optional holes');
    return { type: 'Polygon', coordinates: rings.map((r, i) => ring(r, `${path}.coordinates[${i}]`)) };
  }
  throw bad(`${path}.type`, `expected "Polygon" or "Circle", got ${JSON.stringify(a['type'])}`);
}
