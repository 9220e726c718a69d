// Use cases of NGSI-LD subscriptions (ETSI GS CIM 009 v1.8 §5.8, §5.11): CRUD, the entity-change
// listener that fills the notification outbox, and the delivery worker that empties it.
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/index.ts';
import { DosiError, E, type Clock, type Logger } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { ActiveContext, ContextResolver } from '../jsonld/index.ts';
import type { ContextService, EntityChange } from '../context.service.ts';
import type { TermMapper } from '../ngsi/terms.ts';
import { createChangeHandler } from './change-handler.ts';
import { createDeliveryWorker, type DeliveryEvent, type Outcome } from './delivery-worker.ts';
import { renderSubscription } from './domain/render.ts';
import type { Subscription } from './domain/types.ts';
import { applyFragment, validateSubscription, type ValidateInput } from './domain/validate.ts';
import { postNotification } from './notifier/http.ts';
import { createMqttNotifier } from './notifier/mqtt.ts';
import { createOutboxRepository } from './store/outbox.repository.ts';
import { createSubscriptionRepository, type StoredSubscription } from './store/subscription.repository.ts';

/** The part of a prom-client Counter used here (dosi_notifications_total). */
export interface OutcomeCounter {
  inc(labels: { outcome: Outcome }): void;
}

export interface SubscriptionServiceDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  contexts: ContextResolver;
  context: Pick<ContextService, 'onChange'>;
  config: Pick<Config, 'notifyTimeoutMs' | 'notifyMaxAttempts' | 'notifyBackoffMs'>;
  metrics?: { notifications: OutcomeCounter } | undefined;
  /** Longest sleep of the delivery worker between rounds (default 1000 ms). */
  pollMs?: number;
}

export interface ListResult {
  items: StoredSubscription[];
  count?: number;
}

const notFound = (id: string) => new DosiError(E.NGSI_NOT_FOUND, { what: 'Subscription', id });

export function createSubscriptionService(deps: SubscriptionServiceDeps) {
  const log = deps.log.child({ module: 'subscriptions' });
  const repo = createSubscriptionRepository();
  const outbox = createOutboxRepository();
  const mqtt = createMqttNotifier({ timeoutMs: deps.config.notifyTimeoutMs, log });
  const listeners = new Set<(e: DeliveryEvent) => void>();
  const inFlight = new Set<Promise<unknown>>();
  const chains = new Map<string, Promise<unknown>>();
  const now = () => deps.clock.now().toISOString();
  let unsubscribe: (() => void) | undefined;

  const worker = createDeliveryWorker({
    db: deps.db,
    clock: deps.clock,
    log,
    outbox,
    subscriptions: repo,
    send: (d, payload) =>
      /^mqtts?:/i.test(d.uri)
        ? mqtt.send(d, payload)
        : postNotification(d, payload, deps.config.notifyTimeoutMs),
    onOutcome: (e) => {
      deps.metrics?.notifications.inc({ outcome: e.outcome });
      for (const l of listeners) l(e);
    },
    options: {
      maxAttempts: deps.config.notifyMaxAttempts,
      backoffMs: deps.config.notifyBackoffMs,
      timeoutMs: deps.config.notifyTimeoutMs,
      pollMs: deps.pollMs ?? 1000,
      batchSize: 32,
    },
  });
  const changes = createChangeHandler({
    db: deps.db,
    clock: deps.clock,
    log,
    contexts: deps.contexts,
    subscriptions: repo,
    outbox,
    queued: () => worker.wake(),
  });

  /**
   * Changes of one tenant are matched one after the other, in commit order, so a subscriber's
   * notifications are queued in the order the changes happened.
   */
  function hear(c: EntityChange): void {
    const prev = chains.get(c.tenant) ?? Promise.resolve();
    const p = prev
      .then(() => changes.handle(c))
      .catch((err: unknown) => log.error({ err }, 'subscription matching failed'));
    chains.set(c.tenant, p);
    inFlight.add(p);
    void p.finally(() => {
      inFlight.delete(p);
      if (chains.get(c.tenant) === p) chains.delete(c.tenant);
    });
  }

  /** Resolves once every change heard so far has been matched and its notifications queued. */
  async function settled(): Promise<void> {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  }

  const input = (ctx: ActiveContext): ValidateInput => ({
    terms: ctx,
    now: now(),
    context: ctx.isCoreOnly ? undefined : ctx.asJsonLdContext(),
    newId: () => `urn:ngsi-ld:Subscription:${randomUUID()}`,
  });

  return {
    /** §5.8.1 */
    async create(tenant: string, body: unknown, ctx: ActiveContext): Promise<Subscription> {
      const sub = validateSubscription(body, input(ctx));
      if (!(await repo.insert(deps.db, tenant, sub)))
        throw new DosiError(E.NGSI_EXISTS, { what: 'Subscription', id: sub.id });
      changes.invalidate(tenant);
      return sub;
    },

    /** §5.8.3 */
    async get(tenant: string, id: string): Promise<StoredSubscription> {
      const s = await repo.get(deps.db, tenant, id);
      if (!s) throw notFound(id);
      return s;
    },

    /** §5.8.4 */
    async list(tenant: string, page: { limit: number; offset: number }, count: boolean): Promise<ListResult> {
      const items = page.limit === 0 ? [] : await repo.list(deps.db, tenant, page);
      return count ? { items, count: await repo.count(deps.db, tenant) } : { items };
    },

    /** §5.8.2 */
    async update(tenant: string, id: string, body: unknown, ctx: ActiveContext): Promise<void> {
      await deps.db.tx(async (q) => {
        const s = await repo.get(q, tenant, id, true);
        if (!s) throw notFound(id);
        await repo.replace(q, tenant, applyFragment(s.sub, body, input(ctx)));
      });
      changes.invalidate(tenant);
    },

    /** §5.8.5: notifications still queued for it are parked as failed, with the reason. */
    async delete(tenant: string, id: string): Promise<void> {
      await deps.db.tx(async (q) => {
        if (!(await repo.delete(q, tenant, id))) throw notFound(id);
        await outbox.cancel(q, tenant, id, 'subscription deleted');
      });
      changes.invalidate(tenant);
    },

    render(s: StoredSubscription, terms: TermMapper, opts: { sysAttrs: boolean }): Record<string, unknown> {
      return renderSubscription(s.sub, s.status, terms, { now: now(), sysAttrs: opts.sysAttrs });
    },

    /** Hears every delivery outcome (tests, monitoring). */
    onOutcome(l: (e: DeliveryEvent) => void): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },

    settled,

    /** Listens to entity changes and starts delivering. */
    start(): void {
      unsubscribe ??= deps.context.onChange(hear);
      worker.start();
    },

    /** Stops listening, finishes queueing and the deliveries in flight, closes MQTT connections. */
    async stop(): Promise<void> {
      unsubscribe?.();
      unsubscribe = undefined;
      await settled();
      await worker.stop();
      await mqtt.close();
    },
  };
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
