// Which cameras can see a point: the point lies within the camera's range (great-circle distance)
// and inside its field-of-view sector, centred on its bearing (0° = north, clockwise). Pure.
import { haversineMeters } from '../../context/geo/index.ts';

export interface CameraView {
  id: string;
  /** [lon, lat] */
  position: [number, number];
  /** Degrees, 0 = north, clockwise. */
  direction: number;
  /** Opening angle in degrees; 360 sees all around. */
  fieldOfView: number;
  /** Metres. */
  range: number;
}

export interface Sighting {
  id: string;
  distance: number;
  /** Bearing from the camera to the point, degrees [0, 360). */
  bearing: number;
}

const RAD = Math.PI / 180;

/** Initial great-circle bearing from a to b, degrees in [0, 360). */
export function bearingDegrees(a: [number, number], b: [number, number]): number {
  const φ1 = a[1] * RAD;
  const φ2 = b[1] * RAD;
  const Δλ = (b[0] - a[0]) * RAD;
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return normalizeDegrees(Math.atan2(y, x) / RAD);
}

export function normalizeDegrees(d: number): number {
  const n = d % 360;
  return n < 0 ? n + 360 : n === 360 ? 0 : n;
}

/** Smallest angle between two bearings, in [0, 180]: 350° and 10° are 20° apart. */
export function angleBetween(a: number, b: number): number {
  const d = Math.abs(normalizeDegrees(a) - normalizeDegrees(b));
  return d > 180 ? 360 - d : d;
}

/** Tolerance for "exactly at the edge": a point on the range or sector boundary is seen. */
const EPS = 1e-9;

export function sees(cam: CameraView, point: [number, number]): Sighting | undefined {
  const distance = haversineMeters(cam.position, point);
  if (distance > cam.range + EPS) return undefined;
  // The camera's own spot is seen whatever its direction.
  const bearing = distance === 0 ? cam.direction : bearingDegrees(cam.position, point);
  if (cam.fieldOfView < 360 && angleBetween(bearing, cam.direction) > cam.fieldOfView / 2 + EPS)
    return undefined;
  return { id: cam.id, distance, bearing };
}

/** Cameras that see the point, nearest first (ties by id), at most `limit`. */
export function visibleCameras(
  cams: readonly CameraView[],
  point: [number, number],
  limit = Number.POSITIVE_INFINITY,
): Sighting[] {
  const hits = cams.flatMap((c) => sees(c, point) ?? []);
  hits.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return hits.slice(0, limit);
}
