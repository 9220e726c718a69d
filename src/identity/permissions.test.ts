import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DosiError, E } from '../kernel/index.ts';
import { PERMISSIONS, assertCan, can, type Action } from './permissions.ts';
import { ROLES, type Principal, type Role } from './types.ts';

const as = (roles: Role[], platformAdmin = false): Principal => ({
  kind: 'user',
  subject: 'urn:dosi:user:x',
  tenant: 'hanam',
  roles,
  platformAdmin,
});

describe('permissions', () => {
  it('lets every role read context and only some write it', () => {
    for (const r of ROLES) assert.equal(can(as([r]), 'context:read'), true, r);
    assert.deepEqual(
      ROLES.filter((r) => can(as([r]), 'context:write')),
      ['admin', 'operator', 'service-manager'],
    );
  });

  it('keeps identity to tenant admins and tenants to platform admins', () => {
    assert.deepEqual(
      ROLES.filter((r) => can(as([r]), 'identity:manage')),
      ['admin'],
    );
    assert.deepEqual(
      ROLES.filter((r) => can(as([r]), 'tenant:manage')),
      [],
    );
    assert.equal(can(as([], true), 'tenant:manage'), true);
  });

  it('grants nothing without roles, and admins everything but tenant management', () => {
    for (const a of Object.keys(PERMISSIONS) as Action[]) {
      assert.equal(can(as([]), a), false, a);
      assert.equal(can(as(['admin']), a), a !== 'tenant:manage', a);
    }
  });

  it('assertCan throws a 403 naming the action', () => {
    assert.throws(
      () => assertCan(as(['viewer']), 'context:write'),
      (e: unknown) =>
        e instanceof DosiError && e.def === E.FORBIDDEN && /context:write in tenant hanam/.test(e.message),
    );
    assert.doesNotThrow(() => assertCan(as(['operator']), 'context:write'));
  });
});
