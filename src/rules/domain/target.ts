// Which entities a rule watches: by entity type, by ids, by an id pattern (all given must match).
import type { RuleTarget } from './types.ts';

const patterns = new Map<string, RegExp>();

function pattern(p: string): RegExp {
  let re = patterns.get(p);
  if (!re) {
    if (patterns.size > 1000) patterns.clear();
    re = new RegExp(`^(?:${p})$`);
    patterns.set(p, re);
  }
  return re;
}

/** entityType is the short type name (as in device profiles); ids are full entity ids. */
export function matchesTarget(t: RuleTarget, entityId: string, entityType: string | undefined): boolean {
  if (t.entityType !== undefined && t.entityType !== entityType) return false;
  if (t.entityIds !== undefined && !t.entityIds.includes(entityId)) return false;
  if (t.idPattern !== undefined && !pattern(t.idPattern).test(entityId)) return false;
  return true;
}

/** Attribute names a condition tree reads (for validation and dry-run history reads). */
export function attributesOf(c: import('./types.ts').Condition): string[] {
  switch (c.type) {
    case 'all':
    case 'any':
      return [...new Set(c.conditions.flatMap(attributesOf))];
    case 'geofence':
      return [c.attr ?? 'location'];
    case 'deviceOffline':
      return [];
    case 'inactivity':
      return c.attr ? [c.attr] : [];
    default:
      return [c.attr];
  }
}
