// Collection planning, the pure part: which bins a shift must collect and which are worth taking on
// the way, the local metric projection the solver works in, the timeline (ETAs) of a route, and how a
// plan follows the trucks' reports. The solver itself is behind a port (src/vrp in the server).

/** [lon, lat] in WGS 84. */
export type LonLat = [number, number];

export interface Truck {
  id: string;
  name: string;
  capacityL: number;
}

/** How a tenant collects: where the trucks start and end, the fleet, and the planning knobs. */
export interface Fleet {
  depot: { name: string; location: LonLat } | null;
  trucks: Truck[];
  /** Shift start, hour of the day in Asia/Seoul (food waste is collected at dawn). */
  shiftStartHour: number;
  shiftHours: number;
  /** Mean driving speed between stops (km/h) and the time spent at a bin (minutes). */
  speedKmh: number;
  serviceMin: number;
  /** Road distance ≈ straight line × this factor, while no road network is configured. */
  detourFactor: number;
  /** A bin not yet due is worth collecting when its fill at the shift reaches this… */
  opportunisticFill: number;
  /** …and visiting it lengthens a route by at most this many metres. */
  maxDetourM: number;
  /** Capacity of a bin without a configured capacity (litres; Korean food-waste bins: 120 L). */
  defaultBinL: number;
}

export const DEFAULT_FLEET: Fleet = {
  depot: null,
  trucks: [
    { id: 'truck-1', name: '1호차', capacityL: 4000 },
    { id: 'truck-2', name: '2호차', capacityL: 4000 },
    { id: 'truck-3', name: '3호차', capacityL: 4000 },
  ],
  shiftStartHour: 5,
  shiftHours: 8,
  speedKmh: 20,
  serviceMin: 1.5,
  detourFactor: 1.3,
  opportunisticFill: 0.5,
  maxDetourM: 400,
  defaultBinL: 120,
};

/** A bin as planning sees it: where it is and how full it will be. */
export interface Candidate {
  id: string;
  deviceId: string | null;
  name: string | null;
  location: LonLat;
  capacityL: number;
  threshold: number;
  /** Fill now (last reading), expected at the shift start, and expected at the next shift start. */
  fill: number;
  fillAtShift: number;
  fillAtNextShift: number;
  predictedFullAt: string | null;
}

export type StopReason = 'due' | 'onTheWay';

export interface Selection {
  /** Must be collected this shift (would cross the threshold before the next one), soonest first. */
  due: Candidate[];
  /** Fill ≥ the opportunistic level: taken when they lie on a route. */
  optional: Candidate[];
}

/** Splits candidates into due and optional ones (the others wait for a later shift). */
export function selectForShift(cands: readonly Candidate[], nextShiftMs: number, fleet: Fleet): Selection {
  const due: Candidate[] = [];
  const optional: Candidate[] = [];
  for (const c of cands) {
    const crossesBy = c.predictedFullAt === null ? Infinity : Date.parse(c.predictedFullAt);
    if (c.fillAtShift >= c.threshold || c.fillAtNextShift >= c.threshold || crossesBy <= nextShiftMs)
      due.push(c);
    else if (c.fillAtShift >= fleet.opportunisticFill) optional.push(c);
  }
  const soon = (c: Candidate) => (c.predictedFullAt === null ? Infinity : Date.parse(c.predictedFullAt));
  due.sort((a, b) => soon(a) - soon(b) || b.fillAtShift - a.fillAtShift || a.id.localeCompare(b.id));
  optional.sort((a, b) => b.fillAtShift - a.fillAtShift || a.id.localeCompare(b.id));
  return { due, optional };
}

/** Litres a truck takes from a bin at the shift (an overflowing bin counts as full). */
export const demandOf = (c: Candidate): number =>
  Math.ceil(Math.min(1, Math.max(0, c.fillAtShift)) * c.capacityL);

