// Unit tests of subject validation, NATS-style pattern matching and root mapping.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertBusPattern,
  assertBusSubject,
  compilePattern,
  isValidPattern,
  isValidSubject,
  matchSubject,
  withRoot,
  withoutRoot,
} from './pattern.ts';
import { subjects, token } from './types.ts';

describe('bus subject patterns', () => {
  it('validates subjects', () => {
    assert.equal(isValidSubject('dosi.reading.t1.AirQualityObserved'), true);
    assert.equal(isValidSubject('a'), true);
    for (const bad of ['', '.', 'a.', '.a', 'a..b', 'a.*', 'a.>', 'a b', 'a.b\tc', 'a.b*'])
      assert.equal(isValidSubject(bad), false, bad);
  });

  it('validates patterns', () => {
    for (const ok of ['a', '*', '>', 'a.*', 'a.>', '*.b.>', 'a.*.c', '*.*'])
      assert.equal(isValidPattern(ok), true, ok);
    for (const bad of ['', 'a.>.b', '>.a', 'a..b', 'a.b*', 'a.*b', 'a.>x', 'a b', 'a.'])
      assert.equal(isValidPattern(bad), false, bad);
  });

  it('`*` matches exactly one token', () => {
    assert.equal(matchSubject('dosi.reading.*.x', 'dosi.reading.t1.x'), true);
    assert.equal(matchSubject('dosi.reading.*.x', 'dosi.reading.t1.y'), false);
    assert.equal(matchSubject('dosi.reading.*', 'dosi.reading.t1.x'), false);
    assert.equal(matchSubject('dosi.reading.*', 'dosi.reading'), false);
    assert.equal(matchSubject('*.*', 'a.b'), true);
    assert.equal(matchSubject('*', 'a.b'), false);
  });

  it('`>` matches one or more trailing tokens', () => {
    assert.equal(matchSubject('dosi.>', 'dosi.a'), true);
    assert.equal(matchSubject('dosi.>', 'dosi.a.b.c'), true);
    assert.equal(matchSubject('dosi.>', 'dosi'), false);
    assert.equal(matchSubject('dosi.>', 'dosix.a'), false);
    assert.equal(matchSubject('>', 'x'), true);
    assert.equal(matchSubject('*.reading.>', 'dosi.reading.t1.x'), true);
    assert.equal(matchSubject('*.reading.>', 'dosi.entity.t1.create'), false);
  });

  it('literal patterns compare whole tokens', () => {
    assert.equal(matchSubject('dosi.entity.t1.create', 'dosi.entity.t1.create'), true);
    assert.equal(matchSubject('dosi.entity.t1', 'dosi.entity.t1.create'), false);
    assert.equal(matchSubject('dosi.entity.t1.create', 'dosi.entity.t1.createx'), false);
  });

  it('a compiled pattern matches the same as the one-shot function', () => {
    const m = compilePattern('dosi.*.t1.>');
    const cases: [string, boolean][] = [
      ['dosi.reading.t1.x', true],
      ['dosi.entity.t1.update', true],
      ['dosi.reading.t2.x', false],
      ['dosi.reading.t1', false],
    ];
    for (const [s, want] of cases) {
      assert.equal(m(s), want, s);
      assert.equal(matchSubject('dosi.*.t1.>', s), want, s);
    }
    assert.throws(() => compilePattern('a.>.b'), /invalid subject pattern/);
  });

  it('the subjects helpers produce valid bus subjects that the documented patterns match', () => {
    const s = subjects.reading('t1', 'Air.Quality *Observed>');
    assert.equal(s, 'dosi.reading.t1.Air_Quality__Observed_');
    assertBusSubject(s);
    assert.equal(matchSubject('dosi.reading.>', s), true);
    assert.equal(matchSubject('dosi.entity.*.*', subjects.entity('t1', 'delete')), true);
    assert.equal(matchSubject('dosi.device.t1.online', subjects.device('t1', 'online')), true);
    assert.equal(token(''), '_');
  });

  it('bus subjects and patterns must be under the dosi root', () => {
    assert.throws(() => assertBusSubject('other.a'), /invalid bus subject/);
    assert.throws(() => assertBusSubject('dosi'), /invalid bus subject/);
    assert.throws(() => assertBusSubject('dosi.*'), /invalid bus subject/);
    assertBusPattern('dosi.>');
    assertBusPattern('*.reading.>');
    assertBusPattern('>');
    assert.throws(() => assertBusPattern('other.>'), /invalid bus pattern/);
    assert.throws(() => assertBusPattern('dosi.>.x'), /invalid bus pattern/);
  });

  it('maps the root token to a wire prefix and back', () => {
    assert.equal(withRoot('dosi.reading.t1.x', 'city1'), 'city1.reading.t1.x');
    assert.equal(withRoot('dosi.reading.>', 'staging.dosi'), 'staging.dosi.reading.>');
    assert.equal(withRoot('*.entity.*.create', 'p'), 'p.entity.*.create');
    assert.equal(withRoot('>', 'p'), 'p.>');
    assert.equal(withRoot('dosi', 'p'), 'p');
    assert.equal(withoutRoot('staging.dosi.reading.t1.x', 'staging.dosi'), 'dosi.reading.t1.x');
    assert.equal(withoutRoot(withRoot('dosi.a.b', 't_123'), 't_123'), 'dosi.a.b');
  });
});
