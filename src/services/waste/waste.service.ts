// Use cases of the waste service: fold fill readings into per-bin forecasts (one transaction per
// reading, idempotent under redelivery), record emptyings, answer bins / due / KPIs, and keep the
// tenant's waste rules saved in the core rules engine.
import type { Bus, BusSubscription, ReadingEvent } from '../../bus/index.ts';
import { DosiError, E, type Clock, type Logger } from '../../kernel/index.ts';
import type { Db, Queryable } from '../../storage/index.ts';
import { binDetail, binView } from './bin-view.ts';
import { RATE_DEFAULTS, meanRateAhead } from './domain/fill-rate.ts';
import { predictCrossing, selectDue } from './domain/forecast.ts';
import { FILL_SENSOR_PROFILE } from './domain/profile.ts';
import { DEFAULT_THRESHOLD } from './domain/rules.ts';
import { deriveStatus, type SensorFlags } from './domain/status.ts';
import { observe, reportEmptied, type Observed } from './domain/track.ts';
import { emptyTrack, type BinStatus, type Emptying } from './domain/types.ts';
import { createPlanning } from './planning.ts';
import { simulateMonth, type MonthResult } from './month-sim.ts';
import { centreOf, type LonLat } from './domain/plan.ts';
import type {
  AlarmsPort,
  CityTruthPort,
  ContextPort,
  DevicesPort,
  RouteSolverPort,
  RulesPort,
} from './ports.ts';
import { createRuleKeeper } from './rule-keeper.ts';
import * as bins from './store/bin.repository.ts';
import * as emptyings from './store/emptying.repository.ts';

export interface WasteServiceDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  bus: Bus;
  devices: DevicesPort;
  context: ContextPort;
  rules: RulesPort;
  alarms: AlarmsPort;
  /** Route solver for collection plans. */
  solver: RouteSolverPort;
  /** The month simulation's solver: many small solves, run in the process (no worker start-up each). */
  simSolver?: RouteSolverPort;
  /** The simulated city's true fill (absent: no month simulation). */
  truth?: CityTruthPort;
  /** Durable consumer name of the readings subscription (processing nodes share it). */
  durable?: string;
}

export const ENTITY_TYPE = 'WasteContainer';
const SERVICE_SUBJECT = 'urn:dosi:service:waste';
const FLAG_ATTRS = ['temperature', 'tiltAngle', 'lidOpen'] as const;

/** 덕풍1동 in '덕풍1동 음식물 수거함 12': the neighbourhood a bin is filtered by. */
export const areaOf = (name: string | undefined): string | null =>
  /(\S+동)(?:\s|$)/.exec(name ?? '')?.[1] ?? null;

/** The fill of a reading as a fraction: profiles that store percent (unitCode P1) are scaled here. */
function fillOf(e: ReadingEvent): { at: string; fill: number; fraction: boolean } | undefined {
  const v = e.values.find((x) => x.attr === 'fillingLevel' && typeof x.value === 'number');
  if (!v) return undefined;
  const percent = v.unitCode === 'P1';
  return {
    at: v.observedAt,
    fill: percent ? (v.value as number) / 100 : (v.value as number),
    fraction: !percent,
  };
}

/** Forecast columns of a bin from its track. */
function forecast(b: bins.BinRow): bins.BinRow {
  const last = b.track.last;
  const fill = b.fill;
  const atMs = b.fillAt ? Date.parse(b.fillAt) : last ? Date.parse(last.at) : undefined;
  if (fill === null || atMs === undefined) return b;
  const at = predictCrossing(b.track.model, fill, atMs, b.threshold, RATE_DEFAULTS);
  return {
    ...b,
    rate: meanRateAhead(b.track.model, atMs, 24, RATE_DEFAULTS),
    predictedFullAt: at === null ? null : new Date(at).toISOString(),
  };
}

