// Distance functions for coordinate input.
import type { DistanceFn, Point } from './types.ts';

/** TSPLIB EUC_2D: Euclidean distance rounded to the nearest integer (nint), as CVRPLIB costs are. */
export const nintEuclidean: DistanceFn = (a, b) => Math.round(Math.hypot(a.x - b.x, a.y - b.y));

export const euclidean: DistanceFn = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** Straight line × a detour factor (≈ 1.3 in Korean cities) while no road network is available. */
export const detourDistance =
  (factor: number): DistanceFn =>
  (a, b) =>
    factor * Math.hypot(a.x - b.x, a.y - b.y);
