import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DosiError, E, type ErrorDefinition } from '../kernel/index.ts';
import {
  checkBounds,
  checkRoles,
  checkTenantCode,
  checkTimeZone,
  isTenantCode,
  normalizeUsername,
} from './rules.ts';
import { parseApiKey } from './api-key.repository.ts';

const throwsCode = (fn: () => unknown, def: ErrorDefinition) =>
  assert.throws(fn, (e: unknown) => e instanceof DosiError && e.def === def);

describe('identity rules', () => {
  it('accepts tenant codes of 2–40 lower-case characters starting with a letter', () => {
    assert.deepEqual(['hanam', 'ab', 'seoul-jongno', 'a_1', 'a'.repeat(40)].map(isTenantCode), [
      true,
      true,
      true,
      true,
      true,
    ]);
    assert.deepEqual(['h', 'Hanam', '1city', '-x', 'a'.repeat(41), 'ha nam', 'urn:x', ''].map(isTenantCode), [
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    throwsCode(() => checkTenantCode('Hanam'), E.TENANT_INVALID);
  });

  it('checks time zones and bounds', () => {
    assert.equal(checkTimeZone('t', 'Asia/Seoul'), 'Asia/Seoul');
    throwsCode(() => checkTimeZone('t', 'Asia/Nowhere'), E.TENANT_INVALID);
    assert.deepEqual(checkBounds('t', [127.13, 37.46, 127.29, 37.6]), [127.13, 37.46, 127.29, 37.6]);
    assert.equal(checkBounds('t', null), null);
    throwsCode(() => checkBounds('t', [37.46, 127.13, 37.6, 127.29]), E.TENANT_INVALID); // lat/lon swapped
    throwsCode(() => checkBounds('t', [1, 2, 3] as never), E.TENANT_INVALID);
  });

  it('normalizes user names and roles', () => {
    assert.equal(normalizeUsername(' Kim.MinJun@Hanam '), 'kim.minjun@hanam');
    throwsCode(() => normalizeUsername('a b'), E.USER_INVALID);
    throwsCode(() => normalizeUsername('urn:dosi:user:1'), E.USER_INVALID);
    assert.deepEqual(checkRoles(['viewer', 'admin', 'viewer']), ['admin', 'viewer']);
    throwsCode(() => checkRoles(['root']), E.ROLE_INVALID);
  });

  it('parses only well-formed API keys', () => {
    assert.deepEqual(parseApiKey(`dosi_AbCd1234_${'x'.repeat(32)}`), { prefix: 'AbCd1234' });
    assert.equal(parseApiKey(`dosi_AbCd1234_${'x'.repeat(31)}`), null);
    assert.equal(parseApiKey(`dosi_AbCd_234_${'x'.repeat(32)}`), null);
  });
});
