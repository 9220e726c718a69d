// Entry point of the event bus: picks the in-process bus or NATS JetStream from the configuration.
import type { Logger } from '../kernel/logger.ts';
import { createMemoryBus } from './memory.ts';
import { createNatsBus, redactUrl } from './nats.ts';
import type { Bus } from './types.ts';

export * from './types.ts';
export { createMemoryBus, type MemoryBusOptions } from './memory.ts';
export { createNatsBus, type NatsBusOptions } from './nats.ts';
export { compilePattern, isValidPattern, isValidSubject, matchSubject } from './pattern.ts';

export interface CreateBusOptions {
  /** DOSI_NATS_URL; absent or empty = in-process bus. */
  natsUrl?: string | undefined;
  log: Logger;
  /** JetStream stream name (NATS only; default `DOSI`). */
  stream?: string;
  /** Subject root on the wire (NATS only; default `dosi`). */
  prefix?: string;
}

/** The in-process bus without a NATS URL; otherwise connects to NATS and ensures the stream. */
export async function createBus(opts: CreateBusOptions): Promise<Bus> {
  if (!opts.natsUrl) return createMemoryBus({ log: opts.log });
  try {
    return await createNatsBus({
      url: opts.natsUrl,
      log: opts.log,
      ...(opts.stream !== undefined ? { stream: opts.stream } : {}),
      ...(opts.prefix !== undefined ? { prefix: opts.prefix } : {}),
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `cannot start the event bus on NATS at DOSI_NATS_URL=${redactUrl(opts.natsUrl)}: ${reason} ` +
        '(start NATS with JetStream enabled, or unset DOSI_NATS_URL to use the in-process bus)',
      { cause: err },
    );
  }
}
