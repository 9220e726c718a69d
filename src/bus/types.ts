// The event bus port: readings and entity changes travel on it so ingestion and processing (rules,
// subscriptions) can run in one process (in-process bus) or several (NATS JetStream).
//
// Subjects are dot-separated tokens, NATS style; `*` matches one token, `>` the rest:
//   dosi.reading.{tenant}.{entityType}   a validated, stored device reading (ReadingEvent)
//   dosi.entity.{tenant}.{kind}          an entity change (EntityChangeEvent), kind create|update|delete
//   dosi.device.{tenant}.{state}         a device went online|offline (DeviceStateEvent)

export interface BusMeta {
  subject: string;
  /** Unique id of the event (used for de-duplication on the durable bus). */
  id: string;
  /** 1 on first delivery; more after a handler failed or a process died before acknowledging. */
  deliveryCount: number;
}

export type BusHandler = (data: unknown, meta: BusMeta) => Promise<void>;

/** One delivered event of a batch. */
export interface BusEvent {
  data: unknown;
  meta: BusMeta;
}

/**
 * Handles the events that were waiting for a subscription, in order. The batch succeeds or fails as a
 * whole: on success every event is acknowledged; a throw redelivers every event of the batch.
 */
export type BusBatchHandler = (events: BusEvent[]) => Promise<void>;

export interface BusSubscribeOptions {
  /**
   * Durable consumer name: delivery resumes where it stopped after a restart, and processes using the
   * same name share the work (each event to one of them). Without it: ephemeral, every process gets all.
   */
  durable?: string;
}

export interface BusBatchOptions extends BusSubscribeOptions {
  /** Most events handed to one call (default 100). A batch holds what is waiting; it is never delayed to fill up. */
  maxBatch?: number;
}

export interface BusSubscription {
  close(): Promise<void>;
}

export interface Bus {
  readonly kind: 'memory' | 'nats';
  /** Resolves once the event is accepted (for NATS: stored by JetStream). */
  publish(subject: string, data: unknown, id: string): Promise<void>;
  /** Publishes in order; resolves once all are accepted. */
  publishMany(events: readonly { subject: string; data: unknown; id: string }[]): Promise<void>;
  /** A handler that throws is retried (redelivered) later; it must be idempotent. */
  subscribe(pattern: string, handler: BusHandler, opts?: BusSubscribeOptions): Promise<BusSubscription>;
  /**
   * As subscribe, but the handler gets the events waiting for it (up to maxBatch) in one call, so it can
   * commit their effects together; events are acknowledged only after the handler resolved.
   */
  subscribeBatch(pattern: string, handler: BusBatchHandler, opts?: BusBatchOptions): Promise<BusSubscription>;
  close(): Promise<void>;
}

/** One attribute value of a reading, after profile mapping and scaling. */
export interface ReadingValue {
  /** Short attribute name (the profile's `attr`). */
  attr: string;
  value: number | boolean | string | { type: 'Point'; coordinates: [number, number] };
  unitCode?: string;
  observedAt: string;
}

export interface ReadingEvent {
  tenant: string;
  deviceId: string;
  entityId: string;
  entityType: string;
  values: ReadingValue[];
  /** When dosi received it, and when it was durably stored (ISO 8601, UTC). */
  receivedAt: string;
  storedAt: string;
  transport: 'mqtt' | 'http' | 'chirpstack' | 'tts' | 'replay';
}

export interface DeviceStateEvent {
  tenant: string;
  deviceId: string;
  entityId: string;
  state: 'online' | 'offline';
  lastSeenAt: string | null;
  at: string;
}

export const subjects = {
  reading: (tenant: string, entityType: string) => `dosi.reading.${tenant}.${token(entityType)}`,
  entity: (tenant: string, kind: 'create' | 'update' | 'delete') => `dosi.entity.${tenant}.${kind}`,
  device: (tenant: string, state: 'online' | 'offline') => `dosi.device.${tenant}.${state}`,
} as const;

/** A subject token: no dots, spaces or wildcards. */
export function token(s: string): string {
  return s.replace(/[.\s*>]/g, '_') || '_';
}
