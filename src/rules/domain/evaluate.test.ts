import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, tick } from './evaluate.ts';
import { E1, rule, run, summary, value } from './test-support.ts';
import { emptyState } from './types.ts';

const T = (hhmmss: string) => `2026-03-02T${hhmmss}.000Z`;

describe('threshold', () => {
  const r = rule({ type: 'threshold', attr: 'temperature', op: '>', value: 30, forSec: 60, hysteresis: 2 });

  it('raises only after the breach held for the duration, via a tick', () => {
    const { effects, state } = run(r, [
      value('temperature', 31, T('10:00:00')),
      { tick: T('10:00:30') },
      value('temperature', 32, T('10:00:45')),
    ]);
    assert.deepEqual(effects, []);
    assert.equal(state.dueAt, T('10:01:00'));
    const after = run(r, [{ tick: T('10:01:00') }], state);
    assert.deepEqual(summary(after.effects), ['raise@10:01:00']);
    assert.equal(after.effects[0]!.entityId, E1);
  });

  it('forgets a breach that did not hold', () => {
    const { effects } = run(r, [
      value('temperature', 31, T('10:00:00')),
      value('temperature', 29, T('10:00:30')),
      value('temperature', 31, T('10:00:50')),
      { tick: T('10:01:10') },
      { tick: T('10:01:50') },
    ]);
    assert.deepEqual(summary(effects), ['raise@10:01:50']);
  });

  it('clears only below threshold − hysteresis', () => {
    const { effects, state } = run(r, [
      value('temperature', 35, T('10:00:00')),
      value('temperature', 35, T('10:01:00')),
      value('temperature', 29, T('10:02:00')),
      value('temperature', 28.5, T('10:03:00')),
      value('temperature', 27.9, T('10:04:00')),
    ]);
    assert.deepEqual(summary(effects), ['raise@10:01:00', 'clear@10:04:00']);
    assert.equal(state.active, false);
  });

  it('without a duration raises at once, and ignores repeated or older observations', () => {
    const r0 = rule({ type: 'threshold', attr: 'fill', op: '>=', value: 80 });
    const { effects } = run(r0, [
      value('fill', 85, T('10:00:00')),
      value('fill', 10, T('10:00:00')),
      value('fill', 10, T('09:00:00')),
      value('fill', 'text', T('10:05:00')),
      value('other', 10, T('10:06:00')),
    ]);
    assert.deepEqual(summary(effects), ['raise@10:00:00']);
  });

  it('works for "below" thresholds with hysteresis above', () => {
    const low = rule({ type: 'threshold', attr: 'battery', op: '<', value: 20, hysteresis: 5 });
    const { effects } = run(low, [
      value('battery', 19, T('10:00:00')),
      value('battery', 24, T('10:01:00')),
      value('battery', 26, T('10:02:00')),
    ]);
    assert.deepEqual(summary(effects), ['raise@10:00:00', 'clear@10:02:00']);
  });
});

describe('rate of change', () => {
  it('raises when the rise within the window reaches delta and clears when it no longer does', () => {
    const r = rule({ type: 'rateOfChange', attr: 'level', windowSec: 600, delta: 10, direction: 'rise' });
    const { effects, state } = run(r, [
      value('level', 100, T('10:00:00')),
      value('level', 105, T('10:05:00')),
      value('level', 111, T('10:09:00')), // +11 within 10 min
      value('level', 112, T('10:14:00')), // oldest in window is 105 → +7
      value('level', 90, T('10:20:00')), // a fall does not count for 'rise'
    ]);
    assert.deepEqual(summary(effects), ['raise@10:09:00', 'clear@10:14:00']);
    assert.equal(state.leaves['c']!.samples!.length, 2);
  });

  it('direction any catches a fall', () => {
    const r = rule({ type: 'rateOfChange', attr: 'level', windowSec: 60, delta: 5 });
    const { effects } = run(r, [value('level', 50, T('10:00:00')), value('level', 44, T('10:00:30'))]);
    assert.deepEqual(summary(effects), ['raise@10:00:30']);
    assert.equal(effects[0]!.detail['value'], -6);
  });
});

