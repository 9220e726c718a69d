// A simulated month of collections, two ways on the same city: a fixed daily round that empties every
// bin, and collection planned from the sensors (the service's own fill learning, forecasts and shift
// routing). Hour by hour, both cities get the same waste; the planned one only sees noisy readings.
// The true fill of each bin comes from a port (the demo city's generator), the routes from the solver.
import { fillAt, predictCrossing } from './domain/forecast.ts';
import { RATE_DEFAULTS } from './domain/fill-rate.ts';
import { demandOf, projector, timeline, type Candidate, type Fleet, type LonLat } from './domain/plan.ts';
import { observe, reportEmptied } from './domain/track.ts';
import { emptyTrack, type BinTrack } from './domain/types.ts';
import { routeShift } from './route-shift.ts';
import type { RouteSolverPort } from './ports.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SimBin {
  id: string;
  name: string | null;
  location: LonLat;
  capacityL: number;
  threshold: number;
  /** Fraction of the bin filled between two instants (the truth). */
  growth(fromMs: number, toMs: number): number;
}

export interface MonthOptions {
  bins: SimBin[];
  depot: LonLat;
  fleet: Fleet;
  /** First simulated day (00:00 Seoul); a week before it runs the fixed round so sensors learn. */
  startMs: number;
  days: number;
  seed: number;
  /** Solver budget per shift. */
  timeLimitMs: number;
  /** Standard deviation of a fill reading (fraction). */
  sensorNoise?: number;
}

export interface PolicyFigures {
  collections: number;
  distanceKm: number;
  /** A bin reaching 100 % (waste left beside it) counts once per fill cycle. */
  overflowEvents: number;
  overflowBinHours: number;
  avgFillAtCollection: number | null;
  /** Most trucks needed on one day. */
  trucksMax: number;
}

export interface MonthResult {
  start: string;
  days: number;
  bins: number;
  trucks: number;
  fixed: PolicyFigures;
  planned: PolicyFigures & { unservedBinShifts: number };
  /** 1 − planned ÷ fixed (null when the fixed figure is 0). */
  saving: { collections: number | null; distanceKm: number | null; overflowEvents: number | null };
  elapsedMs: number;
}

/** Deterministic normal noise (mulberry32 + Box–Muller) without any dependency. */
function noise(seed: number): () => number {
  let a = seed >>> 0 || 1;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() || 1e-12)) * Math.cos(2 * Math.PI * u());
}

class Tally {
  collections = 0;
  m = 0;
  overflowEvents = 0;
  overflowBinHours = 0;
  fillSum = 0;
  trucksMax = 0;
  figures(): PolicyFigures {
    return {
      collections: this.collections,
      distanceKm: Math.round(this.m / 100) / 10,
      overflowEvents: this.overflowEvents,
      overflowBinHours: this.overflowBinHours,
      avgFillAtCollection:
        this.collections === 0 ? null : Math.round((this.fillSum / this.collections) * 1000) / 1000,
      trucksMax: this.trucksMax,
    };
  }
}

const saving = (planned: number, fixed: number) =>
  fixed === 0 ? null : Math.round((1 - planned / fixed) * 1000) / 1000;

