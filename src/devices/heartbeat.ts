// Liveness: a device is online from its first reading (markSeen) until it has been silent for more
// than 3 × its profile's reporting interval; this monitor finds those and reports them offline.
// Safe with several processes: each silent device is switched by exactly one UPDATE.
import type { DeviceStateEvent } from '../bus/types.ts';
import type { Clock, Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { markSilentOffline } from './repository.ts';

export interface HeartbeatMonitorDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** How often to look for silent devices. */
  intervalMs: number;
  /** Called for each device that went offline (after the UPDATE committed). */
  onChange: (e: DeviceStateEvent) => void;
}

export interface HeartbeatMonitor {
  start(): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
  /** One pass; returns the events it emitted. */
  runOnce(): Promise<DeviceStateEvent[]>;
}

export function createHeartbeatMonitor(deps: HeartbeatMonitorDeps): HeartbeatMonitor {
  const log = deps.log.child({ module: 'devices.heartbeat' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function runOnce(): Promise<DeviceStateEvent[]> {
    const at = deps.clock.now().toISOString();
    const gone = await markSilentOffline(deps.db, at);
    const events = gone.map((d): DeviceStateEvent => ({
      tenant: d.tenant,
      deviceId: d.id,
      entityId: d.entityId,
      state: 'offline',
      lastSeenAt: d.lastSeenAt,
      at,
    }));
    for (const e of events) {
      try {
        deps.onChange(e);
      } catch (err) {
        log.error({ err, tenant: e.tenant, device: e.deviceId }, 'device state listener failed');
      }
    }
    if (events.length > 0) log.info({ count: events.length }, 'devices went offline');
    return events;
  }

  function tick(): void {
    if (running) return; // a slow pass is not overlapped by the next one
    running = runOnce()
      .catch((err: unknown) => log.error({ err }, 'heartbeat pass failed'))
      .finally(() => {
        running = undefined;
      });
  }

  return {
    start() {
      if (timer) return;
      timer = setInterval(tick, deps.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
    runOnce,
  };
}