describe('geofence', () => {
  const square = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [127.2, 37.5],
        [127.22, 37.5],
        [127.22, 37.52],
        [127.2, 37.52],
        [127.2, 37.5],
      ] as [number, number][],
    ],
  };
  const pt = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });

  it('exit from a polygon raises when outside and clears on return', () => {
    const r = rule({ type: 'geofence', area: square, trigger: 'exit' });
    const { effects } = run(r, [
      value('location', pt(127.21, 37.51), T('10:00:00')),
      value('location', pt(127.25, 37.51), T('10:01:00')),
      value('location', pt(127.26, 37.51), T('10:02:00')),
      value('location', pt(127.21, 37.51), T('10:03:00')),
    ]);
    assert.deepEqual(summary(effects), ['raise@10:01:00', 'clear@10:03:00']);
  });

  it('enter into a circle (haversine radius) on a custom attribute', () => {
    const r = rule({
      type: 'geofence',
      attr: 'position',
      area: { type: 'Circle', center: [127.2148, 37.5392], radiusM: 100 },
      trigger: 'enter',
    });
    const { effects } = run(r, [
      value('position', pt(127.22, 37.5392), T('10:00:00')), // ~455 m east
      value('position', pt(127.2155, 37.5392), T('10:01:00')), // ~62 m
      value('location', pt(127.3, 37.5), T('10:02:00')), // another attribute: ignored
    ]);
    assert.deepEqual(summary(effects), ['raise@10:01:00']);
  });
});

describe('inactivity in daily Asia/Seoul windows', () => {
  // 08:00–20:00 KST = 23:00 (previous day)–11:00 UTC
  const r = rule({
    type: 'inactivity',
    attr: 'motion',
    windows: [{ start: '08:00', end: '20:00' }],
    forSec: 6 * 3600,
  });

  it('counts silence only from the window start (KST) and raises at start + 6 h', () => {
    const motion = value('motion', true, '2026-03-01T12:00:00.000Z'); // 21:00 KST, after the window
    const first = run(r, [motion]);
    assert.equal(first.state.dueAt, '2026-03-02T05:00:00.000Z'); // 08:00 KST + 6 h = 14:00 KST
    const early = run(r, [{ tick: '2026-03-02T04:59:59.000Z' }], first.state);
    assert.deepEqual(early.effects, []);
    const due = run(r, [{ tick: '2026-03-02T05:00:00.000Z' }], first.state);
    assert.deepEqual(
      due.effects.map((e) => e.kind),
      ['raise'],
    );
    const back = run(r, [value('motion', true, '2026-03-02T06:00:00.000Z')], due.state);
    assert.deepEqual(
      back.effects.map((e) => e.kind),
      ['clear'],
    );
  });

  it('motion=false is not activity; silence after the last motion inside the window counts', () => {
    const { effects } = run(r, [
      value('motion', true, '2026-03-02T00:00:00.000Z'), // 09:00 KST
      value('motion', false, '2026-03-02T03:00:00.000Z'),
      { tick: '2026-03-02T05:59:00.000Z' },
      { tick: '2026-03-02T06:00:00.000Z' }, // 15:00 KST = 09:00 + 6 h
    ]);
    assert.deepEqual(summary(effects), ['raise@06:00:00']);
  });

  it('a window across midnight (22:00–06:00 KST, 3 h) fires at 01:00 KST, not in the daytime', () => {
    const night = rule({
      type: 'inactivity',
      windows: [{ start: '22:00', end: '06:00' }],
      forSec: 3 * 3600,
    });
    const seen = run(night, [value('motion', 1, '2026-03-02T03:00:00.000Z')]); // 12:00 KST
    assert.equal(seen.state.dueAt, '2026-03-02T16:00:00.000Z'); // 22:00 KST + 3 h = 01:00 KST on 3 March
    const noon = run(night, [{ tick: '2026-03-02T08:00:00.000Z' }], seen.state); // 17:00 KST
    assert.deepEqual(noon.effects, []);
    const late = run(night, [{ tick: '2026-03-02T16:00:00.000Z' }], seen.state);
    assert.deepEqual(
      late.effects.map((e) => e.kind),
      ['raise'],
    );
  });

  it('a window that does not fit today moves the due time to the next occurrence', () => {
    const motion = value('motion', true, '2026-03-02T07:00:00.000Z'); // 16:00 KST: 4 h left in the window
    const s = run(r, [motion]).state;
    assert.equal(s.dueAt, '2026-03-03T05:00:00.000Z'); // tomorrow 14:00 KST
  });
});

