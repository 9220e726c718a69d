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

export interface BusSubscribeOptions {
  /**
   * Durable consumer name: delivery resumes where it stopped after a restart, and processes using the
   * same name share the work (each event to one of them). Without it: ephemeral, every process gets all.
   */
  durable?: string;
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
