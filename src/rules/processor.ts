// The rules processor on a processing node: hears readings, entity changes and device states from
// the bus with durable consumers (processes with the same names share the work, a restart resumes)
// and runs a timer that drives time-based rules and escalation with the injected clock.
import type { Bus, BusSubscription, DeviceStateEvent, ReadingEvent } from '../bus/index.ts';
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
}

export function createRulesProcessor(deps: RulesProcessorDeps) {
  const durable = deps.durable ?? 'dosi-rules';
  const subs: BusSubscription[] = [];
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;

  async function run(list: readonly Observed[]): Promise<void> {
    // A failure here (database down) throws: the bus redelivers the event later.
    for (const o of list) await deps.engine.observe(o.tenant, o.obs, o.entityType);
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
      subs.push(
        await deps.bus.subscribe('dosi.reading.>', (d) => run(fromReading(d as ReadingEvent)), {
          durable: `${durable}-readings`,
        }),
        await deps.bus.subscribe('dosi.entity.>', (d) => run(fromChange(d as never, deps.terms)), {
          durable: `${durable}-entities`,
        }),
        await deps.bus.subscribe(
          'dosi.device.>',
          async (d) => {
            const e = d as DeviceStateEvent;
            const o = fromDeviceState(e, await deps.entityTypeOf(e.tenant, e.deviceId));
            if (o) await run([o]);
          },
          { durable: `${durable}-devices` },
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
