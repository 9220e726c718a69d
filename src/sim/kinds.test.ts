import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttributeMapping } from '../devices/types.ts';
import {
  KINDS,
  initialState,
  kindOf,
  payloadOf,
  wasteGrowth,
  type ProfileInput,
  type SimKind,
} from './kinds.ts';
import { createRng } from './rng.ts';
import { seoulTime, sunTimes } from './seoul-time.ts';

/** What dosi's ingestion checks of a JSON reading, reduced to what the profiles use. */
function violations(profile: ProfileInput, values: Record<string, unknown>): string[] {
  const out: string[] = [];
  const byKey = new Map<string, AttributeMapping>(profile.attributes.map((a) => [a.key, a]));
  for (const [k, v] of Object.entries(values)) {
    if (k === 'ts') {
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) out.push(`ts ${String(v)}`);
      continue;
    }
    const m = byKey.get(k);
    if (!m) {
      out.push(`unknown key ${k}`);
      continue;
    }
    if (m.type === 'boolean') {
      if (typeof v !== 'boolean') out.push(`${k} not boolean`);
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      out.push(`${k} not a number`);
      continue;
    }
    if (m.type === 'integer' && !Number.isInteger(v)) out.push(`${k}=${v} not integer`);
    const stored = v * (m.scale ?? 1) + (m.offset ?? 0); // the range applies after scaling, as in ingest
    if (m.min !== undefined && stored < m.min) out.push(`${k}=${v} < ${m.min}`);
    if (m.max !== undefined && stored > m.max) out.push(`${k}=${v} > ${m.max}`);
  }
  for (const m of profile.attributes) if (m.required && !(m.key in values)) out.push(`missing ${m.key}`);
  return out;
}

/** Local Seoul time → Date. */
const kst = (y: number, mo: number, d: number, h: number, mi = 0): Date =>
  new Date(Date.UTC(y, mo - 1, d, h - 9, mi));

