// The shapes of a routing problem, its options and its plan. Node 0 is the depot, nodes 1..n the customers.

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A distance between two points, e.g. straight line × detour factor. */
export type DistanceFn = (a: Point, b: Point) => number;

/** A capacitated vehicle routing problem: coordinates with a distance function, or a full matrix. */
export interface VrpProblem {
  readonly name?: string;
  /** Vehicle capacity, in the unit of the demands. */
  readonly capacity: number;
  /** Demand of every node; demands[0] (the depot) must be 0. */
  readonly demands: ArrayLike<number>;
  /** Coordinates of every node (depot first). Needed unless `matrix` is given. */
  readonly points?: readonly Point[];
  /** Distance between two points; default: Euclidean rounded to the nearest integer (CVRPLIB). */
  readonly distance?: DistanceFn;
  /** Explicit distances, row-major (n+1)², e.g. from OSRM or Valhalla; may be asymmetric. */
  readonly matrix?: ArrayLike<number>;
}

export interface VrpProgress {
  readonly iteration: number;
  readonly elapsedMs: number;
  /** Cost of the best feasible plan so far, or null before the first one. */
  readonly bestCost: number | null;
}

export interface SolveOptions {
  /** Seed of the search; the same seed and iteration budget give the same plan. Default 1. */
  readonly seed?: number;
  /** Wall-clock budget in milliseconds. Default 1000. */
  readonly timeLimitMs?: number;
  /** Stop after this many genetic iterations (for reproducible runs). */
  readonly maxIterations?: number;
  /** Largest fleet; absent: as many vehicles as the search wants. */
  readonly maxVehicles?: number;
  /** Reserved for shift lengths; not supported yet (coded error if set). */
  readonly maxRouteDuration?: number;
  /** Refuse problems with more customers than this (memory grows with the square). Default 3000. */
  readonly maxCustomers?: number;
  /** Called each time the best feasible plan improves. */
  readonly onProgress?: (p: VrpProgress) => void;
  /** Milliseconds clock; default performance.now. */
  readonly now?: () => number;
}

/** A plan: routes as lists of customer node numbers (1..n), depot implied at both ends. */
export interface VrpSolution {
  readonly routes: number[][];
  readonly cost: number;
  readonly iterations: number;
  readonly elapsedMs: number;
  readonly timeToBestMs: number;
}

export const DEFAULT_MAX_CUSTOMERS = 3000;
