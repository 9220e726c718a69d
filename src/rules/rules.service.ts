// Use cases of rules: create, replace, enable/disable, delete (soft), versions. Every save is a new
// version and the history is kept. Validation happens here, once, against what the tenant knows.
import { randomUUID } from 'node:crypto';
import { DosiError, E, type Clock } from '../kernel/index.ts';
import type { Db, Queryable } from '../storage/index.ts';
import { validateRule } from './domain/validate.ts';
import type { Rule } from './domain/types.ts';
import { knownAttributes, type AttributeSources } from './known-attributes.ts';
import * as repo from './store/rule.repository.ts';
import { deleteStates } from './store/state.repository.ts';

export interface RuleServiceDeps {
  db: Db;
  clock: Clock;
  attributes: AttributeSources;
  /** Called after a rule was created, replaced or enabled (the engine seeds inactivity states). */
  onSaved?: (rule: Rule) => Promise<void>;
  /**
   * How long the engine may use a tenant's cached rule list before checking whether another process
   * saved a rule (default 1 s); saves in this process apply at once.
   */
  cacheMs?: number;
}

export type RuleService = ReturnType<typeof createRuleService>;

export function createRuleService(deps: RuleServiceDeps) {
  const now = () => deps.clock.now().toISOString();
  const cacheMs = deps.cacheMs ?? 1000;
  const cache = new Map<string, { at: number; stamp: string; rules: Rule[] }>();

  async function validate(tenant: string, body: unknown) {
    const syntactic = validateRule(body);
    const known = await knownAttributes(deps.attributes, tenant, syntactic.target.entityType);
    return validateRule(body, known);
  }

  async function current(q: Queryable, tenant: string, id: string): Promise<Rule> {
    const r = await repo.getRule(q, tenant, id, true);
    if (!r) throw new DosiError(E.RULE_NOT_FOUND, { id, tenant, version: 'current' });
    return r;
  }

  /** Saves the next version of a rule; states are reset when `reset` (its meaning changed). */
  async function next(
    tenant: string,
    id: string,
    by: string,
    change: string,
    fn: (r: Rule) => Rule,
    reset: boolean,
  ) {
    const at = now();
    const saved = await deps.db.tx(async (q) => {
      const prev = await current(q, tenant, id);
      const r: Rule = { ...fn(prev), id, tenant, version: prev.version + 1, updatedAt: at, updatedBy: by };
      await repo.saveRule(q, r, change);
      if (reset) await deleteStates(q, tenant, id);
      return r;
    });
    cache.delete(tenant);
    if (reset) await deps.onSaved?.(saved);
    return saved;
  }

  return {
    async create(tenant: string, body: unknown, by: string): Promise<Rule> {
      const input = await validate(tenant, body);
      const rule: Rule = {
        ...input,
        id: `urn:dosi:rule:${randomUUID()}`,
        tenant,
        version: 1,
        enabled: input.enabled ?? true,
        updatedAt: now(),
        updatedBy: by,
      };
      await deps.db.tx((q) => repo.saveRule(q, rule, 'created'));
      cache.delete(tenant);
      await deps.onSaved?.(rule);
      return rule;
    },

    async replace(tenant: string, id: string, body: unknown, by: string): Promise<Rule> {
      const input = await validate(tenant, body);
      return next(
        tenant,
        id,
        by,
        'replaced',
        // The body replaces the rule as a whole; enabled is kept unless the body says.
        (prev) => ({
          ...input,
          id,
          tenant,
          version: prev.version,
          enabled: input.enabled ?? prev.enabled,
          updatedAt: prev.updatedAt,
          updatedBy: prev.updatedBy,
        }),
        true,
      );
    },

    setEnabled(tenant: string, id: string, enabled: boolean, by: string, reason?: string): Promise<Rule> {
      return next(
        tenant,
        id,
        by,
        enabled ? 'enabled' : 'disabled',
        (prev) => {
          const { disabledReason: _d, ...keep } = prev;
          return { ...keep, enabled, ...(!enabled && reason ? { disabledReason: reason } : {}) };
        },
        enabled,
      );
    },

    async remove(tenant: string, id: string, by: string): Promise<void> {
      const at = now();
      await deps.db.tx(async (q) => {
        const prev = await current(q, tenant, id);
        await repo.saveRule(
          q,
          { ...prev, version: prev.version + 1, enabled: false, updatedAt: at, updatedBy: by },
          'deleted',
          true,
        );
        await deleteStates(q, tenant, id);
      });
      cache.delete(tenant);
    },

    async get(tenant: string, id: string): Promise<Rule> {
      const r = await repo.getRule(deps.db, tenant, id);
      if (!r) throw new DosiError(E.RULE_NOT_FOUND, { id, tenant, version: 'current' });
      return r;
    },

    list: (tenant: string) => repo.listRules(deps.db, tenant),

    async versions(tenant: string, id: string) {
      const v = await repo.listVersions(deps.db, tenant, id);
      if (v.length === 0) throw new DosiError(E.RULE_NOT_FOUND, { id, tenant, version: 'any' });
      return v;
    },

    async version(tenant: string, id: string, version: number) {
      const v = (await repo.listVersions(deps.db, tenant, id)).find((x) => x.version === version);
      if (!v) throw new DosiError(E.RULE_NOT_FOUND, { id, tenant, version });
      return v;
    },

    /** Checks a rule body without saving it (dry-run of a posted rule). */
    validate,

    /**
     * Enabled rules of a tenant, cached: saves in this process invalidate at once; after `cacheMs` one
     * cheap query tells whether any process saved a rule since, and only then is the list read again.
     * The same array comes back until it changes (the engine keeps an index per array).
     */
    async enabled(tenant: string): Promise<Rule[]> {
      const t = deps.clock.now().getTime();
      const hit = cache.get(tenant);
      if (hit && t - hit.at < cacheMs) return hit.rules;
      // The stamp is read before the list: a save in between shows as a changed stamp next time.
      const stamp = await repo.rulesStamp(deps.db, tenant);
      if (hit && hit.stamp === stamp) {
        hit.at = t;
        return hit.rules;
      }
      const rules = await repo.listRules(deps.db, tenant, true);
      cache.set(tenant, { at: t, stamp, rules });
      return rules;
    },

    /** Used by the engine when a rule throws: disabled in the same transaction as its failure alarm. */
    async disableIn(q: Queryable, rule: Rule, reason: string): Promise<Rule | undefined> {
      const prev = await repo.getRule(q, rule.tenant, rule.id, true);
      if (!prev || !prev.enabled || prev.version !== rule.version) return undefined;
      const r: Rule = {
        ...prev,
        enabled: false,
        disabledReason: reason,
        version: prev.version + 1,
        updatedAt: now(),
        updatedBy: 'system',
      };
      await repo.saveRule(q, r, 'disabled: evaluation failed');
      cache.delete(rule.tenant);
      return r;
    },

    invalidate: (tenant: string) => cache.delete(tenant),
  };
}
