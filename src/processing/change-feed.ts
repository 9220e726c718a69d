// Entity changes on the bus. Writers (the NGSI-LD API, the ingestion writer) publish every change;
// processing (subscriptions, later rules) hears them from the bus, so the two can run in different
// processes (DOSI_ROLE=ingest | process) with NATS JetStream in between.
import { randomUUID } from 'node:crypto';
import type { Bus, BusSubscription } from '../bus/types.ts';
import { subjects } from '../bus/types.ts';
import type { ChangeListener, EntityChange } from '../context/context.service.ts';
import type { Logger } from '../kernel/index.ts';

/** Publishes changes in order; resolves once the bus accepted them. */
export async function publishChanges(bus: Bus, changes: readonly EntityChange[]): Promise<void> {
  if (changes.length === 0) return;
  await bus.publishMany(
    changes.map((c) => ({ subject: subjects.entity(c.tenant, c.kind), data: c, id: `e:${randomUUID()}` })),
  );
}

function isChange(v: unknown): v is EntityChange {
  const c = v as Partial<EntityChange> | null;
  return (
    !!c &&
    typeof c.tenant === 'string' &&
    (c.kind === 'create' || c.kind === 'update' || c.kind === 'delete') &&
    Array.isArray(c.attrs)
  );
}

/**
 * A change source with the context service's onChange shape, fed by the bus. `durable` names the
 * consumer: processing nodes with the same name share the work, and a restarted node resumes.
 */
export function busChangeFeed(bus: Bus, log: Logger, durable = 'dosi-processing') {
  const listeners = new Set<ChangeListener>();
  let sub: BusSubscription | undefined;
  return {
    onChange(l: ChangeListener): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async start(): Promise<void> {
      sub = await bus.subscribe(
        'dosi.entity.>',
        async (data) => {
          if (!isChange(data)) {
            log.warn('malformed entity change on the bus; skipped');
            return;
          }
          for (const l of listeners) l(data);
        },
        { durable },
      );
    },
    async stop(): Promise<void> {
      await sub?.close();
    },
  };
}
