import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areaKm2, hanamDongs, pointInPolygon } from './boundaries.ts';
import { apportion, demoCityPlan } from './plan.ts';
import { DEVICE_ID_RE } from '../devices/types.ts';

describe('demo city plan', () => {
  const dongs = hanamDongs();
  const byCode = new Map(dongs.map((d) => [d.code, d]));
  const plan = demoCityPlan({ tenant: 'hanam', seed: 42 });

  it('apportions exactly', () => {
    assert.deepEqual(apportion(10, [1, 1, 1]), [4, 3, 3]);
    assert.deepEqual(apportion(7, [0.5, 0.25, 0.25]), [3, 2, 2]);
    assert.deepEqual(apportion(0, [1, 2]), [0, 0]);
  });

  it('plans 300 devices by default, in the catalogue shares, with unique valid ids', () => {
    assert.equal(plan.tenant, 'hanam');
    assert.equal(plan.devices.length, 300);
    const count = (k: string) => plan.devices.filter((d) => d.kind === k).length;
    assert.deepEqual(
      ['waste', 'water', 'air', 'smoke', 'tilt', 'light', 'parking'].map(count),
      [90, 60, 18, 36, 9, 45, 42],
    );
    const ids = plan.devices.map((d) => d.id);
    assert.equal(new Set(ids).size, 300);
    for (const id of ids) assert.match(id, DEVICE_ID_RE);
    assert.ok(ids.includes('bin-0001') && ids.includes('bin-0090') && !ids.includes('bin-0091'));
    assert.ok(ids.includes('wm-0060') && ids.includes('tilt-0009') && ids.includes('pk-0042'));
    assert.deepEqual(
      plan.profiles.map((p) => p.id),
      [
        'waste-container',
        'water-meter',
        'air-quality',
        'smoke-detector',
        'tilt-sensor',
        'street-light',
        'parking-spot',
      ],
    );
    for (const d of plan.devices) {
      const p = plan.profiles.find((x) => x.id === d.profileId);
      assert.equal(p?.entityType, d.entityType);
    }
  });

  it('puts every device inside its dong and names it after the dong', () => {
    for (const d of plan.devices) {
      const dong = byCode.get(d.dongCode);
      assert.ok(dong, d.dongCode);
      assert.equal(pointInPolygon(d.location, dong.geometry), true, `${d.id} ${JSON.stringify(d.location)}`);
      assert.match(d.name, new RegExp(`^${dong.nameKo} \\S.* \\d+$`));
    }
    const bin = plan.devices.find((d) => d.id === 'bin-0001')!;
    assert.match(bin.name, /^\S+동 음식물 수거함 \d+$/);
    assert.match(bin.nameEn, /^Food waste bin \d+, .+-dong$/);
    // Names are unique: numbering is per dong and kind.
    assert.equal(new Set(plan.devices.map((d) => d.name)).size, 300);
  });

  it('spreads devices by area, at least one per dong; tilt sensors at the heritage sites of 춘궁동', () => {
    const spread = plan.devices.filter((d) => d.kind !== 'tilt');
    const total = dongs.reduce((a, d) => a + areaKm2(d.geometry), 0);
    for (const dong of dongs) {
      const n = spread.filter((d) => d.dongCode === dong.code).length;
      const expected = 1 + ((spread.length - dongs.length) * areaKm2(dong.geometry)) / total;
      assert.ok(n >= 1 && Math.abs(n - expected) < 1, `${dong.nameKo}: ${n} vs ${expected}`);
    }
    const chungung = dongs.find((d) => d.nameKo === '춘궁동')!;
    assert.ok(plan.devices.filter((d) => d.kind === 'tilt').every((d) => d.dongCode === chungung.code));
  });

  it('is reproducible: same seed, same plan; another seed, other places', () => {
    assert.deepEqual(demoCityPlan({ tenant: 'hanam', seed: 42 }), plan);
    const other = demoCityPlan({ tenant: 'hanam', seed: 43 });
    assert.notDeepEqual(
      other.devices.map((d) => d.location),
      plan.devices.map((d) => d.location),
    );
  });

  it('honours the device count and the id prefix', () => {
    const small = demoCityPlan({ tenant: 'hanam', devices: 10, seed: 1, prefix: 'sim' });
    assert.equal(small.devices.length, 10);
    assert.ok(small.devices.every((d) => d.id.startsWith('sim-') && d.profileId.startsWith('sim-')));
    assert.ok(small.profiles.every((p) => p.id.startsWith('sim-') && p.tenant === 'hanam'));
    // Only the profiles the devices use.
    assert.deepEqual(
      [...new Set(small.devices.map((d) => d.profileId))].sort(),
      small.profiles.map((p) => p.id).sort(),
    );
    assert.equal(demoCityPlan({ tenant: 'hanam', devices: 0 }).devices.length, 0);
    assert.throws(() => demoCityPlan({ tenant: 'hanam', devices: -1 }), /non-negative/);
  });
});
