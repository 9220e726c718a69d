import { test } from 'node:test';
import assert from 'node:assert/strict';
import { angleBetween, bearingDegrees, sees, visibleCameras, type CameraView } from './visibility.ts';
import { haversineMeters } from '../../context/geo/index.ts';

const HANAM: [number, number] = [127.2148, 37.5393];
/** A point `m` metres from HANAM on bearing 0 (north) or 90 (east), good enough at this scale. */
const north = (m: number): [number, number] => [HANAM[0], HANAM[1] + m / 111_195];
const east = (m: number): [number, number] => [
  HANAM[0] + m / (111_195 * Math.cos((HANAM[1] * Math.PI) / 180)),
  HANAM[1],
];
const cam = (o: Partial<CameraView> = {}): CameraView => ({
  id: 'c',
  position: HANAM,
  direction: 0,
  fieldOfView: 90,
  range: 200,
  ...o,
});

test('bearing: north is 0, east is 90, south 180, west 270', () => {
  assert.ok(
    Math.abs(bearingDegrees(HANAM, north(100)) - 0) < 0.01 || bearingDegrees(HANAM, north(100)) > 359.99,
  );
  assert.ok(Math.abs(bearingDegrees(HANAM, east(100)) - 90) < 0.01);
  assert.ok(Math.abs(bearingDegrees(north(100), HANAM) - 180) < 0.01);
  assert.ok(Math.abs(bearingDegrees(east(100), HANAM) - 270) < 0.01);
});

test('angleBetween wraps at 0/360', () => {
  assert.equal(angleBetween(350, 10), 20);
  assert.equal(angleBetween(10, 350), 20);
  assert.equal(angleBetween(0, 360), 0);
  assert.equal(angleBetween(-90, 270), 0);
  assert.equal(angleBetween(0, 180), 180);
});

test('a camera facing 350° with 40° field of view sees a point due north (sector spans 0/360)', () => {
  assert.ok(sees(cam({ direction: 350, fieldOfView: 40 }), north(50)));
  assert.equal(sees(cam({ direction: 350, fieldOfView: 40 }), east(50)), undefined);
  assert.ok(sees(cam({ direction: 10, fieldOfView: 40 }), north(50)), 'facing 10°, north is 10° off');
  assert.equal(sees(cam({ direction: 30, fieldOfView: 40 }), north(50)), undefined, '30° off > 20°');
});

test('a 360° camera sees all around within range, and nothing beyond', () => {
  const c = cam({ fieldOfView: 360, direction: 123 });
  for (const p of [north(150), east(150), north(-150), east(-150)]) assert.ok(sees(c, p));
  assert.equal(sees(c, north(250)), undefined);
});

test('exactly at range is seen; one metre beyond is not', () => {
  const p = east(150);
  const d = haversineMeters(HANAM, p);
  assert.ok(sees(cam({ direction: 90, range: d }), p));
  assert.equal(sees(cam({ direction: 90, range: d - 1 }), p), undefined);
});

test('a point on the camera itself is seen whatever the direction', () => {
  const s = sees(cam({ direction: 200, fieldOfView: 10 }), HANAM);
  assert.equal(s?.distance, 0);
});

test('visibleCameras: only those seeing the point, nearest first, limited', () => {
  const target = north(100);
  const cams: CameraView[] = [
    cam({ id: 'far', position: north(-150), direction: 0, range: 300 }), // 250 m south, facing north
    cam({ id: 'near', position: north(40), direction: 0, range: 100 }), // 60 m
    cam({ id: 'blind', position: HANAM, direction: 180, range: 300 }), // facing away
    cam({ id: 'short', position: HANAM, direction: 0, range: 50 }), // too short
    cam({ id: 'mid', position: east(80), direction: 315, fieldOfView: 90, range: 200 }),
  ];
  const hits = visibleCameras(cams, target);
  assert.deepEqual(
    hits.map((h) => h.id),
    ['near', 'mid', 'far'],
  );
  assert.ok(hits[0]!.distance < hits[1]!.distance && hits[1]!.distance < hits[2]!.distance);
  assert.deepEqual(
    visibleCameras(cams, target, 1).map((h) => h.id),
    ['near'],
  );
});
