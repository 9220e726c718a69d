// Delivers the notification outbox: claims due rows, sends them (HTTP or MQTT), records the outcome,
// retries with exponential back-off and parks a row as 'failed' after the last attempt (kept, never
// deleted). Woken on every new row; otherwise it sleeps until the next row is due (at most pollMs).
import type { Clock, Logger } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { backoffMs } from './domain/backoff.ts';
import type { Delivery, Notification } from './domain/notification.ts';
import type { OutboxRepository, OutboxRow } from './store/outbox.repository.ts';
import type { SubscriptionRepository } from './store/subscription.repository.ts';

export type Outcome = 'delivered' | 'retry' | 'failed';

export interface DeliveryEvent {
  outboxId: number;
  tenant: string;
  subscriptionId: string;
  outcome: Outcome;
  /** Attempts made so far, this one included. */
  attempts: number;
  error?: string;
}

export interface WorkerOptions {
  maxAttempts: number;
  backoffMs: number;
  timeoutMs: number;
  pollMs: number;
  batchSize: number;
}

export interface WorkerDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  outbox: OutboxRepository;
  subscriptions: SubscriptionRepository;
  send: (d: Delivery, payload: Notification) => Promise<void>;
  onOutcome: (e: DeliveryEvent) => void;
  options: WorkerOptions;
}

export function createDeliveryWorker(deps: WorkerDeps) {
  const o = deps.options;
  let running = false;
  let loop: Promise<void> | undefined;
  let woken = false;
  let wakeUp: (() => void) | undefined;
  const at = (offsetMs = 0) => new Date(deps.clock.now().getTime() + offsetMs).toISOString();

  function wake(): void {
    woken = true;
    wakeUp?.();
  }

  async function pause(ms: number): Promise<void> {
    if (woken) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wakeUp = undefined;
  }

  async function deliver(row: OutboxRow): Promise<void> {
    const attempts = row.attempts + 1;
    let error: string | undefined;
    try {
      await deps.send(row.delivery, row.payload);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const now = at();
    let outcome: Outcome = 'delivered';
    if (error === undefined) await deps.outbox.delivered(deps.db, row.id, now);
    else if (attempts >= o.maxAttempts) {
      outcome = 'failed';
      await deps.outbox.failed(deps.db, row.id, error);
    } else {
      outcome = 'retry';
      await deps.outbox.retry(deps.db, row.id, at(backoffMs(attempts, o.backoffMs)), error);
    }
    await deps.subscriptions.recordOutcome(deps.db, row.tenant, row.subscriptionId, error === undefined, now);
    if (error !== undefined)
      deps.log.warn(
        { subscription: row.subscriptionId, attempts, outcome, error },
        'notification delivery failed',
      );
    deps.onOutcome({
      outboxId: row.id,
      tenant: row.tenant,
      subscriptionId: row.subscriptionId,
      outcome,
      attempts,
      ...(error !== undefined ? { error } : {}),
    });
  }

  /** One round: rows of one subscription go in order, subscriptions in parallel. */
  async function round(): Promise<number> {
    const lease = o.timeoutMs * 2 + 30_000;
    const rows = await deps.outbox.claim(deps.db, at(), at(lease), o.batchSize);
    const bySub = new Map<string, OutboxRow[]>();
    for (const r of rows) {
      const key = `${r.tenant}\u0000${r.subscriptionId}`;
      bySub.set(key, [...(bySub.get(key) ?? []), r]);
    }
    await Promise.all(
      [...bySub.values()].map(async (list) => {
        for (const r of list) {
          await deliver(r).catch((err: unknown) =>
            deps.log.error({ err, outboxId: r.id }, 'recording a notification outcome failed'),
          );
        }
      }),
    );
    return rows.length;
  }

  async function idleMs(): Promise<number> {
    const due = await deps.outbox.nextDue(deps.db);
    if (due === undefined) return o.pollMs;
    return Math.min(o.pollMs, Math.max(0, Date.parse(due) - deps.clock.now().getTime()));
  }

  async function run(): Promise<void> {
    while (running) {
      woken = false;
      let wait = o.pollMs;
      try {
        const n = await round();
        wait = n >= o.batchSize ? 0 : await idleMs();
      } catch (err) {
        if (running) deps.log.error({ err }, 'notification delivery round failed');
      }
      if (running && wait > 0) await pause(wait);
    }
  }

  return {
    wake,
    start(): void {
      if (running) return;
      running = true;
      loop = run();
    },
    /** Stops claiming rows and waits for the deliveries in flight. */
    async stop(): Promise<void> {
      running = false;
      wake();
      await loop;
      loop = undefined;
    },
  };
}
