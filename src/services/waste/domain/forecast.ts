// Time to the collection threshold: the fill is stepped forward hour by hour with the rate of each
// hour-of-week slot, and the crossing is interpolated inside the hour where it happens.
import { HOUR_MS } from './seoul-week.ts';
import { RATE_DEFAULTS, rateAt, type RateOptions } from './fill-rate.ts';
import type { RateModel } from './types.ts';

/** Forecasts look this far ahead; a bin that would not fill within it has no predicted time. */
export const HORIZON_HOURS = 21 * 24;

/** When the fill reaches `threshold` (ms), or null beyond the horizon. */
export function predictCrossing(
  model: RateModel,
  fill: number,
  atMs: number,
  threshold: number,
  o: RateOptions = RATE_DEFAULTS,
  horizonH = HORIZON_HOURS,
): number | null {
  if (fill >= threshold) return atMs;
  let level = fill;
  let t = atMs;
  const end = atMs + horizonH * HOUR_MS;
  while (t < end) {
    const next = Math.min(end, Math.floor(t / HOUR_MS) * HOUR_MS + HOUR_MS);
    const rate = rateAt(model, t, o);
    const gain = (rate * (next - t)) / HOUR_MS;
    if (rate > 0 && level + gain >= threshold) return t + ((threshold - level) / rate) * HOUR_MS;
    level += gain;
    t = next;
  }
  return null;
}

/** Will the bin cross its threshold before `beforeMs` (a shift plan's end)? */
export function willCrossBefore(
  model: RateModel,
  fill: number,
  atMs: number,
  threshold: number,
  beforeMs: number,
  o: RateOptions = RATE_DEFAULTS,
): boolean {
  const at = predictCrossing(model, fill, atMs, threshold, o, Math.max(0, (beforeMs - atMs) / HOUR_MS));
  return at !== null && at <= beforeMs;
}

export interface DueCandidate {
  id: string;
  predictedFullAt: string | null;
}

/** Bins predicted to cross before `beforeMs`, soonest first (ties by id, so the order is stable). */
export function selectDue<T extends DueCandidate>(bins: readonly T[], beforeMs: number): T[] {
  return bins
    .filter((b) => b.predictedFullAt !== null && Date.parse(b.predictedFullAt) <= beforeMs)
    .sort(
      (a, b) =>
        Date.parse(a.predictedFullAt ?? '') - Date.parse(b.predictedFullAt ?? '') || a.id.localeCompare(b.id),
    );
}

/** Expected fill at `targetMs` from `fill` at `atMs`, stepped hour by hour (no cap: > 1 is overflow). */
export function fillAt(
  model: RateModel,
  fill: number,
  atMs: number,
  targetMs: number,
  o: RateOptions = RATE_DEFAULTS,
): number {
  let level = fill;
  let t = atMs;
  while (t < targetMs) {
    const next = Math.min(targetMs, Math.floor(t / HOUR_MS) * HOUR_MS + HOUR_MS);
    level += (rateAt(model, t, o) * (next - t)) / HOUR_MS;
    t = next;
  }
  return level;
}
