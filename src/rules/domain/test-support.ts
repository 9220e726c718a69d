// Builders shared by the rule unit tests.
import { evaluate } from './evaluate.ts';
import {
  emptyState,
  type Condition,
  type Effect,
  type Observation,
  type Rule,
  type RuleState,
} from './types.ts';

export function rule(condition: Condition, over: Partial<Rule> = {}): Rule {
  return {
    id: 'urn:dosi:rule:r1',
    tenant: 'hanam',
    version: 1,
    name: 'test rule',
    enabled: true,
    severity: 'major',
    category: 'environment',
    target: { entityType: 'Sensor' },
    condition,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'test',
    ...over,
  };
}

export const E1 = 'urn:ngsi-ld:Sensor:1';

export function value(attr: string, v: unknown, at: string, entityId = E1): Observation {
  return { kind: 'value', entityId, entityType: 'Sensor', attr, value: v, at };
}

/** Feeds observations in order (now = each observation's time unless given) and collects effects. */
export function run(
  r: Rule,
  steps: readonly (Observation | { tick: string })[],
  start: RuleState = emptyState(),
): { state: RuleState; effects: Effect[] } {
  let state = start;
  const effects: Effect[] = [];
  for (const s of steps) {
    const obs: Observation = 'tick' in s ? { kind: 'tick', at: s.tick } : s;
    const res = evaluate(r, state, obs, new Date(obs.at), E1);
    state = res.state;
    effects.push(...res.effects);
  }
  return { state, effects };
}

/** "raise@HH:MM:SS" strings of effects, for compact assertions. */
export const summary = (effects: readonly Effect[]) => effects.map((e) => `${e.kind}@${e.at.slice(11, 19)}`);
