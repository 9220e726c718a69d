// Compiles a parsed q into an SQL/JSON path predicate over the `attrs` column (expanded
// attribute IRI → array of StoredInstance), for PostgreSQL 15+ in lax mode:
//   jsonb_path_exists(attrs, $path::jsonpath, $vars::jsonb)
// Every literal value travels in `vars` ($v1, $v2 …); only member names and like_regex patterns,
// which jsonpath needs as literals, are written into the path, quoted by jsonPathString.
// Lax-mode notes: a filter `x ? (…)` unwraps one array level of x and a comparison unwraps one
// more, and an operand of another type yields "unknown", which a filter treats as false. The
// in-memory evaluator (q-eval.ts) follows the same rules.
import type { QExpr, QTerm, QValue } from './q-ast.ts';
import { jsonPathString } from './q-literal.ts';
import type { Step, ValueField } from './q-targets.ts';
import { fieldCanMatch, planSteps, termLiterals, vocabExpansion } from './q-targets.ts';

export interface CompiledQ {
  readonly path: string;
  readonly vars: Record<string, unknown>;
}

type Expand = (term: string) => string;
/** The test applied to one element `@` of a target value from a field; undefined: cannot match there. */
type ElementTest = (field: ValueField) => string | undefined;

interface Ctx {
  readonly expand: Expand;
  readonly vars: Record<string, unknown>;
}

export function compileQToJsonPath(expr: QExpr, expand: Expand): CompiledQ {
  const ctx: Ctx = { expand, vars: {} };
  return { path: `$ ? (${predicate(expr, ctx)})`, vars: ctx.vars };
}

function predicate(e: QExpr, ctx: Ctx): string {
  if (e.kind === 'and') return `(${e.items.map((i) => predicate(i, ctx)).join(' && ')})`;
  if (e.kind === 'or') return `(${e.items.map((i) => predicate(i, ctx)).join(' || ')})`;
  return termPredicate(e, ctx);
}

function termPredicate(t: QTerm, ctx: Ctx): string {
  const instances = `$.${jsonPathString(ctx.expand(t.path.attr))}`;
  if (t.kind === 'exists') {
    const found = `exists(${instances} ? (${stepPredicate(planSteps(t.path.dotted, t.path.keys, false, ctx.expand), undefined)}))`;
    return t.negated ? `!(${found})` : found;
  }
  const plan = planSteps(t.path.dotted, t.path.keys, true, ctx.expand);
  const literals = termLiterals(t);
  const inner = elementTest(t, ctx);
  const test: ElementTest = (f) => (fieldCanMatch(literals, f) ? inner(f) : undefined);
  const matches = stepPredicate(plan, test);
  // §4.9: a negated term holds where the target value exists and does not match.
  const negated = t.kind === 'compare' ? t.op === '!=' : t.negated;
  const onInstance = negated ? `${stepPredicate(plan, undefined)} && !(${matches})` : matches;
  return `exists(${instances} ? (${onInstance}))`;
}

/** The instance predicate for a plan: the target exists (no test) or has an element passing `test`. */
function stepPredicate(step: Step, test: ElementTest | undefined): string {
  if (step.kind === 'self') return 'exists(@)';
  if (step.kind === 'sub') {
    const sub = `@.${jsonPathString(step.iri)}`;
    return `(exists(${sub} ? (${stepPredicate(step.then, test)})) || (!(exists(${sub})) && ${stepPredicate(step.fallback, test)}))`;
  }
  const keys = step.keys.map((k) => `.${jsonPathString(k)}`).join('');
  const parts = step.fields.flatMap((f) => {
    const target = `@.${jsonPathString(f.name)}${f.anyMember && step.keys.length === 0 ? '.*' : ''}${keys}`;
    if (test === undefined) return [`exists(${target})`];
    const onElement = test(f);
    return onElement === undefined ? [] : [`exists(${target} ? (${onElement}))`];
  });
  // jsonpath has no literal false; a path that finds nothing stands for it.
  if (parts.length === 0) return 'exists(@ ? (@ != @))';
  return parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`;
}

function elementTest(t: Exclude<QTerm, { kind: 'exists' }>, ctx: Ctx): ElementTest {
  switch (t.kind) {
    case 'pattern': {
      const flag = t.caseInsensitive ? 'is' : 's';
      const test = `@ like_regex ${jsonPathString(t.pattern)} flag "${flag}"`;
      return () => test;
    }
    case 'range': {
      const test = `(@ >= ${bind(ctx, literal(t.low))} && @ <= ${bind(ctx, literal(t.high))})`;
      return () => test;
    }
    case 'list':
      // A comparison with an array variable holds when any of its elements is equal (lax mode).
      return equalityTest(
        ctx,
        t.values.map(literal),
        t.values.flatMap((v) => vocabExpansion(v, ctx.expand)),
      );
    case 'compare': {
      if (t.op === '==' || t.op === '!=')
        return equalityTest(ctx, [literal(t.value)], vocabExpansion(t.value, ctx.expand));
      const test = `@ ${t.op} ${bind(ctx, literal(t.value))}`;
      return () => test;
    }
  }
}

function equalityTest(ctx: Ctx, values: unknown[], expansions: string[]): ElementTest {
  const plain = `@ == ${bind(ctx, values.length === 1 ? values[0] : values)}`;
  if (expansions.length === 0) return () => plain;
  let vocab: string | undefined;
  return (f) => {
    if (!f.vocab) return plain;
    vocab ??= `(${plain} || @ == ${bind(ctx, expansions)})`;
    return vocab;
  };
}

function literal(v: QValue): unknown {
  return v.value;
}

function bind(ctx: Ctx, value: unknown): string {
  const name = `v${Object.keys(ctx.vars).length + 1}`;
  ctx.vars[name] = value;
  return `$${name}`;
}
