// Turns one committed entity change into outbox rows, one per subscription it triggers
// (NGSI-LD 1.8 §5.8.1, §5.11). Runs right after the entity transaction commits, in its own
// transaction per subscription.
//
// Known limitation: the outbox row is not written in the entity's transaction, so a crash between
// that commit and this insert loses the notification of that one change. Closing the gap needs the
// context service to write outbox rows inside its transaction (or a change log to replay).
import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { ActiveContext, ContextResolver } from '../jsonld/index.ts';
import type { EntityChange } from '../context.service.ts';
import { matches } from './domain/match.ts';
import { buildNotification } from './domain/notification.ts';
import type { Subscription } from './domain/types.ts';
import type { OutboxRepository } from './store/outbox.repository.ts';
import type { StoredSubscription, SubscriptionRepository } from './store/subscription.repository.ts';

/** How long the live subscriptions of a tenant are reused between reads. */
export const LIVE_TTL_MS = 1000;

export interface ChangeHandlerDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  contexts: ContextResolver;
  subscriptions: SubscriptionRepository;
  outbox: OutboxRepository;
  /** Called when rows were queued, to wake the delivery worker. */
  queued: () => void;
}

export function createChangeHandler(deps: ChangeHandlerDeps) {
  /** The subscriber's @context; if it cannot be resolved any more, the Core @context. */
  async function contextOf(sub: Subscription): Promise<ActiveContext> {
    try {
      return await deps.contexts.resolve(sub.jsonldContext ?? sub.context);
    } catch (err) {
      deps.log.warn(
        { err, subscription: sub.id },
        'subscription @context unavailable; notifying with the Core @context',
      );
      return deps.contexts.core;
    }
  }

  async function enqueue(
    tenant: string,
    s: StoredSubscription,
    c: EntityChange,
    now: string,
  ): Promise<boolean> {
    const ctx = await contextOf(s.sub);
    if (!matches(s.sub, s.status, c, { now, expand: (t) => ctx.expandTerm(t) })) return false;
    const { payload, delivery } = buildNotification({
      sub: s.sub,
      change: c,
      tenant,
      terms: ctx,
      context: s.sub.jsonldContext ?? ctx.asJsonLdContext(),
      linkUrl: s.sub.jsonldContext ?? ctx.linkUrl ?? ctx.contextUrls[0],
      id: `urn:ngsi-ld:Notification:${randomUUID()}`,
      now,
    });
    return deps.db.tx(async (q) => {
      if (!(await deps.subscriptions.claimTrigger(q, tenant, s.sub.id, now))) return false; // throttled meanwhile
      await deps.outbox.insert(q, tenant, s.sub.id, payload, delivery, now);
      return true;
    });
  }

  // The live subscriptions of a tenant, read at most once per LIVE_TTL_MS instead of once per change
  // (a city's sensors change thousands of entities a second). Writes through this process drop the
  // tenant's entry at once; a subscription written by another process is seen within LIVE_TTL_MS.
  // matches() checks isActive, expiry and throttling again at `now`, and claimTrigger() re-checks
  // throttling in the database, so a cached row never causes a notification that should not be sent.
  const cache = new Map<string, { at: number; live: Promise<StoredSubscription[]> }>();

  function liveOf(tenant: string, now: string): Promise<StoredSubscription[]> {
    const t = Date.now();
    const hit = cache.get(tenant);
    if (hit && t - hit.at < LIVE_TTL_MS) return hit.live;
    const live = deps.subscriptions.live(deps.db, tenant, now);
    cache.set(tenant, { at: t, live });
    live.catch(() => cache.delete(tenant));
    return live;
  }

  /** Returns how many notifications were queued. */
  async function handle(c: EntityChange): Promise<number> {
    const now = deps.clock.now().toISOString();
    const live = await liveOf(c.tenant, now);
    let n = 0;
    for (const s of live) {
      try {
        if (await enqueue(c.tenant, s, c, now)) n++;
      } catch (err) {
        deps.log.error(
          { err, subscription: s.sub.id, entity: (c.after ?? c.before)?.id },
          'queueing a notification failed; this change is not notified',
        );
      }
    }
    if (n > 0) deps.queued();
    return n;
  }

  return {
    handle,
    /** Forgets the cached subscriptions of a tenant (after a create, update or delete). */
    invalidate(tenant: string): void {
      cache.delete(tenant);
    },
  };
}
