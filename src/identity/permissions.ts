// Role → permission table. Pure. A route asks `can(principal, action)` instead of testing role names,
// so that adding a role or an action is a change to this table only.
import { DosiError, E } from '../kernel/index.ts';
import { ROLES, type Principal, type Role } from './types.ts';

const ALL: readonly Role[] = ROLES;

/** Which roles grant each action. An empty list means platform administrators only. */
export const PERMISSIONS = {
  'context:read': ALL,
  'context:write': ['admin', 'operator', 'service-manager'],
  'subscription:manage': ['admin', 'operator', 'service-manager', 'analyst'],
  'device:manage': ['admin', 'operator'],
  // Operators handle alarms; what raises them (rules) is edited by admins and service managers.
  'rule:manage': ['admin', 'service-manager'],
  'alarm:read': ['admin', 'operator', 'service-manager', 'caseworker', 'viewer'],
  'alarm:handle': ['admin', 'operator', 'service-manager'],
  'case:read': ['admin', 'service-manager', 'caseworker'],
  'case:write': ['admin', 'service-manager', 'caseworker'],
  // Integrated operations centre: edge analytics post detections with an operator API key.
  'camera:read': ['admin', 'operator', 'service-manager', 'caseworker', 'viewer'],
  'camera:manage': ['admin', 'operator'],
  'camera:detect': ['admin', 'operator'],
  'notify:manage': ['admin'],
  'identity:manage': ['admin'],
  'tenant:manage': [],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(principal: Principal, action: Action): boolean {
  if (principal.platformAdmin) return true;
  const allowed: readonly Role[] = PERMISSIONS[action];
  return principal.roles.some((r) => allowed.includes(r));
}

/** Throws E.FORBIDDEN (403) unless the principal may do `action` in its tenant. */
export function assertCan(principal: Principal, action: Action): void {
  if (!can(principal, action)) {
    throw new DosiError(E.FORBIDDEN, {
      detail: `${action} in tenant ${principal.tenant} needs one of the roles: ${PERMISSIONS[action].join(', ') || 'platform administrator'}`,
    });
  }
}