describe('device offline', () => {
  it('raises on offline and clears on online', () => {
    const r = rule({ type: 'deviceOffline' });
    const dev = (state: 'online' | 'offline', at: string) => ({
      kind: 'device' as const,
      entityId: E1,
      state,
      at,
    });
    const { effects } = run(r, [
      dev('online', T('10:00:00')),
      dev('offline', T('10:10:00')),
      dev('offline', T('10:20:00')),
      dev('online', T('10:30:00')),
    ]);
    assert.deepEqual(summary(effects), ['raise@10:10:00', 'clear@10:30:00']);
  });
});

describe('all / any within a window', () => {
  const smoke = { type: 'threshold' as const, attr: 'smoke', op: '>=' as const, value: 1 };
  const heat = { type: 'threshold' as const, attr: 'temperature', op: '>' as const, value: 57 };

  it('all: raises when both held within withinSec, not when they were too far apart', () => {
    const r = rule({ type: 'all', conditions: [smoke, heat], withinSec: 120 });
    const near = run(r, [
      value('smoke', 1, T('10:00:00')),
      value('smoke', 0, T('10:00:30')),
      value('temperature', 60, T('10:01:30')),
    ]);
    assert.deepEqual(summary(near.effects), ['raise@10:01:30']);
    const far = run(r, [
      value('smoke', 1, T('10:00:00')),
      value('smoke', 0, T('10:00:30')),
      value('temperature', 60, T('10:03:00')),
    ]);
    assert.deepEqual(far.effects, []);
  });

  it('all: the latched member expires by a tick and the alarm clears', () => {
    const r = rule({ type: 'all', conditions: [smoke, heat], withinSec: 60 });
    const { effects, state } = run(r, [
      value('smoke', 1, T('10:00:00')),
      value('temperature', 60, T('10:00:10')),
      value('smoke', 0, T('10:00:20')),
    ]);
    assert.deepEqual(summary(effects), ['raise@10:00:10']);
    assert.ok(state.dueAt && state.dueAt > T('10:01:20'));
    const later = run(r, [{ tick: state.dueAt }], state);
    assert.deepEqual(
      later.effects.map((e) => e.kind),
      ['clear'],
    );
  });

  it('any: one member is enough', () => {
    const r = rule({ type: 'any', conditions: [smoke, heat] });
    const { effects } = run(r, [value('temperature', 58, T('10:00:00')), value('smoke', 1, T('10:00:10'))]);
    assert.deepEqual(summary(effects), ['raise@10:00:00']);
  });
});

describe('evaluate()', () => {
  it('is pure: the input state is not changed', () => {
    const r = rule({ type: 'threshold', attr: 'x', op: '>', value: 1 });
    const s = emptyState();
    const copy = structuredClone(s);
    const res = evaluate(r, s, value('x', 5, T('10:00:00')), new Date(T('10:00:00')));
    assert.deepEqual(s, copy);
    assert.equal(res.state.active, true);
    assert.equal(tick(r, E1, res.state, new Date(T('10:10:00'))).effects.length, 0);
  });
});
