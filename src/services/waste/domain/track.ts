// One bin's incremental state: each fill reading updates emptying detection and the rate model.
// Pure: (track, reading) → (track, emptying?). Out-of-order readings (older than the newest) are ignored.
import { EMPTYING_DEFAULTS, RECENT_MAX, judgeReading, type EmptyingOptions } from './emptying.ts';
import { RATE_DEFAULTS, learn, type RateOptions } from './fill-rate.ts';
import { HOUR_MS } from './seoul-week.ts';
import type { BinTrack, Emptying, FillSample } from './types.ts';

export interface TrackOptions {
  emptying: EmptyingOptions;
  rate: RateOptions;
  /** Learn once the interval since the anchor is at least this long (noise shrinks with the interval). */
  learnAfterMs: number;
  /** A longer silence re-anchors without learning (the sensor was off; the gap says nothing per hour). */
  maxGapMs: number;
}

export const TRACK_DEFAULTS: TrackOptions = {
  emptying: EMPTYING_DEFAULTS,
  rate: RATE_DEFAULTS,
  learnAfterMs: HOUR_MS,
  maxGapMs: 24 * HOUR_MS,
};

export interface Observed {
  track: BinTrack;
  emptying?: Emptying;
}

const pushRecent = (recent: readonly FillSample[], s: FillSample) => [...recent, s].slice(-RECENT_MAX);

/** Mean fill per hour since the cycle started (null before an hour of it). */
export function rateSinceEmptying(t: BinTrack): number | null {
  if (!t.cycleStart || !t.last) return null;
  const h = (Date.parse(t.last.at) - Date.parse(t.cycleStart.at)) / HOUR_MS;
  return h >= 1 ? (t.last.fill - t.cycleStart.fill) / h : null;
}

/** Restarts the fill cycle at `s` (after an emptying). */
function restart(t: BinTrack, s: FillSample, emptiedAt: string): BinTrack {
  const { candidate: _c, ...rest } = t;
  return { ...rest, last: s, anchor: s, recent: [s], lastEmptiedAt: emptiedAt, cycleStart: s };
}

function advance(t: BinTrack, s: FillSample, o: TrackOptions): BinTrack {
  const { candidate: _c, ...rest } = t;
  const next: BinTrack = { ...rest, last: s, recent: pushRecent(t.recent, s), cycleStart: t.cycleStart ?? s };
  const anchor = t.anchor;
  if (!anchor) return { ...next, anchor: s };
  const gap = Date.parse(s.at) - Date.parse(anchor.at);
  if (gap > o.maxGapMs) return { ...next, anchor: s };
  if (gap < o.learnAfterMs) return next;
  return { ...next, model: learn(t.model, anchor, s, o.rate), anchor: s };
}

export function observe(track: BinTrack, s: FillSample, o: TrackOptions = TRACK_DEFAULTS): Observed {
  if (track.last && Date.parse(s.at) <= Date.parse(track.last.at)) return { track };
  const v = judgeReading(track, s, o.emptying);
  switch (v.kind) {
    case 'candidate':
      return {
        track: {
          ...track,
          last: s,
          candidate: { at: s.at, fillBefore: v.fillBefore, fillAfter: s.fill },
        },
      };
    case 'confirmed':
      return { track: restart(track, s, v.emptying.at), emptying: v.emptying };
    case 'glitch':
      return { track: advance(track, s, o) };
    case 'none':
      // A confirmed drop right after a reported emptying: the same collection, a new cycle all the same.
      return track.candidate
        ? { track: restart(track, s, track.lastEmptiedAt ?? track.candidate.at) }
        : { track: advance(track, s, o) };
  }
}

/** A truck reported the bin emptied at `at`: a new cycle starts from the next reading. */
export function reportEmptied(track: BinTrack, at: string): Observed {
  const { candidate: _c, anchor: _a, cycleStart: _s, ...rest } = track;
  return {
    track: { ...rest, recent: [], lastEmptiedAt: at },
    emptying: { at, fillBefore: track.last?.fill ?? null, fillAfter: null, source: 'report' },
  };
}
