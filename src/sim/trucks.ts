// Demo collection trucks: they follow the active collection plan. When a stop's ETA has passed, its
// bin is emptied — the simulated bin starts again from empty (its sensor says so at once) and the
// driver's report goes to dosi, which marks the stop done and moves the later ETAs. When there is no
// active plan, the dispatcher asks for one for the current shift.
import type { Logger } from '../kernel/index.ts';

/** The little of a plan the trucks need. */
export interface TruckPlan {
  id: string;
  routes: {
    truckId: string;
    stops: { binId: string; deviceId: string | null; eta: string; state: string }[];
  }[];
}

export interface TrucksPort {
  /** The active plan, or null. */
  current(): Promise<TruckPlan | null>;
  /** Makes a plan whose shift starts now (it becomes the active plan). */
  plan(): Promise<TruckPlan>;
  /** The driver reports the bin emptied. */
  reportEmptied(binId: string, at: Date): Promise<void>;
  /** The simulated bin is emptied. */
  emptyDevice(deviceId: string, at: Date): void;
  now(): Date;
}

export interface DemoTrucks {
  /** One round of the loop (exposed for tests): returns the number of bins emptied. */
  tick(): Promise<number>;
  stop(): void;
}

export function startDemoTrucks(
  port: TrucksPort,
  log: Logger,
  o: { intervalMs?: number; replanMs?: number } = {},
): DemoTrucks {
  const replanMs = o.replanMs ?? 30 * 60_000;
  let lastPlanAttempt = -Infinity;
  let stopped = false;
  let busy = false;

  async function tick(): Promise<number> {
    const now = port.now();
    let plan = await port.current();
    const pending = plan?.routes.some((r) => r.stops.some((s) => s.state === 'pending')) ?? false;
    // Nothing left to collect: a new plan for a shift starting now, at most every `replanMs`.
    if (!pending && now.getTime() - lastPlanAttempt >= replanMs) {
      lastPlanAttempt = now.getTime();
      plan = await port.plan();
      log.info(
        { plan: plan.id, stops: plan.routes.reduce((n, r) => n + r.stops.length, 0) },
        'demo trucks: collection plan for a shift starting now',
      );
    }
    if (!plan) return 0;
    let emptied = 0;
    for (const r of plan.routes)
      for (const s of r.stops) {
        if (s.state !== 'pending' || Date.parse(s.eta) > now.getTime()) continue;
        if (s.deviceId) port.emptyDevice(s.deviceId, now);
        await port.reportEmptied(s.binId, now);
        emptied++;
      }
    return emptied;
  }

  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    tick()
      .catch((err: unknown) => log.warn({ err }, 'demo trucks: round failed'))
      .finally(() => (busy = false));
  }, o.intervalMs ?? 10_000);
  timer.unref();

  return {
    tick,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
