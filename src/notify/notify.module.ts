// Wires notifications: the service, the outbox worker and the hand-over listener (processing nodes),
// and the WebSocket hub (every node serving HTTP). server.ts creates one.
import type { Bus, BusSubscription } from '../bus/index.ts';
import type { Clock, Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { createDeliveryWorker } from './delivery-worker.ts';
import { createMailer } from './mailer.ts';
import { createHandover, type Scene } from './handover.ts';
import { createNotifyService, type IncidentFacts } from './notify.service.ts';
import { createStreamHub } from './stream.ts';

export interface NotifyModuleDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  bus: Bus;
  config: {
    notifyTimeoutMs: number;
    notifyMaxAttempts: number;
    notifyBackoffMs: number;
    capSender: string;
    smtpUrl?: string | undefined;
  };
  compact: (iri: string) => string;
  scene: (tenant: string, alarmId: string) => Promise<Scene>;
  /** Categories of alarms, for the hand-over of an incident. */
  alarmCategories: (tenant: string, alarmIds: string[]) => Promise<string[]>;
  incident: (tenant: string, id: string) => Promise<IncidentFacts>;
}

export function createNotifyModule(deps: NotifyModuleDeps) {
  const service = createNotifyService({
    db: deps.db,
    clock: deps.clock,
    capSender: deps.config.capSender,
    incident: deps.incident,
  });
  const mailer = deps.config.smtpUrl ? createMailer(deps.config.smtpUrl, deps.config.capSender) : undefined;
  const worker = createDeliveryWorker({
    mail: mailer?.send,
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    timeoutMs: deps.config.notifyTimeoutMs,
    maxAttempts: deps.config.notifyMaxAttempts,
    backoffMs: deps.config.notifyBackoffMs,
  });
  const handover = createHandover({
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    scene: deps.scene,
    alarmCategories: deps.alarmCategories,
    onEnqueued: () => worker.kick(),
  });
  const hub = createStreamHub({ bus: deps.bus, log: deps.log, compact: deps.compact, throttleMs: 1000 });
  const subs: BusSubscription[] = [];
  return {
    service,
    hub,
    worker,
    /** Hand-overs and deliveries: on processing nodes (one durable consumer shares the work). */
    async startProcessing(): Promise<void> {
      for (const pattern of ['dosi.alarm.*.dispatched', 'dosi.incident.*.dispatched'])
        subs.push(
          await deps.bus.subscribe(pattern, async (d, meta) => void (await handover(d, meta.id)), {
            durable: `dosi-notify-${pattern.split('.')[1]}`,
          }),
        );
      worker.start();
    },
    async startStream(): Promise<void> {
      await hub.start();
    },
    async stop(): Promise<void> {
      await Promise.all(subs.splice(0).map((s) => s.close()));
      await worker.stop();
      mailer?.close();
      await hub.stop();
    },
  };
}

export type NotifyModule = ReturnType<typeof createNotifyModule>;
