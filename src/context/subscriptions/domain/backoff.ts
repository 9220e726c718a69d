// Retry schedule of notification deliveries: exponential (base, 2·base, 4·base, …), capped.
export const MAX_BACKOFF_MS = 5 * 60_000;

/** Delay before the next attempt, after `failedAttempts` (≥ 1) failures. */
export function backoffMs(failedAttempts: number, baseMs: number, capMs = MAX_BACKOFF_MS): number {
  const exp = Math.min(Math.max(failedAttempts - 1, 0), 30); // 2^30 · base exceeds any cap
  return Math.min(capMs, baseMs * 2 ** exp);
}
