import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { observe, reportEmptied } from './track.ts';
import { emptyTrack, type BinTrack, type Emptying } from './types.ts';

const T0 = Date.parse('2026-03-02T00:00:00Z'); // Monday 09:00 Seoul
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

/** Feeds [minute, fill] readings; returns the final track and the emptyings found. */
function feed(readings: [number, number][], start: BinTrack = emptyTrack()) {
  let track = start;
  const found: Emptying[] = [];
  for (const [m, fill] of readings) {
    const o = observe(track, { at: at(m), fill });
    track = o.track;
    if (o.emptying) found.push(o.emptying);
  }
  return { track, found };
}

describe('emptying detection', () => {
  it('a drop of ≥ 0.3 to under 0.2, confirmed by the next reading, is one emptying at the drop', () => {
    const { found, track } = feed([
      [0, 0.7],
      [10, 0.72],
      [20, 0.73],
      [30, 0.05],
      [40, 0.06],
      [50, 0.07],
    ]);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.at, at(30));
    assert.equal(found[0]?.fillBefore, 0.72); // median of 0.7, 0.72, 0.73
    assert.equal(found[0]?.fillAfter, 0.05);
    assert.equal(found[0]?.source, 'sensor');
    assert.equal(track.lastEmptiedAt, at(30));
    assert.equal(track.cycleStart?.at, at(40));
  });

  it('a single low glitch that bounces back is not an emptying', () => {
    const { found, track } = feed([
      [0, 0.6],
      [10, 0.61],
      [20, 0.02],
      [30, 0.62],
      [40, 0.63],
    ]);
    assert.equal(found.length, 0);
    assert.equal(track.last?.fill, 0.63);
    assert.equal(track.lastEmptiedAt, undefined);
  });

  it('sensor noise of a few percent and a single high spike never make an emptying', () => {
    const noisy: [number, number][] = [];
    for (let i = 0; i < 60; i++) noisy.push([i * 10, 0.2 + 0.003 * i + (i % 2 ? 0.02 : -0.02)]);
    noisy.splice(20, 0, [195, 0.95]); // one echo off the lid
    assert.equal(feed(noisy).found.length, 0);
  });

  it('a drop that stays above 0.2 (a partial pick-up or compaction) is not an emptying', () => {
    assert.equal(
      feed([
        [0, 0.9],
        [10, 0.9],
        [20, 0.45],
        [30, 0.46],
      ]).found.length,
      0,
    );
  });

  it('readings older than the newest are ignored (redelivery, late arrivals)', () => {
    const { track } = feed([
      [0, 0.3],
      [10, 0.31],
    ]);
    const o = observe(track, { at: at(5), fill: 0.9 });
    assert.equal(o.track, track);
    assert.equal(o.emptying, undefined);
  });

  it('a drop right after a reported emptying is the same collection, not a second one', () => {
    const before = feed([
      [0, 0.8],
      [10, 0.81],
    ]).track;
    const reported = reportEmptied(before, at(12));
    assert.equal(reported.emptying?.source, 'report');
    assert.equal(reported.emptying?.fillBefore, 0.81);
    // The sensor only sees the new cycle: no reference level, so nothing to detect.
    const { found } = feed(
      [
        [20, 0.02],
        [30, 0.03],
      ],
      reported.track,
    );
    assert.equal(found.length, 0);
  });
});
