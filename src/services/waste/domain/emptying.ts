// Emptying detection from a fill-level drop. A truck empties a bin in minutes, so a reading far below
// the recent level (by ≥ minDrop, to under `below`) is a candidate; the next reading confirms it when
// it stays low, and discards it as a sensor glitch when the level is back (ultrasonic sensors read
// short echoes off a lid or an insect now and then). The reference level is the median of the last
// readings, so a single high spike does not make a drop either.
import type { BinTrack, Emptying, FillSample } from './types.ts';

export interface EmptyingOptions {
  /** Minimum fall from the reference level (fraction). */
  minDrop: number;
  /** The level after the fall must be under this. */
  below: number;
  /** Readings older than this before the drop are not a reference. */
  windowMs: number;
  /** A confirming reading may have refilled this much above `below`. */
  tolerance: number;
  /** A detected emptying this close after a reported one is the same collection. */
  dedupeMs: number;
}

export const EMPTYING_DEFAULTS: EmptyingOptions = {
  minDrop: 0.3,
  below: 0.2,
  windowMs: 3 * 3_600_000,
  tolerance: 0.1,
  dedupeMs: 2 * 3_600_000,
};

/** How many readings the reference level is taken over. */
export const RECENT_MAX = 3;

export function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** The reference level before `atMs`: the median of the recent readings within the window. */
export function referenceLevel(recent: readonly FillSample[], atMs: number, windowMs: number) {
  const inWindow = recent.filter((r) => atMs - Date.parse(r.at) <= windowMs).map((r) => r.fill);
  return median(inWindow);
}

export type DropVerdict =
  | { kind: 'none' }
  | { kind: 'candidate'; fillBefore: number }
  | { kind: 'confirmed'; emptying: Emptying }
  | { kind: 'glitch' };

/** What a new reading means for emptying, given the bin's track before it. */
export function judgeReading(
  track: BinTrack,
  s: FillSample,
  o: EmptyingOptions = EMPTYING_DEFAULTS,
): DropVerdict {
  const c = track.candidate;
  if (c) {
    const stillLow = s.fill < o.below + o.tolerance || s.fill <= c.fillBefore - o.minDrop;
    if (!stillLow) return { kind: 'glitch' };
    const last = track.lastEmptiedAt ? Date.parse(track.lastEmptiedAt) : undefined;
    const cAt = Date.parse(c.at);
    if (last !== undefined && cAt >= last && cAt - last <= o.dedupeMs) return { kind: 'none' };
    return {
      kind: 'confirmed',
      emptying: { at: c.at, fillBefore: c.fillBefore, fillAfter: c.fillAfter, source: 'sensor' },
    };
  }
  const ref = referenceLevel(track.recent, Date.parse(s.at), o.windowMs);
  if (ref !== undefined && ref - s.fill >= o.minDrop && s.fill < o.below)
    return { kind: 'candidate', fillBefore: ref };
  return { kind: 'none' };
}
