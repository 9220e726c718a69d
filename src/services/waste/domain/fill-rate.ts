// Fill-rate model per bin: fill increments per hour of the week (Asia/Seoul), learned with
// exponential smoothing, so the Monday-evening dinner peak and the Sunday lull are learned apart.
// An hour never seen falls back to the bin's mean rate, then to the city default.
import { HOUR_MS, hourOfWeek, hourStart } from './seoul-week.ts';
import type { FillSample, RateModel } from './types.ts';

export interface RateOptions {
  /** Smoothing of a slot per fully covered hour (0–1). */
  alpha: number;
  /** Smoothing of the bin mean per learned hour. */
  alphaMean: number;
  /** Fill per hour assumed for a bin the model knows nothing about. */
  cityDefault: number;
  /** Learned rates are clamped into this range (a compacting bag must not teach a big negative rate). */
  minRate: number;
  maxRate: number;
}

export const RATE_DEFAULTS: RateOptions = {
  alpha: 0.3,
  alphaMean: 0.05,
  cityDefault: 0.01,
  minRate: -0.05,
  maxRate: 0.5,
};

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Learns the interval from → to (≥ 1 h apart in practice): each hour slot it spans moves toward the rate. */
export function learn(
  model: RateModel,
  from: FillSample,
  to: FillSample,
  o: RateOptions = RATE_DEFAULTS,
): RateModel {
  const a = Date.parse(from.at);
  const b = Date.parse(to.at);
  if (!(b > a)) return model;
  const hours = (b - a) / HOUR_MS;
  const rate = clamp((to.fill - from.fill) / hours, o.minRate, o.maxRate);
  const slots = [...model.slots];
  for (let h = hourStart(a); h < b; h += HOUR_MS) {
    const covered = (Math.min(b, h + HOUR_MS) - Math.max(a, h)) / HOUR_MS;
    const i = hourOfWeek(h);
    const old = slots[i] ?? null;
    slots[i] = old === null ? rate : old + o.alpha * covered * (rate - old);
  }
  const w = Math.min(1, o.alphaMean * hours);
  const mean = model.mean === null ? rate : model.mean + w * (rate - model.mean);
  return { slots, mean, hours: model.hours + hours };
}

/** Expected fill per hour in the hour-of-week slot of `atMs` (never negative). */
export function rateAt(model: RateModel, atMs: number, o: RateOptions = RATE_DEFAULTS): number {
  const v = model.slots[hourOfWeek(atMs)] ?? model.mean ?? o.cityDefault;
  return Math.max(0, v);
}

/** Mean fill per hour over the next `hours` from `atMs` (what the API shows as the bin's rate). */
export function meanRateAhead(model: RateModel, atMs: number, hours = 24, o = RATE_DEFAULTS): number {
  let sum = 0;
  for (let i = 0; i < hours; i++) sum += rateAt(model, atMs + i * HOUR_MS, o);
  return sum / hours;
}
