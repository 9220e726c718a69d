// Evaluates a parsed q against one stored entity in memory (subscriptions, temporal results)
// with the semantics of the compiled SQL/JSON path (q-jsonpath.ts); a property test holds the
// two together.
import type { StoredEntity } from '../model.ts';
import type { QExpr, QTerm, QValue } from './q-ast.ts';
import { compareCodePoints, laxMember, laxWildcard, unwrap } from './q-lax.ts';
import { toRegExp } from './q-regex.ts';
import type { Step, ValueField } from './q-targets.ts';
import { fieldCanMatch, planSteps, termLiterals, vocabExpansion } from './q-targets.ts';

type Expand = (term: string) => string;

/** One value a term looks at, and the field it came from. */
interface Target {
  readonly value: unknown;
  readonly field: ValueField;
}

const SELF: ValueField = { name: '', anyMember: false, vocab: false, textOnly: false };

type ElementTest = (element: unknown, vocab: boolean) => boolean;

export function evaluateQ(expr: QExpr, entity: StoredEntity, expand: Expand): boolean {
  if (expr.kind === 'and') return expr.items.every((i) => evaluateQ(i, entity, expand));
  if (expr.kind === 'or') return expr.items.some((i) => evaluateQ(i, entity, expand));
  return evaluateTerm(expr, entity, expand);
}

function evaluateTerm(t: QTerm, entity: StoredEntity, expand: Expand): boolean {
  const instances = laxMember(entity.attrs, expand(t.path.attr)).flatMap(unwrap);
  if (t.kind === 'exists') {
    const plan = planSteps(t.path.dotted, t.path.keys, false, expand);
    return instances.some((i) => collect(plan, i).length > 0) !== t.negated;
  }
  const plan = planSteps(t.path.dotted, t.path.keys, true, expand);
  const test = elementTest(t, expand);
  const literals = termLiterals(t);
  const negated = t.kind === 'compare' ? t.op === '!=' : t.negated;
  return instances.some((inst) => {
    const targets = collect(plan, inst);
    const matches = targets.some(
      (tg) => fieldCanMatch(literals, tg.field) && unwrap(tg.value).some((e) => test(e, tg.field.vocab)),
    );
    // §4.9: a negated term holds where the target value exists and does not match.
    return negated ? targets.length > 0 && !matches : matches;
  });
}

/** The values a plan reaches from one instance (see q-targets.ts). */
function collect(step: Step, inst: unknown): Target[] {
  if (step.kind === 'self') return [{ value: inst, field: SELF }];
  if (step.kind === 'sub') {
    const subs = laxMember(inst, step.iri);
    return subs.length > 0
      ? subs.flatMap(unwrap).flatMap((s) => collect(step.then, s))
      : collect(step.fallback, inst);
  }
  return step.fields.flatMap((f) => {
    let items = laxMember(inst, f.name);
    if (f.anyMember && step.keys.length === 0) items = items.flatMap(laxWildcard);
    for (const k of step.keys) items = items.flatMap((i) => laxMember(i, k));
    return items.map((value) => ({ value, field: f }));
  });
}

const regexCache = new WeakMap<object, RegExp>();

function elementTest(t: Exclude<QTerm, { kind: 'exists' }>, expand: Expand): ElementTest {
  switch (t.kind) {
    case 'pattern': {
      const re = regexCache.get(t) ?? toRegExp(t);
      regexCache.set(t, re);
      return (e) => lax(e, (x) => typeof x === 'string' && re.test(x));
    }
    case 'range':
      return (e) => lax(e, (x) => order(x, t.low) >= 0) && lax(e, (x) => order(x, t.high) <= 0);
    case 'list':
      return equality(
        t.values,
        t.values.flatMap((v) => vocabExpansion(v, expand)),
      );
    case 'compare': {
      if (t.op === '==' || t.op === '!=') return equality([t.value], vocabExpansion(t.value, expand));
      const sign = t.op.startsWith('>') ? 1 : -1;
      const orEqual = t.op.endsWith('=');
      return (e) =>
        lax(e, (x) => {
          const c = order(x, t.value) * sign;
          return c > 0 || (orEqual && c === 0);
        });
    }
  }
}

function equality(values: readonly QValue[], expansions: readonly string[]): ElementTest {
  return (e, vocab) =>
    lax(e, (x) => values.some((v) => x === v.value) || (vocab && expansions.some((s) => x === s)));
}

/** A comparison in lax mode unwraps one more array level of its operand. */
function lax(e: unknown, test: (x: unknown) => boolean): boolean {
  return Array.isArray(e) ? e.some(test) : test(e);
}

/** Sign of x − v when both are numbers or both strings; NaN (never true) otherwise. */
function order(x: unknown, v: QValue): number {
  if (typeof x === 'number' && v.kind === 'number') return Math.sign(x - v.value);
  if (typeof x === 'string' && v.kind !== 'number' && v.kind !== 'boolean')
    return Math.sign(compareCodePoints(x, v.value));
  return Number.NaN;
}
