// Collection planning use cases: the tenant's fleet, a plan for a shift (choose the bins, route them
// with the solver, publish), the plan following the trucks' reports, and the plan as GeoJSON or GPX.
import { randomUUID } from 'node:crypto';
import type { Bus } from '../../bus/index.ts';
import { DosiError, E, type Clock, type Logger } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { RATE_DEFAULTS } from './domain/fill-rate.ts';
import { fillAt } from './domain/forecast.ts';
import {
  DEFAULT_FLEET,
  centreOf,
  demandOf,
  iso,
  isCompleted,
  markDone,
  nextShiftStart,
  timeline,
  type Candidate,
  type CollectionPlan,
  type Fleet,
  type LonLat,
  type PlanRoute,
} from './domain/plan.ts';
import { planGeoJson, planGpx } from './domain/plan-export.ts';
import type { RouteSolverPort } from './ports.ts';
import { routeShift } from './route-shift.ts';
import * as bins from './store/bin.repository.ts';
import * as plans from './store/plan.repository.ts';

export interface PlanningDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  bus: Bus;
  solver: RouteSolverPort;
}

export interface PlanRequest {
  /** Shift start (default: the next shift start of the fleet, Asia/Seoul). */
  shiftStart?: string;
  /** Solver budget (default 2 s, at most 60 s). */
  timeLimitMs?: number;
  seed?: number;
}

const HOUR = 3_600_000;
const invalid = (detail: string) => new DosiError(E.WASTE_INVALID, { detail });

/** Checks a fleet from the API: every error names the field. */
export function validateFleet(f: Fleet): Fleet {
  const ids = new Set<string>();
  if (f.trucks.length === 0) throw invalid('trucks: a fleet needs at least one truck');
  for (const [i, t] of f.trucks.entries()) {
    if (ids.has(t.id)) throw invalid(`trucks[${i}].id: ${t.id} appears twice`);
    ids.add(t.id);
    if (!(t.capacityL > 0)) throw invalid(`trucks[${i}].capacityL must be > 0`);
  }
  if (f.depot) {
    const [lon, lat] = f.depot.location;
    if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) throw invalid('depot.location is not [lon, lat]');
  }
  if (!(f.speedKmh > 0)) throw invalid('speedKmh must be > 0');
  if (!(f.detourFactor >= 1)) throw invalid('detourFactor must be ≥ 1');
  if (!(f.shiftHours > 0 && f.shiftHours <= 24)) throw invalid('shiftHours must be in (0, 24]');
  return f;
}

