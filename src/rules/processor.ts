// The rules processor on a processing node: hears readings, entity changes and device states from
// the bus with durable consumers (processes with the same names share the work, a restart resumes)
// and runs a timer that drives time-based rules and escalation with the injected clock. Events come
// in batches (what waited while the previous batch ran): one engine transaction per batch, and the
// bus acknowledges a batch only after it committed.
import type { Bus, BusEvent, BusSubscription, DeviceStateEvent, ReadingEvent } from '../bus/index.ts';
import type { TermMapper } from '../context/index.ts';
import type { Logger } from '../kernel/index.ts';
import type { RuleEngine } from './engine.ts';
import { fromChange, fromDeviceState, fromReading, type Observed } from './observations.ts';

export interface RulesProcessorDeps {
  bus: Bus;
  log: Logger;
  engine: RuleEngine;
  terms: TermMapper;
  /** Entity type of a device's entity (device state events carry none). */
  entityTypeOf(tenant: string, deviceId: string): Promise<string | undefined>;
  tickMs: number;
  /** Prefix of the durable consumer names. */
  durable?: string;
  /** Most events evaluated in one transaction (default 500). */
  maxBatch?: number;
}

export function createRulesProcessor(deps: RulesProcessorDeps) {
  const durable = deps.durable ?? 'dosi-rules';
  const maxBatch = deps.maxBatch ?? 500;
  const subs: BusSubscription[] = [];
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;

  /**
   * One batch of events → observations → one engine call. If the batch fails, its events are tried one
   * by one, so one event that cannot be applied does not hold the others back; if one still fails, the
   * whole batch is redelivered (already applied observations are then ignored as not newer).
   */
  async function run(events: BusEvent[], toObserved: (e: BusEvent) => Promise<Observed[]>): Promise<void> {
    const per = await Promise.all(events.map(toObserved));
    try {
      await deps.engine.observeBatch(per.flat());
    } catch (err) {
      if (events.length === 1) throw err;
      deps.log.warn({ err, events: events.length }, 'rules batch failed; applying its events one by one');
      for (const list of per) await deps.engine.observeBatch(list);
    }
  }

  function tickNow(): void {
    if (ticking) return; // one tick at a time; a slow one skips the next
    ticking = deps.engine
      .tick()
      .then(() => undefined)
      .catch((err: unknown) => deps.log.error({ err }, 'rules timer tick failed'))
      .finally(() => {
        ticking = undefined;
      });
  }

  return {
    async start(): Promise<void> {
      const opts = (name: string) => ({ durable: `${durable}-${name}`, maxBatch });
      subs.push(
        await deps.bus.subscribeBatch(
          'dosi.reading.>',
          (evs) => run(evs, async (e) => fromReading(e.data as ReadingEvent)),
          opts('readings'),
        ),
        await deps.bus.subscribeBatch(
          'dosi.entity.>',
          (evs) => run(evs, async (e) => fromChange(e.data as never, deps.terms)),
          opts('entities'),
        ),
        await deps.bus.subscribeBatch(
          'dosi.device.>',
          (evs) =>
            run(evs, async (e) => {
              const d = e.data as DeviceStateEvent;
              const o = fromDeviceState(d, await deps.entityTypeOf(d.tenant, d.deviceId));
              return o ? [o] : [];
            }),
          opts('devices'),
        ),
      );
      timer = setInterval(tickNow, deps.tickMs);
      timer.unref();
    },

    /** Runs one tick now and waits for it (tests, shutdown). */
    async tick(): Promise<void> {
      tickNow();
      await ticking;
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await ticking;
      for (const s of subs.splice(0)) await s.close();
    },
  };
}

export type RulesProcessor = ReturnType<typeof createRulesProcessor>;