function fleet(kind: SimKind, n: number) {
  return Array.from({ length: n }, (_, i) => initialState(kind, 'hanam', `${kind.idPrefix}-${i}`));
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('device kind catalogue', () => {
  it('has the seven kinds with profiles in UN/CEFACT units', () => {
    assert.deepEqual(
      KINDS.map((k) => `${k.kind}:${k.entityType}`),
      [
        'waste:WasteContainer',
        'water:WaterMeter',
        'air:AirQualityObserved',
        'smoke:SmokeDetector',
        'tilt:TiltSensor',
        'light:Streetlight',
        'parking:ParkingSpot',
      ],
    );
    assert.ok(Math.abs(KINDS.reduce((a, k) => a + k.share, 0) - 1) < 1e-9);
    const units = Object.fromEntries(
      KINDS.flatMap((k) =>
        k.profile('hanam').attributes.map((a) => [`${k.kind}.${a.key}`, a.unitCode ?? '-']),
      ),
    );
    assert.deepEqual(units, {
      'waste.fill': 'C62',
      'waste.temp': 'CEL',
      'water.vol': 'MTQ',
      'water.flow': 'MQH',
      'air.pm10': 'GQ',
      'air.pm25': 'GQ',
      'air.temp': 'CEL',
      'air.hum': 'P1',
      'smoke.smoke': '-',
      'smoke.bat': 'P1',
      'smoke.temp': 'CEL',
      'tilt.tiltX': 'DD',
      'tilt.tiltY': 'DD',
      'tilt.vib': 'C16',
      'light.on': '-',
      'light.w': 'WTT',
      'light.kwh': 'KWH',
      'parking.occ': '-',
    });
    const p = kindOf('water').profile('hanam', 'sim-water-meter');
    assert.equal(p.tenant, 'hanam');
    assert.equal(p.id, 'sim-water-meter');
    assert.equal(p.entityType, 'WaterMeter');
    assert.equal(p.reportingIntervalSec, 900);
    assert.equal(p.dataClass, 'default');
    assert.throws(() => kindOf('toaster'), /unknown simulated device kind/);
  });

  it('every reading over four days (all seasons) satisfies its profile', () => {
    let checked = 0;
    for (const kind of KINDS) {
      const profile = kind.profile('hanam');
      const rng = createRng(`ranges/${kind.kind}`);
      for (const [i, state] of fleet(kind, 25).entries()) {
        for (const month of [1, 4, 7, 10]) {
          for (let h = 0; h < 24; h += 0.5) {
            const payload = payloadOf(kind, state, kst(2025, month, 10 + (i % 5), 0, h * 60), rng);
            assert.deepEqual(violations(profile, payload), [], `${kind.kind} ${JSON.stringify(payload)}`);
            checked++;
          }
        }
      }
    }
    assert.equal(checked, 7 * 25 * 4 * 48);
  });

  it('is deterministic for the same state, time and random stream', () => {
    for (const kind of KINDS) {
      const at = kst(2025, 5, 14, 8, 30);
      const a = payloadOf(kind, initialState(kind, 'hanam', 'x-1'), at, createRng(1));
      const b = payloadOf(kind, initialState(kind, 'hanam', 'x-1'), at, createRng(1));
      assert.deepEqual(a, b);
      assert.equal(a.ts, '2025-05-13T23:30:00.000Z');
    }
  });

  it('food waste: bins are fuller at 19:00 than at 06:00 (collection ~05:00)', () => {
    const kind = kindOf('waste');
    const states = fleet(kind, 60);
    const rng = createRng(2);
    for (const day of [3, 4, 5, 6, 7]) {
      const at6 = mean(states.map((s) => kind.reading(s, kst(2025, 3, day, 6), rng).fill as number));
      const at19 = mean(states.map((s) => kind.reading(s, kst(2025, 3, day, 19), rng).fill as number));
      const at4 = mean(states.map((s) => kind.reading(s, kst(2025, 3, day, 4, 50), rng).fill as number));
      assert.ok(at6 < 8, `06:00 ${at6}`);
      assert.ok(at19 > 30 && at19 > at6 + 25, `19:00 ${at19} vs 06:00 ${at6}`);
      assert.ok(at4 > at19, `just before collection ${at4} ≥ 19:00 ${at19}`);
    }
    // Evening fills faster than the afternoon: 17→21 gains more than 13→17.
    const s = states[0]!;
    const f = (h: number) => kind.reading(s, kst(2025, 3, 5, h), createRng(0)).fill as number;
    assert.ok(f(21) - f(17) > f(17) - f(13));
  });

  it('food waste following reports: no dawn round; a truck empties the bin; the truth matches readings', () => {
    const kind = kindOf('waste');
    const s = initialState(kind, 'hanam', 'bin-0007');
    const rng = createRng(4);
    kind.followReports!(s, kst(2025, 3, 5, 12));
    const before = kind.reading(s, kst(2025, 3, 6, 4), rng).fill as number;
    // Past the fixed round (05:00–05:50) the level keeps rising instead of starting again.
    const after = kind.reading(s, kst(2025, 3, 6, 7), rng).fill as number;
    assert.ok(after > before || after === 100, `${after} after ${before}`);
    kind.emptied!(s, kst(2025, 3, 6, 8));
    assert.ok((kind.reading(s, kst(2025, 3, 6, 8, 5), rng).fill as number) < 4);
    // wasteGrowth is the same fill without noise: 08:00 → 20:00 against the readings.
    const g = wasteGrowth('hanam', 'bin-0007')(kst(2025, 3, 6, 8).getTime(), kst(2025, 3, 6, 20).getTime());
    const read = (kind.reading(s, kst(2025, 3, 6, 20), createRng(9)).fill as number) / 100;
    assert.ok(Math.abs(g - read) < 0.06, `growth ${g} vs reading ${read}`);
  });

  it('food waste: commercial streets fill faster on weekdays, parks at summer weekends; glitches read 0', () => {
    const kind = kindOf('waste');
    const states = fleet(kind, 400) as { site: string }[];
    const rng = createRng(3);
    const at = (site: string, d: Date) =>
      mean(states.filter((s) => s.site === site).map((s) => kind.reading(s, d, rng).fill as number));
    const wed = kst(2025, 3, 5, 21); // a Wednesday in March
    assert.ok(at('commercial', wed) > at('residential', wed) * 1.2);
    // A summer Saturday afternoon against a March Wednesday (before the evening, when many parks overflow).
    assert.ok(at('park', kst(2025, 7, 12, 15)) > at('park', kst(2025, 3, 5, 15)) * 1.8);
    assert.deepEqual([...new Set(states.map((s) => s.site))].sort(), ['commercial', 'park', 'residential']);
    let zeros = 0;
    for (let i = 0; i < 5000; i++) if (kind.reading(states[0]!, kst(2025, 3, 5, 21), rng).fill === 0) zeros++;
    assert.ok(zeros > 0 && zeros < 40, `glitches ${zeros}`);
  });

  it('water: night flow is lower than morning flow; leaking meters never stop; volume never decreases', () => {
    const kind = kindOf('water');
    const states = fleet(kind, 300);
    const rng = createRng(3);
    const flowAt = (h: number, list = states) =>
      mean(list.map((s) => kind.reading(s, kst(2025, 6, 2, h, 30), rng).flow as number));
    assert.ok(flowAt(3) * 5 < flowAt(7), `night ${flowAt(3)} morning ${flowAt(7)}`);
    const leaking = states.filter((s) => (s as { leak: number }).leak > 0);
    assert.ok(leaking.length >= 3 && leaking.length <= 25, `leaking ${leaking.length}`);
    for (const s of leaking)
      for (const h of [1, 2, 3, 4])
        assert.ok((kind.reading(s, kst(2025, 6, 2, h), rng).flow as number) >= 0.01);
    for (const s of states.slice(0, 20)) {
      let prev = -1;
      for (let m = 0; m < 48 * 60; m += 37) {
        const vol = kind.reading(s, kst(2025, 6, 1, 0, m), rng).vol as number;
        assert.ok(vol >= prev, `volume went back ${prev} → ${vol}`);
        prev = vol;
      }
    }
  });

  it('air: traffic peaks at 08:00 and 18:00 above the night', () => {
    const kind = kindOf('air');
    const states = fleet(kind, 40);
    const rng = createRng(4);
    const pm = (h: number) =>
      mean(states.map((s) => kind.reading(s, kst(2025, 10, 7, h), rng).pm10 as number));
    assert.ok(pm(8) > pm(3) * 1.2, `08:00 ${pm(8)} vs 03:00 ${pm(3)}`);
    assert.ok(pm(18) > pm(3) * 1.2, `18:00 ${pm(18)} vs 03:00 ${pm(3)}`);
    for (const s of states) {
      const r = kind.reading(s, kst(2025, 10, 7, 12), rng);
      assert.ok((r.pm25 as number) <= (r.pm10 as number));
    }
  });

  it('street lights: on at night (dimmed after midnight), off by day; energy grows only at night', () => {
    const kind = kindOf('light');
    const states = fleet(kind, 100).filter((s) => !(s as { broken: boolean }).broken);
    assert.ok(states.length >= 90);
    const rng = createRng(5);
    const { sunrise, sunset } = sunTimes(seoulTime(kst(2025, 6, 21, 12)).doy);
    assert.ok(sunrise > 5 && sunrise < 5.5 && sunset > 19.8 && sunset < 20.2, `${sunrise} ${sunset}`);
    for (const s of states) {
      const day = kind.reading(s, kst(2025, 6, 21, 13), rng);
      const evening = kind.reading(s, kst(2025, 6, 21, 22), rng);
      const night = kind.reading(s, kst(2025, 6, 22, 2), rng);
      const noon2 = kind.reading(s, kst(2025, 6, 22, 13), rng);
      assert.equal(day.on, false);
      assert.equal(day.w, 0);
      assert.equal(evening.on, true);
      assert.ok((night.w as number) < (evening.w as number) * 0.6);
      const kwh = (r: typeof day) => r.kwh as number;
      assert.ok(kwh(evening) > kwh(day) && kwh(night) > kwh(evening));
      // Between 06:00 and 13:00 nothing is used.
      assert.ok(Math.abs(kwh(noon2) - kwh(kind.reading(s, kst(2025, 6, 22, 6), rng))) < 1e-9);
    }
  });

  it('parking: residential streets are fuller at night, commercial ones by day', () => {
    const kind = kindOf('parking');
    const states = fleet(kind, 300);
    const rng = createRng(6);
    const share = (list: object[], h: number) => {
      let occupied = 0;
      // Walk a few readings up to the hour so the chain settles.
      for (const s of list) {
        let r = false;
        for (let m = -120; m <= 0; m += 5) r = kind.reading(s, kst(2025, 9, 3, h, m), rng).occ as boolean;
        if (r) occupied++;
      }
      return occupied / list.length;
    };
    const commercial = states.filter((s) => (s as { commercial: boolean }).commercial);
    const residential = states.filter((s) => !(s as { commercial: boolean }).commercial);
    assert.ok(share(residential, 3) > share(residential, 12) + 0.2);
    assert.ok(share(commercial, 13) > share(commercial, 3) + 0.4);
  });

  it('smoke detectors: quiet, batteries between 5 and 100 %', () => {
    const kind = kindOf('smoke');
    const states = fleet(kind, 200);
    const rng = createRng(7);
    const readings = states.map((s) => kind.reading(s, kst(2025, 2, 1, 10), rng));
    assert.ok(readings.filter((r) => r.smoke === true).length <= 2);
    const bats = readings.map((r) => r.bat as number);
    assert.ok(Math.min(...bats) >= 5 && Math.max(...bats) <= 100);
    assert.ok(Math.max(...bats) - Math.min(...bats) > 50, 'batteries are at different stages');
  });

  it('tilt sensors: tiny noise around a fixed lean', () => {
    const kind = kindOf('tilt');
    const [s] = fleet(kind, 1);
    const rng = createRng(8);
    const xs = Array.from(
      { length: 48 },
      (_, i) => kind.reading(s!, kst(2025, 8, 1, 0, i * 30), rng).tiltX as number,
    );
    assert.ok(Math.max(...xs) - Math.min(...xs) < 0.02);
  });
});