export function createPlanning(deps: PlanningDeps) {
  const now = () => deps.clock.now();

  async function fleetOf(tenant: string): Promise<Fleet> {
    return { ...DEFAULT_FLEET, ...((await plans.getFleet(deps.db, tenant)) ?? {}) };
  }

  async function candidates(tenant: string, shiftMs: number, nextMs: number, fleet: Fleet) {
    const out: Candidate[] = [];
    for (let offset = 0; ; offset += 5000) {
      const page = await bins.listBins(deps.db, tenant, { limit: 5000, offset });
      for (const b of page.bins) {
        if (!b.location || b.fill === null) continue;
        const atMs = b.fillAt ? Date.parse(b.fillAt) : Date.parse(b.updatedAt);
        const ahead = (t: number) => fillAt(b.track.model, b.fill!, atMs, Math.max(t, atMs), RATE_DEFAULTS);
        out.push({
          id: b.entityId,
          deviceId: b.deviceId,
          name: b.name,
          location: b.location,
          capacityL: b.capacityL ?? fleet.defaultBinL,
          threshold: b.threshold,
          fill: b.fill,
          fillAtShift: ahead(shiftMs),
          fillAtNextShift: ahead(nextMs),
          predictedFullAt: b.predictedFullAt,
        });
      }
      if (page.bins.length < 5000) return out;
    }
  }

  async function makePlan(tenant: string, by: string | null, req: PlanRequest): Promise<CollectionPlan> {
    const fleet = await fleetOf(tenant);
    const nowMs = now().getTime();
    const shiftMs = req.shiftStart ? Date.parse(req.shiftStart) : nextShiftStart(nowMs, fleet.shiftStartHour);
    if (Number.isNaN(shiftMs)) throw invalid(`shiftStart is not a date-time: ${req.shiftStart}`);
    const timeLimitMs = Math.min(60_000, Math.max(100, req.timeLimitMs ?? 2000));
    const seed = req.seed ?? 1;
    const cands = await candidates(tenant, shiftMs, shiftMs + 24 * HOUR, fleet);
    const depot = fleet.depot ?? {
      name: '차고지 (수거함 중심) · Depot (centre of the bins)',
      location: cands.length ? centreOf(cands.map((c) => c.location)) : ([127.2149, 37.5392] as LonLat),
    };
    const shift = await routeShift(deps.solver, cands, depot.location, shiftMs, fleet, { timeLimitMs, seed });
    const { take, routes, reason, solverMs, sel } = shift;
    const trucks = [...fleet.trucks].sort((a, b) => b.capacityL - a.capacityL || a.id.localeCompare(b.id));
    const planned = routes
      .map((r) => r.map((i) => take[i - 1]!))
      .sort((a, b) => b.reduce((s, c) => s + demandOf(c), 0) - a.reduce((s, c) => s + demandOf(c), 0));
    const shiftEndMs = shiftMs + fleet.shiftHours * HOUR;
    const planRoutes: PlanRoute[] = planned.map((stops, k) => {
      const truck = trucks[k]!;
      const tl = timeline({ depot: depot.location, stops, startMs: shiftMs, fleet });
      return {
        truckId: truck.id,
        truckName: truck.name,
        capacityL: truck.capacityL,
        loadL: stops.reduce((s, c) => s + demandOf(c), 0),
        distanceKm: tl.distanceKm,
        start: iso(shiftMs),
        end: iso(tl.endMs),
        overtime: tl.endMs > shiftEndMs,
        stops: stops.map((c, i) => ({
          seq: i + 1,
          binId: c.id,
          deviceId: c.deviceId,
          name: c.name,
          location: c.location,
          reason: reason.get(c.id) ?? 'due',
          expectedFill: Math.round(c.fillAtShift * 1000) / 1000,
          demandL: demandOf(c),
          eta: iso(tl.etas[i]!),
          state: 'pending' as const,
          doneAt: null,
          doneBy: null,
        })),
      };
    });
    const biggest = Math.max(...fleet.trucks.map((t) => t.capacityL));
    const served = new Set(take.map((c) => c.id));
    const unserved = sel.due
      .filter((c) => !served.has(c.id))
      .map((c) => ({
        binId: c.id,
        name: c.name,
        reason: demandOf(c) > biggest ? ('binLargerThanTruck' as const) : ('fleetCapacity' as const),
        demandL: demandOf(c),
      }));
    const at = now().toISOString();
    return {
      id: `urn:dosi:waste-plan:${randomUUID()}`,
      tenant,
      createdAt: at,
      createdBy: by,
      shiftStart: iso(shiftMs),
      shiftEnd: iso(shiftEndMs),
      status: 'active',
      depot,
      routes: planRoutes,
      unserved,
      figures: {
        candidates: cands.length,
        due: planRoutes.flatMap((r) => r.stops).filter((s) => s.reason === 'due').length,
        onTheWay: planRoutes.flatMap((r) => r.stops).filter((s) => s.reason === 'onTheWay').length,
        stops: planRoutes.reduce((s, r) => s + r.stops.length, 0),
        distanceKm: Math.round(planRoutes.reduce((s, r) => s + r.distanceKm, 0) * 1000) / 1000,
        loadL: planRoutes.reduce((s, r) => s + r.loadL, 0),
        solverMs: Math.round(solverMs),
      },
      params: { fleet, timeLimitMs, seed },
      updatedAt: at,
    };
  }

  async function announce(p: CollectionPlan, kind: 'created' | 'updated') {
    await deps.bus
      .publish(
        `dosi.waste.${p.tenant}.plan`,
        { tenant: p.tenant, kind, planId: p.id, status: p.status, updatedAt: p.updatedAt },
        `waste-plan:${p.id}:${p.updatedAt}`,
      )
      .catch((err: unknown) => deps.log.error({ err }, 'waste plan event not published on the bus'));
  }

  async function mustGetPlan(tenant: string, id: string) {
    const p = await plans.getPlan(deps.db, tenant, id);
    if (!p) throw new DosiError(E.WASTE_PLAN_NOT_FOUND, { id, tenant });
    return p;
  }

  return {
    fleet: fleetOf,

    async setFleet(tenant: string, f: Fleet, by: string | null): Promise<Fleet> {
      const fleet = validateFleet({ ...DEFAULT_FLEET, ...f });
      await plans.saveFleet(deps.db, tenant, fleet, now().toISOString(), by);
      return fleet;
    },

    /** Plans a shift and makes it the active plan (the previous active plan is superseded). */
    async create(tenant: string, by: string | null, req: PlanRequest = {}): Promise<CollectionPlan> {
      const p = await makePlan(tenant, by, req);
      await deps.db.tx(async (q) => {
        await plans.supersedeActive(q, tenant, p.createdAt);
        await plans.insertPlan(q, p);
      });
      deps.log.info(
        { tenant, plan: p.id, stops: p.figures.stops, km: p.figures.distanceKm, unserved: p.unserved.length },
        'waste collection plan created',
      );
      await announce(p, 'created');
      return p;
    },

    list: (tenant: string, limit: number, offset: number) => plans.listPlans(deps.db, tenant, limit, offset),
    get: mustGetPlan,

    async current(tenant: string): Promise<CollectionPlan> {
      const [p] = await plans.activePlans(deps.db, tenant);
      if (!p) throw new DosiError(E.WASTE_PLAN_NOT_FOUND, { id: 'current', tenant });
      return p;
    },

    /** A bin was emptied (truck report or sensor): its stop is done and the route's ETAs move. */
    async binEmptied(
      tenant: string,
      binId: string,
      at: string,
      by: string | null,
    ): Promise<CollectionPlan[]> {
      const changed = await deps.db.tx(async (q) => {
        const out: CollectionPlan[] = [];
        for (const p of await plans.activePlans(q, tenant, true)) {
          const atMs = Date.parse(at);
          // An emptying long before the shift is the previous round's, not this plan's.
          if (atMs < Date.parse(p.shiftStart) - 12 * HOUR) continue;
          const routes = p.routes.map((r) =>
            markDone(r, p.depot.location, binId, atMs, by, p.params.fleet, Date.parse(p.shiftEnd)),
          );
          if (routes.every((r, i) => r === p.routes[i])) continue;
          const next: CollectionPlan = { ...p, routes, updatedAt: now().toISOString() };
          if (isCompleted(next)) next.status = 'completed';
          await plans.updatePlan(q, next);
          out.push(next);
        }
        return out;
      });
      for (const p of changed) await announce(p, 'updated');
      return changed;
    },

    async geojson(tenant: string, id: string, truckId?: string) {
      return planGeoJson(await mustGetPlan(tenant, id), truckId);
    },
    async gpx(tenant: string, id: string, truckId?: string) {
      return planGpx(await mustGetPlan(tenant, id), truckId);
    },
  };
}

export type Planning = ReturnType<typeof createPlanning>;
