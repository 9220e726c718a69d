// Small pieces both bus implementations share: payload encoding, retry back-off and an abortable sleep.
import type { BusBatchHandler, BusHandler } from './types.ts';

/**
 * Attempts before the in-process bus (and a non-durable NATS subscription, which cannot ask the server
 * to redeliver) gives up on an event whose handler keeps throwing. Durable NATS consumers never give
 * up: the event stays in the stream and is redelivered with capped back-off.
 */
export const MAX_ATTEMPTS = 5;

/** Events handed to one call of a batch handler when the subscriber does not say. */
export const DEFAULT_MAX_BATCH = 100;

/** First retry delay; doubled per further attempt. */
export const RETRY_BASE_MS = 100;

/** Upper bound of one retry delay. */
export const RETRY_CAP_MS = 60_000;

/**
 * Events travel as JSON on both buses, so handlers see the same values (dates become strings,
 * `undefined` properties vanish) and every subscriber gets its own copy to mutate.
 */
export function encode(data: unknown): string {
  // JSON.stringify(undefined) is undefined; send null so decoding always works.
  return JSON.stringify(data) ?? 'null';
}

/** Delay before the next attempt after delivery number `deliveryCount` failed. */
export function backoffMs(deliveryCount: number, baseMs: number, capMs = RETRY_CAP_MS): number {
  const exp = Math.min(Math.max(deliveryCount - 1, 0), 30);
  return Math.min(capMs, baseMs * 2 ** exp);
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A batch handler that hands each event to a single-event handler (batches of one). */
export function single(handler: BusHandler): BusBatchHandler {
  return async (events) => {
    for (const e of events) await handler(e.data, e.meta);
  };
}
