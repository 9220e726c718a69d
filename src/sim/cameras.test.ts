import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CAMERAS, DEMO_RULES, SCENE } from './cameras.ts';
import { checkDetection } from '../cameras/index.ts';

const NOW = new Date('2026-12-03T10:00:00Z');

test('every scene step names a demo camera and is a valid detection', () => {
  const ids = new Set(DEMO_CAMERAS.map((c) => c.id));
  assert.equal(ids.size, DEMO_CAMERAS.length);
  for (const s of SCENE) {
    assert.ok(ids.has(s.camera), s.camera);
    const r = checkDetection(s.body(NOW));
    assert.ok(r.ok, JSON.stringify(r));
  }
});

test('within a minute the scene crosses both demo rules', () => {
  const early = SCENE.filter((s) => s.afterMs < 60_000).map((s) => s.body(NOW));
  const [fire, crowd] = DEMO_RULES;
  assert.ok(early.some((b) => b.type === 'fire' && (b.confidence as number) >= fire.condition.value));
  assert.ok(early.some((b) => b.type === 'crowd' && (b.count as number) >= crowd.condition.value));
});