export async function simulateMonth(solver: RouteSolverPort, o: MonthOptions): Promise<MonthResult> {
  const t0 = performance.now();
  const n = o.bins.length;
  const sd = o.sensorNoise ?? 0.012;
  const rnd = noise(o.seed);
  const fixedLevel = new Float64Array(n);
  const planLevel = new Float64Array(n);
  const overFixed = new Uint8Array(n);
  const overPlan = new Uint8Array(n);
  const tracks: BinTrack[] = o.bins.map(() => emptyTrack());
  const fixed = new Tally();
  const planned = new Tally();
  let unserved = 0;
  const proj = projector(o.depot);
  const warmupMs = o.startMs - 7 * DAY;
  const shiftOffset = o.fleet.shiftStartHour * HOUR;
  // A fixed round needs no plan: every bin, with as many trucks (of the smallest size) as it takes.
  const truckL = Math.min(...o.fleet.trucks.map((t) => t.capacityL));
  const index = new Map(o.bins.map((b, i) => [b.id, i]));

  const collect = (level: Float64Array, over: Uint8Array, i: number, tally: Tally | null) => {
    if (tally) {
      tally.collections++;
      tally.fillSum += Math.min(1, level[i]!);
    }
    level[i] = 0;
    over[i] = 0;
  };

  const fixedRound = async (count: boolean) => {
    const cands = o.bins.map((b, i) => cand(b, Math.min(1, fixedLevel[i]!)));
    for (let i = 0; i < n; i++) collect(fixedLevel, overFixed, i, count ? fixed : null);
    if (!count) return;
    const r = await solver.solve({
      points: [proj(o.depot), ...cands.map((c) => proj(c.location))],
      demands: [0, ...cands.map(demandOf)],
      capacity: truckL,
      maxVehicles: n,
      detourFactor: o.fleet.detourFactor,
      timeLimitMs: o.timeLimitMs,
      seed: o.seed,
    });
    fixed.m += r.cost;
    fixed.trucksMax = Math.max(fixed.trucksMax, r.routes.length);
  };

  const cand = (b: SimBin, fill: number): Candidate => ({
    id: b.id,
    deviceId: null,
    name: b.name,
    location: b.location,
    capacityL: b.capacityL,
    threshold: b.threshold,
    fill,
    fillAtShift: fill,
    fillAtNextShift: fill,
    predictedFullAt: null,
  });

  const plannedShift = async (shiftMs: number) => {
    const cands: Candidate[] = [];
    o.bins.forEach((b, i) => {
      const t = tracks[i]!;
      if (!t.last) return;
      const atMs = Date.parse(t.last.at);
      const fill = t.last.fill;
      const crossing = predictCrossing(t.model, fill, atMs, b.threshold, RATE_DEFAULTS);
      cands.push({
        ...cand(b, fill),
        fillAtShift: fillAt(t.model, fill, atMs, Math.max(atMs, shiftMs)),
        fillAtNextShift: fillAt(t.model, fill, atMs, Math.max(atMs, shiftMs + DAY)),
        predictedFullAt: crossing === null ? null : new Date(crossing).toISOString(),
      });
    });
    const s = await routeShift(solver, cands, o.depot, shiftMs, o.fleet, {
      timeLimitMs: o.timeLimitMs,
      seed: o.seed,
    });
    unserved += s.sel.due.length - s.take.filter((c) => s.reason.get(c.id) === 'due').length;
    planned.trucksMax = Math.max(planned.trucksMax, s.routes.length);
    for (const r of s.routes) {
      const stops = r.map((k) => s.take[k - 1]!);
      const tl = timeline({ depot: o.depot, stops, startMs: shiftMs, fleet: o.fleet });
      planned.m += tl.distanceKm * 1000;
      // Simplification: every bin of the shift is emptied at its start (both policies alike).
      for (const c of stops) {
        const i = index.get(c.id)!;
        collect(planLevel, overPlan, i, planned);
        // The driver reports it: the track restarts its fill cycle.
        tracks[i] = reportEmptied(tracks[i]!, new Date(shiftMs).toISOString()).track;
      }
    }
  };

  const end = o.startMs + o.days * DAY;
  for (let t = warmupMs; t < end; t += HOUR) {
    const counting = t >= o.startMs;
    // Shift at the fleet's hour (Seoul): 00:00 Seoul of this day + the shift hour.
    if ((t + 9 * HOUR - shiftOffset) % DAY === 0) {
      if (counting) await plannedShift(t);
      else for (let i = 0; i < n; i++) collect(planLevel, overPlan, i, null);
      await fixedRound(counting);
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (let i = 0; i < n; i++) {
      const g = o.bins[i]!.growth(t, t + HOUR);
      fixedLevel[i] = fixedLevel[i]! + g;
      planLevel[i] = planLevel[i]! + g;
      if (counting) {
        if (fixedLevel[i]! >= 1) {
          fixed.overflowBinHours++;
          if (!overFixed[i]) fixed.overflowEvents++;
          overFixed[i] = 1;
        }
        if (planLevel[i]! >= 1) {
          planned.overflowBinHours++;
          if (!overPlan[i]) planned.overflowEvents++;
          overPlan[i] = 1;
        }
      }
      // The sensor reads the planned city's bin at the end of the hour (it cannot read above 100 %).
      const read = Math.min(1, Math.max(0, planLevel[i]! + sd * rnd()));
      tracks[i] = observe(tracks[i]!, {
        at: new Date(t + HOUR).toISOString(),
        fill: Math.round(read * 1000) / 1000,
      }).track;
    }
  }
  const f = fixed.figures();
  const p = planned.figures();
  return {
    start: new Date(o.startMs).toISOString(),
    days: o.days,
    bins: n,
    trucks: o.fleet.trucks.length,
    fixed: f,
    planned: { ...p, unservedBinShifts: unserved },
    saving: {
      collections: saving(p.collections, f.collections),
      distanceKm: saving(p.distanceKm, f.distanceKm),
      overflowEvents: saving(p.overflowEvents, f.overflowEvents),
    },
    elapsedMs: Math.round(performance.now() - t0),
  };
}