/** Due bins the fleet can carry, soonest first; the rest are left with the reason. */
export function fitFleet(due: readonly Candidate[], fleet: Fleet): { take: Candidate[]; left: Candidate[] } {
  const biggest = Math.max(0, ...fleet.trucks.map((t) => t.capacityL));
  // Bin packing of routes never reaches 100 %: keep a margin so the solver can find a feasible split.
  let room = fleet.trucks.reduce((s, t) => s + t.capacityL, 0) * 0.95;
  const take: Candidate[] = [];
  const left: Candidate[] = [];
  for (const c of due) {
    const q = demandOf(c);
    if (q <= biggest && q <= room) {
      take.push(c);
      room -= q;
    } else left.push(c);
  }
  return { take, left };
}

// ---- Geometry -------------------------------------------------------------------------------------

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON_EQ = 111_320;

export interface Projected {
  x: number;
  y: number;
}

/** Local equirectangular projection in metres around `origin`: exact enough within a city. */
export function projector(origin: LonLat): (p: LonLat) => Projected {
  const k = M_PER_DEG_LON_EQ * Math.cos((origin[1] * Math.PI) / 180);
  return (p) => ({ x: (p[0] - origin[0]) * k, y: (p[1] - origin[1]) * M_PER_DEG_LAT });
}

/** Road metres between two projected points (straight line × detour factor). */
export const roadM = (a: Projected, b: Projected, detour: number): number =>
  detour * Math.hypot(a.x - b.x, a.y - b.y);

/** The centre of the bins' bounding box: the depot of a fleet without one. */
export function centreOf(points: readonly LonLat[]): LonLat {
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2];
}

/**
 * Cheapest place to insert `p` into one of `routes` (lists of projected points, depot implied at both
 * ends) whose load leaves room for `q`: the extra metres and where, or null when no route has room.
 */
export function cheapestInsertion(
  depot: Projected,
  routes: readonly Projected[][],
  loads: readonly number[],
  capacities: readonly number[],
  p: Projected,
  q: number,
  detour: number,
): { extraM: number; route: number; at: number } | null {
  let best: { extraM: number; route: number; at: number } | null = null;
  routes.forEach((r, ri) => {
    if ((loads[ri] ?? 0) + q > (capacities[ri] ?? 0)) return;
    for (let i = 0; i <= r.length; i++) {
      const a = i === 0 ? depot : r[i - 1]!;
      const b = i === r.length ? depot : r[i]!;
      const extra = roadM(a, p, detour) + roadM(p, b, detour) - roadM(a, b, detour);
      if (!best || extra < best.extraM) best = { extraM: extra, route: ri, at: i };
    }
  });
  return best;
}

// ---- Routes and their timeline --------------------------------------------------------------------

export type StopState = 'pending' | 'done';

export interface PlanStop {
  seq: number;
  binId: string;
  deviceId: string | null;
  name: string | null;
  location: LonLat;
  reason: StopReason;
  /** Expected fill when the plan was made (at the shift start) and the litres to load. */
  expectedFill: number;
  demandL: number;
  eta: string;
  state: StopState;
  doneAt: string | null;
  doneBy: string | null;
}

export interface PlanRoute {
  truckId: string;
  truckName: string;
  capacityL: number;
  loadL: number;
  distanceKm: number;
  start: string;
  /** Back at the depot. */
  end: string;
  /** The route ends after the shift. */
  overtime: boolean;
  stops: PlanStop[];
}

export interface TimelineInput {
  depot: LonLat;
  stops: { location: LonLat }[];
  startMs: number;
  fleet: Pick<Fleet, 'speedKmh' | 'serviceMin' | 'detourFactor'>;
}

/** Road kilometres of a route and the ETA at each stop, then back at the depot. */
export function timeline(i: TimelineInput): { etas: number[]; endMs: number; distanceKm: number } {
  const proj = projector(i.depot);
  const mPerMs = (i.fleet.speedKmh * 1000) / 3_600_000;
  const serviceMs = i.fleet.serviceMin * 60_000;
  let at = proj(i.depot);
  let t = i.startMs;
  let m = 0;
  const etas: number[] = [];
  for (const s of i.stops) {
    const p = proj(s.location);
    const d = roadM(at, p, i.fleet.detourFactor);
    m += d;
    t += d / mPerMs;
    etas.push(t);
    t += serviceMs;
    at = p;
  }
  const back = roadM(at, proj(i.depot), i.fleet.detourFactor);
  m += back;
  t += back / mPerMs;
  return { etas, endMs: t, distanceKm: Math.round(m) / 1000 };
}

