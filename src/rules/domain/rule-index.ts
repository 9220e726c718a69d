// The enabled rules of a tenant indexed by what they watch, so an observation visits only the rules
// that can match it: by target (listed entity ids, else entity type, else id pattern only) and by
// trigger (an attribute, any value, device state, "seen"). Built once per change of the rule list.
import { attributesOf, matchesTarget } from './target.ts';
import type { Condition, Observation, Rule } from './types.ts';

export type IndexedObservation = Exclude<Observation, { kind: 'tick' }>;

function uses(c: Condition, pred: (leaf: Condition) => boolean): boolean {
  if (c.type === 'all' || c.type === 'any') return c.conditions.some((m) => uses(m, pred));
  return pred(c);
}

/** What observations can change a rule: `a:<attr>`, `*` (any value), `@device`, `@seen`. */
export function triggersOf(c: Condition): string[] {
  const out = attributesOf(c).map((a) => `a:${a}`);
  if (uses(c, (l) => l.type === 'inactivity' && l.attr === undefined)) out.push('*');
  if (uses(c, (l) => l.type === 'deviceOffline')) out.push('@device');
  if (uses(c, (l) => l.type === 'inactivity')) out.push('@seen');
  return out;
}

function triggersFor(obs: IndexedObservation): string[] {
  if (obs.kind === 'device') return ['@device'];
  if (obs.kind === 'seen') return ['@seen'];
  return [`a:${obs.attr}`, '*'];
}

/** Whether an observation can change the rule at all (spares a state row per unrelated reading). */
export function relevant(rule: Rule, obs: IndexedObservation): boolean {
  const t = new Set(triggersOf(rule.condition));
  return triggersFor(obs).some((x) => t.has(x));
}

export interface RuleIndex {
  readonly rules: readonly Rule[];
  /** Enabled rules by id. */
  readonly byId: ReadonlyMap<string, Rule>;
  /** The rules that target this entity and can be changed by this observation, in rule-list order. */
  candidates(obs: IndexedObservation, entityType: string | undefined): Rule[];
}

function targetKeys(r: Rule): string[] {
  if (r.target.entityIds !== undefined) return r.target.entityIds.map((id) => `i:${id}`);
  if (r.target.entityType !== undefined) return [`t:${r.target.entityType}`];
  return ['p'];
}

export function buildRuleIndex(rules: readonly Rule[]): RuleIndex {
  const buckets = new Map<string, { order: number; rule: Rule }[]>();
  rules.forEach((rule, order) => {
    for (const t of targetKeys(rule))
      for (const g of new Set(triggersOf(rule.condition))) {
        const k = `${t}\u0000${g}`;
        let list = buckets.get(k);
        if (!list) buckets.set(k, (list = []));
        list.push({ order, rule });
      }
  });
  return {
    rules,
    byId: new Map(rules.map((r) => [r.id, r])),
    candidates(obs, entityType) {
      const targets = [`i:${obs.entityId}`, 'p'];
      if (entityType !== undefined) targets.push(`t:${entityType}`);
      const hits: { order: number; rule: Rule }[] = [];
      for (const t of targets)
        for (const g of triggersFor(obs)) {
          const list = buckets.get(`${t}\u0000${g}`);
          if (list) hits.push(...list);
        }
      // A rule can sit under two triggers of one observation (an attribute and "any value").
      if (hits.length > 1) hits.sort((a, b) => a.order - b.order);
      const out: Rule[] = [];
      for (const [i, h] of hits.entries()) {
        if (i > 0 && hits[i - 1]!.order === h.order) continue;
        // The bucket is chosen by one member of the target; all given members must match.
        if (matchesTarget(h.rule.target, obs.entityId, entityType)) out.push(h.rule);
      }
      return out;
    },
  };
}
