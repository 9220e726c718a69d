// Administrative boundaries for the demo city: a small TopoJSON decoder (used by extract-boundaries.ts to
// produce assets/hanam-dongs.geojson) and the geometry helpers the planner needs (area, point-in-polygon,
// random points inside a dong). No dependency: the data is small and the formats are simple.
//
// Boundaries: 통계청(KOSTAT) 2018, 공공누리 제1유형(KOGL Type 1) — see assets/README.md.
import { readFileSync } from 'node:fs';
import type { Rng } from './rng.ts';

export type Position = [number, number];
export type Ring = Position[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Ring[];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** A 행정동 (administrative dong) of the demo city. */
export interface Dong {
  /** KOSTAT 2018 code of the dong (7 digits, e.g. '3118051'). */
  code: string;
  nameKo: string;
  nameEn?: string;
  geometry: AreaGeometry;
}

// ---- TopoJSON ---------------------------------------------------------------------------------------

interface TopoGeometry {
  type: string;
  arcs?: unknown;
  properties?: Record<string, unknown>;
}

export interface Topology {
  type: 'Topology';
  transform?: { scale: [number, number]; translate: [number, number] };
  objects: Record<string, { type: string; geometries?: TopoGeometry[] } & TopoGeometry>;
  arcs: number[][][];
}

export interface TopoFeature {
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
}

/**
 * Decodes the Polygon/MultiPolygon members of a TopoJSON object into GeoJSON geometries. Arcs of a
 * quantized topology are delta-encoded: each position adds to the previous one before the transform.
 */
export function topoFeatures(topo: Topology, objectName: string): TopoFeature[] {
  const obj = topo.objects[objectName];
  if (!obj) throw new Error(`TopoJSON object '${objectName}' not found`);
  const arcs = topo.arcs.map((arc) => decodeArc(arc, topo.transform));

  const ring = (indexes: number[]): Ring => {
    const out: Ring = [];
    for (const i of indexes) {
      // A negative index ~i means arc i walked backwards.
      const src = i >= 0 ? arcs[i] : arcs[~i]?.slice().reverse();
      if (!src) throw new Error(`TopoJSON arc ${i} out of range`);
      // Consecutive arcs share their junction point: keep it once.
      for (let k = out.length > 0 ? 1 : 0; k < src.length; k++) out.push(src[k]!);
    }
    return out;
  };

  const members = obj.type === 'GeometryCollection' ? (obj.geometries ?? []) : [obj];
  const features: TopoFeature[] = [];
  for (const g of members) {
    if (g.type === 'Polygon') {
      features.push({
        properties: g.properties ?? {},
        geometry: { type: 'Polygon', coordinates: (g.arcs as number[][]).map(ring) },
      });
    } else if (g.type === 'MultiPolygon') {
      features.push({
        properties: g.properties ?? {},
        geometry: {
          type: 'MultiPolygon',
          coordinates: (g.arcs as number[][][]).map((poly) => poly.map(ring)),
        },
      });
    }
    // Other geometry types (points, lines, null) do not occur in boundary files and are skipped.
  }
  return features;
}

function decodeArc(arc: number[][], transform: Topology['transform']): Position[] {
  if (!transform) return arc.map((p) => [p[0]!, p[1]!]);
  const [sx, sy] = transform.scale;
  const [tx, ty] = transform.translate;
  let x = 0;
  let y = 0;
  return arc.map((p) => {
    x += p[0]!;
    y += p[1]!;
    return [x * sx + tx, y * sy + ty];
  });
}

// ---- Hanam-si -------------------------------------------------------------------------------------

interface DongFeatureCollection {
  type: 'FeatureCollection';
  features: { properties: { code: string; name: string; name_eng?: string }; geometry: AreaGeometry }[];
}

let hanamCache: Dong[] | undefined;

/**
 * The 13 행정동 of Hanam-si (하남시) in the KOSTAT 2018 boundaries (municipality code 31180 there; 41450 in
 * the 행정표준코드), read from the committed assets/hanam-dongs.geojson. 감일동 did not exist yet in 2018
 * (it was split from 감북동 later), so 감북동 covers it.
 */
export function hanamDongs(): Dong[] {
  if (!hanamCache) {
    const fc = JSON.parse(
      readFileSync(new URL('./assets/hanam-dongs.geojson', import.meta.url), 'utf8'),
    ) as DongFeatureCollection;
    hanamCache = fc.features.map((f) => ({
      code: f.properties.code,
      nameKo: f.properties.name,
      ...(f.properties.name_eng ? { nameEn: f.properties.name_eng } : {}),
      geometry: f.geometry,
    }));
  }
  return hanamCache.map((d) => ({ ...d }));
}

// ---- Geometry -------------------------------------------------------------------------------------

const polygonsOf = (g: AreaGeometry): Ring[][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

/** Even-odd ray casting on one ring. */
function inRing(p: Position, ring: Ring): boolean {
  const [x, y] = p;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when the point lies inside the outer ring of one of the polygons and in none of its holes. */
export function pointInPolygon(p: Position, g: AreaGeometry): boolean {
  return polygonsOf(g).some(
    (rings) => rings.length > 0 && inRing(p, rings[0]!) && !rings.slice(1).some((h) => inRing(p, h)),
  );
}

export function bboxOf(g: AreaGeometry): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const rings of polygonsOf(g))
    for (const [x, y] of rings[0] ?? []) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  return [minX, minY, maxX, maxY];
}

/** Shoelace area of a ring in square degrees (sign ignored). */
function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  }
  return Math.abs(s) / 2;
}

/**
 * Approximate area in km²: an equirectangular projection at the geometry's latitude is accurate to well
 * under 1 % at the size of a city, which is all proportional placement needs.
 */
export function areaKm2(g: AreaGeometry): number {
  const [, minY, , maxY] = bboxOf(g);
  const kx = 111.32 * Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const ky = 110.574;
  let deg2 = 0;
  for (const rings of polygonsOf(g)) {
    deg2 += ringArea(rings[0] ?? []);
    for (const hole of rings.slice(1)) deg2 -= ringArea(hole);
  }
  return deg2 * kx * ky;
}

/** A uniformly distributed point inside the geometry (rejection sampling in its bounding box). */
export function randomPointIn(g: AreaGeometry, rng: Rng): Position {
  const [minX, minY, maxX, maxY] = bboxOf(g);
  for (let i = 0; i < 100_000; i++) {
    const p: Position = [minX + rng() * (maxX - minX), minY + rng() * (maxY - minY)];
    if (pointInPolygon(p, g)) return p;
  }
  throw new Error('randomPointIn: no point found (degenerate geometry)');
}