export const iso = (ms: number): string => new Date(Math.round(ms)).toISOString();

/**
 * A truck reported `binId` emptied at `atMs`: the stop is done and the ETAs of the stops still ahead
 * on that route are recomputed from there. Returns the route unchanged when the bin is not on it.
 */
export function markDone(
  route: PlanRoute,
  depot: LonLat,
  binId: string,
  atMs: number,
  by: string | null,
  fleet: Pick<Fleet, 'speedKmh' | 'serviceMin' | 'detourFactor'>,
  shiftEndMs: number,
): PlanRoute {
  const i = route.stops.findIndex((s) => s.binId === binId);
  if (i < 0 || route.stops[i]!.state === 'done') return route;
  const stops = route.stops.map((s, k) =>
    k === i ? { ...s, state: 'done' as const, doneAt: iso(atMs), doneBy: by } : s,
  );
  // From the last stop done (in route order), the stops not yet done follow in order.
  const lastDone = stops.reduce((k, s, j) => (s.state === 'done' ? j : k), -1);
  const from = stops[lastDone]!;
  const ahead = stops.slice(lastDone + 1).filter((s) => s.state === 'pending');
  const fromMs = Math.max(Date.parse(from.doneAt ?? from.eta), atMs);
  const tl = timeline({
    depot: from.location,
    stops: ahead,
    startMs: fromMs + fleet.serviceMin * 60_000,
    fleet,
  });
  // timeline() returns to its origin; the way home is from the last stop to the real depot.
  const last = ahead.length ? ahead[ahead.length - 1]!.location : from.location;
  const home = timeline({ depot: last, stops: [{ location: depot }], startMs: 0, fleet }).etas[0]!;
  const endFrom = ahead.length ? tl.etas[ahead.length - 1]! + fleet.serviceMin * 60_000 : fromMs;
  const endMs = endFrom + home;
  const eta = new Map(ahead.map((s, k) => [s.binId, tl.etas[k]!]));
  return {
    ...route,
    stops: stops.map((s) => (eta.has(s.binId) ? { ...s, eta: iso(eta.get(s.binId)!) } : s)),
    end: iso(endMs),
    overtime: endMs > shiftEndMs,
  };
}

/** Seoul shift start on or after `nowMs` at `hour` o'clock (Korea has no daylight saving time). */
export function nextShiftStart(nowMs: number, hour: number): number {
  const SEOUL = 9 * 3_600_000;
  const day = Math.floor((nowMs + SEOUL) / 86_400_000) * 86_400_000 - SEOUL;
  const at = day + hour * 3_600_000;
  return at >= nowMs ? at : at + 86_400_000;
}

// ---- The plan -------------------------------------------------------------------------------------

export type PlanStatus = 'active' | 'superseded' | 'completed';

export type UnservedReason = 'fleetCapacity' | 'binLargerThanTruck';

export interface CollectionPlan {
  id: string;
  tenant: string;
  createdAt: string;
  createdBy: string | null;
  shiftStart: string;
  shiftEnd: string;
  status: PlanStatus;
  depot: { name: string; location: LonLat };
  routes: PlanRoute[];
  /** Due bins the plan could not take, with the reason (the operator must act on them). */
  unserved: { binId: string; name: string | null; reason: UnservedReason; demandL: number }[];
  figures: {
    /** Bins with a position and a reading that planning looked at. */
    candidates: number;
    due: number;
    onTheWay: number;
    stops: number;
    distanceKm: number;
    loadL: number;
    solverMs: number;
  };
  params: { fleet: Fleet; timeLimitMs: number; seed: number };
  updatedAt: string;
}

/** A plan is completed when every stop of every route is done. */
export const isCompleted = (p: Pick<CollectionPlan, 'routes'>): boolean =>
  p.routes.every((r) => r.stops.every((s) => s.state === 'done'));