export function createWasteService(deps: WasteServiceDeps) {
  const now = () => deps.clock.now().toISOString();
  const keeper = createRuleKeeper({
    rules: deps.rules,
    log: deps.log,
    clock: deps.clock,
    by: SERVICE_SUBJECT,
  });
  let sub: BusSubscription | undefined;
  const planning = createPlanning(deps);
  /** Month simulations by tenant, days and seed: minutes of work, kept for an hour. */
  const simulations = new Map<string, { at: number; result: Promise<MonthResult> }>();

  type DeviceMeta = { name?: string; location?: [number, number] } | undefined;
  /** Bins this process has stored: only unknown ones need their device looked up first. */
  const known = new Set<string>();

  function newBin(tenant: string, e: ReadingEvent, d: DeviceMeta): bins.BinRow {
    return {
      tenant,
      entityId: e.entityId,
      deviceId: e.deviceId,
      name: d?.name ?? null,
      area: areaOf(d?.name),
      location: d?.location ?? null,
      threshold: DEFAULT_THRESHOLD,
      capacityL: null,
      track: emptyTrack(),
      fill: null,
      fillAt: null,
      rate: null,
      predictedFullAt: null,
      status: 'ok',
      temperature: null,
      lastEmptiedAt: null,
      updatedAt: now(),
    };
  }

  function flagsOf(e: ReadingEvent, prev: bins.BinRow): SensorFlags {
    const f: SensorFlags = prev.temperature === null ? {} : { temperature: prev.temperature };
    for (const v of e.values) {
      if ((FLAG_ATTRS as readonly string[]).includes(v.attr) && typeof v.value === 'number')
        f[v.attr as (typeof FLAG_ATTRS)[number]] = v.value;
      if (v.attr === 'status' && typeof v.value === 'string') f.status = v.value;
    }
    return f;
  }

  /** Entity attributes to write after commit: dateLastEmptying, a changed status, refDevice once. */
  async function writeBack(
    tenant: string,
    id: string,
    emptying: Emptying | undefined,
    status?: BinStatus,
    deviceId?: string,
  ) {
    const attrs: Record<string, unknown> = {};
    // FIWARE WasteContainer refDevice: the sensor, as a Device entity id.
    if (deviceId)
      attrs.refDevice = { type: 'Relationship', object: `urn:ngsi-ld:Device:${tenant}:${deviceId}` };
    if (emptying)
      attrs.dateLastEmptying = { type: 'Property', value: { '@type': 'DateTime', '@value': emptying.at } };
    if (status) attrs.status = { type: 'Property', value: status };
    if (Object.keys(attrs).length === 0) return;
    try {
      await deps.context.setAttrs(tenant, id, attrs);
    } catch (err) {
      deps.log.warn({ err, tenant, id }, 'waste bin entity not updated');
    }
  }

  // The device is looked up before the transaction: on the embedded engine a query outside the
  // transaction would wait for it to end (one connection).
  async function applyReading(q: Queryable, e: ReadingEvent, d: DeviceMeta) {
    const stored = await bins.getBin(q, e.tenant, e.entityId, true);
    const prev = stored ?? newBin(e.tenant, e, d);
    const flags = flagsOf(e, prev);
    let b: bins.BinRow = { ...prev, status: deriveStatus(flags), temperature: flags.temperature ?? null };
    let out: Observed = { track: b.track };
    const fill = fillOf(e);
    if (fill) {
      out = observe(b.track, { at: fill.at, fill: fill.fill });
      const newer = out.track.last?.at === fill.at;
      b = { ...b, track: out.track, ...(newer ? { fill: fill.fill, fillAt: fill.at } : {}) };
    }
    let recorded = false;
    if (out.emptying) {
      recorded = await emptyings.insertEmptying(q, e.tenant, e.entityId, out.emptying, null);
      b = { ...b, lastEmptiedAt: out.emptying.at };
    }
    b = forecast({ ...b, updatedAt: now() });
    await bins.saveBin(q, b);
    return {
      emptying: out.emptying,
      recorded,
      first: !stored,
      // The entity shows the derived status from the bin's first reading on, then on changes.
      status: !stored || b.status !== prev.status ? b.status : undefined,
    };
  }

  /**
   * After commit, once per recorded emptying: the active plan marks the stop done, then
   * `dosi.waste.{tenant}.emptied` goes out (consoles, KPIs).
   */
  async function announce(tenant: string, entityId: string, e: Emptying, reportedBy: string | null) {
    await planning
      .binEmptied(tenant, entityId, e.at, reportedBy)
      .catch((err: unknown) => deps.log.error({ err, tenant, entityId }, 'collection plan not updated'));
    await deps.bus
      .publish(
        `dosi.waste.${tenant}.emptied`,
        { tenant, entityId, emptying: { ...e, reportedBy } },
        `waste:${tenant}:${entityId}:${e.at}`,
      )
      .catch((err: unknown) => deps.log.error({ err }, 'waste emptying not published on the bus'));
  }

  async function onReading(e: ReadingEvent): Promise<void> {
    if (e.entityType !== ENTITY_TYPE) return;
    const key = `${e.tenant}\u0000${e.entityId}`;
    const d = known.has(key) ? undefined : (await deps.devices.resolve(e.tenant, e.deviceId))?.device;
    const r = await deps.db.tx((q) => applyReading(q, e, d));
    known.add(key);
    await writeBack(e.tenant, e.entityId, r.emptying, r.status, r.first ? e.deviceId : undefined);
    if (r.emptying && r.recorded) await announce(e.tenant, e.entityId, r.emptying, null);
    // Rules compare stored values: only tenants whose entities hold the FIWARE fraction get them.
    if (fillOf(e)?.fraction) await keeper.ensure(e.tenant);
  }

  async function mustGet(q: Queryable, tenant: string, id: string, lock = false) {
    const b = await bins.getBin(q, tenant, id, lock);
    if (!b) throw new DosiError(E.WASTE_BIN_NOT_FOUND, { id, tenant });
    return b;
  }

  return {
    onReading,
    /** Collection plans: fleet, create, list, follow the trucks, export. */
    planning,

    /** Subscribes to WasteContainer readings with a durable consumer (processing nodes). */
    async start(): Promise<void> {
      sub = await deps.bus.subscribe(`dosi.reading.*.${ENTITY_TYPE}`, (d) => onReading(d as ReadingEvent), {
        durable: deps.durable ?? 'dosi-waste-readings',
      });
    },
    async stop(): Promise<void> {
      await sub?.close();
      sub = undefined;
    },

    /** Creates the fill-sensor device profile in the tenant unless a profile with its id exists. */
    async ensureProfile(tenant: string) {
      const existing = (await deps.devices.listProfiles(tenant)).find((p) => p.id === FILL_SENSOR_PROFILE.id);
      return existing ?? deps.devices.createProfile(tenant, FILL_SENSOR_PROFILE);
    },

    /** Saves the tenant's waste rules now (also done on the first reading a node sees). */
    ensureRules: (tenant: string) => keeper.ensure(tenant, true),

    async list(tenant: string, f: bins.BinFilter) {
      const r = await bins.listBins(deps.db, tenant, f);
      return { bins: r.bins.map(binView), total: r.total };
    },

    async get(tenant: string, id: string) {
      const b = await mustGet(deps.db, tenant, id);
      return binDetail(b, await emptyings.listEmptyings(deps.db, tenant, id, 20));
    },

    /** Bins predicted to reach their threshold by `before` (input of route planning), soonest first. */
    async due(tenant: string, before: string) {
      const r = await bins.listBins(deps.db, tenant, {
        predictedFullBefore: before,
        limit: 10_000,
        offset: 0,
      });
      return selectDue(r.bins.map(binView), Date.parse(before));
    },

    async setBin(tenant: string, id: string, patch: { threshold?: number; capacityL?: number }) {
      const b = await deps.db.tx(async (q) => {
        const prev = await mustGet(q, tenant, id, true);
        const next = forecast({ ...prev, ...patch, updatedAt: now() });
        await bins.saveBin(q, next);
        return next;
      });
      return binView(b);
    },

    /** A truck reports the bin emptied (at `at`, default now). */
    async emptied(tenant: string, id: string, by: string, at?: string) {
      const when = at ?? now();
      if (Number.isNaN(Date.parse(when)))
        throw new DosiError(E.WASTE_INVALID, { detail: `at is not a date-time: ${when}` });
      const r = await deps.db.tx(async (q) => {
        const prev = await mustGet(q, tenant, id, true);
        const out = reportEmptied(prev.track, new Date(when).toISOString());
        const e = out.emptying as Emptying;
        const inserted = await emptyings.insertEmptying(q, tenant, id, e, by);
        const b = forecast({
          ...prev,
          track: out.track,
          fill: 0,
          fillAt: e.at,
          lastEmptiedAt: e.at,
          updatedAt: now(),
        });
        await bins.saveBin(q, b);
        return { e, inserted, b };
      });
      // The plan first: the operator watching the truck waits for it, the entity attributes can follow.
      if (r.inserted) await announce(tenant, id, r.e, by);
      await writeBack(tenant, id, r.e);
      return { emptying: { ...r.e, reportedBy: by }, recorded: r.inserted, bin: binView(r.b) };
    },

    /**
     * A simulated month on the tenant's simulated bins: the fixed daily round against collection
     * planned from the sensors (DOSI_ERR_WASTE_INVALID when the tenant has no simulated bins).
     */
    async simulation(tenant: string, o: { days: number; seed: number }): Promise<MonthResult> {
      const key = `${tenant}/${o.days}/${o.seed}`;
      const hit = simulations.get(key);
      if (hit && deps.clock.now().getTime() - hit.at < 3_600_000) return hit.result;
      const truth = deps.truth;
      if (!truth) throw new DosiError(E.WASTE_INVALID, { detail: 'no simulated city on this server' });
      const rows = (await bins.listBins(deps.db, tenant, { limit: 10_000, offset: 0 })).bins;
      const fleet = await planning.fleet(tenant);
      const city = rows.flatMap((b) => {
        const growth = b.deviceId ? truth.growthOf(tenant, b.deviceId) : undefined;
        if (!growth || !b.location) return [];
        return [
          {
            id: b.entityId,
            name: b.name,
            location: b.location,
            capacityL: b.capacityL ?? fleet.defaultBinL,
            threshold: b.threshold,
            growth,
          },
        ];
      });
      if (city.length === 0)
        throw new DosiError(E.WASTE_INVALID, {
          detail: `tenant ${tenant} has no simulated bins with a position`,
        });
      // The month that ended at the last 00:00 Seoul.
      const SEOUL = 9 * 3_600_000;
      const DAY = 86_400_000;
      const today = Math.floor((deps.clock.now().getTime() + SEOUL) / DAY) * DAY - SEOUL;
      const depot: LonLat = fleet.depot?.location ?? centreOf(city.map((c) => c.location));
      const result = simulateMonth(deps.simSolver ?? deps.solver, {
        bins: city,
        depot,
        fleet,
        startMs: today - o.days * DAY,
        days: o.days,
        seed: o.seed,
        timeLimitMs: 100,
      });
      simulations.set(key, { at: deps.clock.now().getTime(), result });
      result.catch(() => simulations.delete(key));
      return result;
    },

    async kpis(tenant: string, from: string, to: string) {
      if (
        Number.isNaN(Date.parse(from)) ||
        Number.isNaN(Date.parse(to)) ||
        Date.parse(from) >= Date.parse(to)
      )
        throw new DosiError(E.WASTE_BAD_RANGE, { detail: `from ${from} must be before to ${to}` });
      const stats = await emptyings.collectionStats(deps.db, tenant, from, to);
      const overflow = await keeper.overflowAlarms(deps.alarms, tenant, from, to);
      return { from, to, ...stats, ...overflow };
    },
  };
}

export type WasteService = ReturnType<typeof createWasteService>;
