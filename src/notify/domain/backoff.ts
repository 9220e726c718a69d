// Retry schedule of agency deliveries: base × 2^(attempt−1), capped at 5 minutes. Pure.
export const MAX_DELAY_MS = 300_000;

export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
}
