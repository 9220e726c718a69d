// Validation of a rule at save time (never at evaluation time). Pure: what the tenant knows about
// attributes arrives as `known`; every failure is a coded DosiError naming the path that is wrong.
import { DosiError, E } from '../../kernel/index.ts';
import { validateArea } from './validate-area.ts';
import { parseHhMm, windowLengthMs } from './seoul-window.ts';
import {
  CATEGORIES,
  COMPARISONS,
  CONDITION_TYPES,
  SEVERITIES,
  type Category,
  type Condition,
  type DailyWindow,
  type RuleInput,
  type RuleTarget,
  type Severity,
} from './types.ts';

/** Value kinds an attribute may have; `any` when only its existence is known. */
export type AttrKind = 'number' | 'boolean' | 'string' | 'point' | 'any';

/** Attributes known to the tenant for the rule's target (from device profiles and stored entities). */
export interface KnownAttributes {
  tenant: string;
  attrs: ReadonlyMap<string, AttrKind>;
}

const MAX_SEC = 7 * 86_400;
const MAX_MEMBERS = 10;
const MAX_DEPTH = 4;

type Obj = Record<string, unknown>;
const invalid = (detail: string) => new DosiError(E.RULE_INVALID, { detail });
const badWindow = (path: string, detail: string) => new DosiError(E.RULE_BAD_WINDOW, { path, detail });

function obj(v: unknown, path: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalid(`${path} must be an object`);
  return v as Obj;
}

function str(o: Obj, k: string, path: string, optional = false): string | undefined {
  const v = o[k];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || v.length > 200)
    throw invalid(`${path}.${k} must be a non-empty string of at most 200 characters`);
  return v;
}

function seconds(o: Obj, k: string, path: string, opts: { optional?: boolean; min?: number } = {}) {
  const v = o[k];
  if (v === undefined && opts.optional) return undefined;
  const min = opts.min ?? 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > MAX_SEC)
    throw badWindow(
      `${path}.${k}`,
      `must be a number of seconds from ${min} to ${MAX_SEC}, got ${JSON.stringify(v)}`,
    );
  return v;
}

function num(o: Obj, k: string, path: string, min?: number): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v) || (min !== undefined && v < min))
    throw invalid(`${path}.${k} must be a finite number${min !== undefined ? ` ≥ ${min}` : ''}`);
  return v;
}

function attribute(
  o: Obj,
  path: string,
  known: KnownAttributes | undefined,
  need: AttrKind,
  optional = false,
): string | undefined {
  const a = str(o, 'attr', path, optional);
  if (a === undefined) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_:.\-/#]*$/.test(a))
    throw invalid(`${path}.attr ${JSON.stringify(a)} is not an attribute name`);
  if (!known) return a;
  const kind = known.attrs.get(a);
  if (kind === undefined) {
    throw new DosiError(E.RULE_UNKNOWN_ATTRIBUTE, {
      attr: a,
      path: `${path}.attr`,
      tenant: known.tenant,
      target: 'the rule target',
      known: [...known.attrs.keys()].sort().join(', ') || '(none)',
    });
  }
  if (need !== 'any' && kind !== 'any' && kind !== need)
    throw new DosiError(E.RULE_ATTRIBUTE_TYPE, {
      attr: a,
      path: `${path}.attr`,
      actual: kind,
      condition: String(o['type']),
      expected: need,
    });
  return a;
}

function windows(v: unknown, path: string, forSec: number): DailyWindow[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > 8) throw badWindow(path, 'give 1 to 8 daily windows');
  return v.map((w, i) => {
    const p = `${path}[${i}]`;
    const o = obj(w, p);
    const start = o['start'];
    const end = o['end'];
    if (typeof start !== 'string' || parseHhMm(start) === undefined)
      throw badWindow(`${p}.start`, `expected "HH:MM" (Asia/Seoul), got ${JSON.stringify(start)}`);
    if (typeof end !== 'string' || parseHhMm(end) === undefined)
      throw badWindow(`${p}.end`, `expected "HH:MM" (Asia/Seoul), got ${JSON.stringify(end)}`);
    if (start === end) throw badWindow(p, `start and end are both ${start}: an empty window`);
    const len = windowLengthMs({ start, end }) / 1000;
    if (forSec >= len)
      throw badWindow(p, `forSec ${forSec} is not shorter than the window ${start}–${end} (${len} s)`);
    return { start, end };
  });
}

function condition(v: unknown, path: string, known: KnownAttributes | undefined, depth: number): Condition {
  const o = obj(v, path);
  const type = o['type'];
  if (typeof type !== 'string' || !(CONDITION_TYPES as readonly string[]).includes(type))
    throw new DosiError(E.RULE_UNKNOWN_TYPE, {
      type: JSON.stringify(type),
      path: `${path}.type`,
      expected: CONDITION_TYPES.join(', '),
    });
  switch (type) {
    case 'threshold': {
      const op = o['op'];
      if (typeof op !== 'string' || !(COMPARISONS as readonly string[]).includes(op))
        throw invalid(`${path}.op must be one of ${COMPARISONS.join(' ')}`);
      const forSec = seconds(o, 'forSec', path, { optional: true });
      const h = o['hysteresis'] === undefined ? undefined : num(o, 'hysteresis', path, 0);
      return {
        type,
        attr: attribute(o, path, known, 'number')!,
        op: op as (typeof COMPARISONS)[number],
        value: num(o, 'value', path),
        ...(forSec !== undefined ? { forSec } : {}),
        ...(h !== undefined ? { hysteresis: h } : {}),
      };
    }
    case 'rateOfChange': {
      const dir = o['direction'];
      if (dir !== undefined && dir !== 'rise' && dir !== 'fall' && dir !== 'any')
        throw invalid(`${path}.direction must be rise, fall or any`);
      const delta = num(o, 'delta', path, 0);
      if (delta === 0) throw invalid(`${path}.delta must be greater than 0`);
      return {
        type,
        attr: attribute(o, path, known, 'number')!,
        windowSec: seconds(o, 'windowSec', path, { min: 1 })!,
        delta,
        ...(dir !== undefined ? { direction: dir } : {}),
      };
    }
    case 'geofence': {
      const trigger = o['trigger'];
      if (trigger !== 'enter' && trigger !== 'exit') throw invalid(`${path}.trigger must be enter or exit`);
      const attr = o['attr'] === undefined ? 'location' : attribute(o, path, known, 'point')!;
      if (o['attr'] === undefined && known && known.attrs.size > 0 && !known.attrs.has('location'))
        attribute({ ...o, attr: 'location' }, path, known, 'point');
      return { type, attr, area: validateArea(o['area'], `${path}.area`), trigger };
    }
    case 'inactivity': {
      const forSec = seconds(o, 'forSec', path, { min: 60 })!;
      const attr = attribute(o, path, known, 'any', true);
      return {
        type,
        ...(attr ? { attr } : {}),
        windows: windows(o['windows'], `${path}.windows`, forSec),
        forSec,
      };
    }
    case 'deviceOffline':
      return { type };
    default: {
      if (depth >= MAX_DEPTH) throw invalid(`${path}: conditions nest at most ${MAX_DEPTH} deep`);
      const list = o['conditions'];
      if (!Array.isArray(list) || list.length < 1 || list.length > MAX_MEMBERS)
        throw invalid(`${path}.conditions must hold 1 to ${MAX_MEMBERS} conditions`);
      const withinSec = seconds(o, 'withinSec', path, { optional: true });
      return {
        type: type as 'all' | 'any',
        conditions: list.map((c, i) => condition(c, `${path}.conditions[${i}]`, known, depth + 1)),
        ...(withinSec !== undefined ? { withinSec } : {}),
      };
    }
  }
}

export function validateTarget(v: unknown): RuleTarget {
  const o = obj(v, 'target');
  const t: RuleTarget = {};
  if (o['entityType'] !== undefined) t.entityType = str(o, 'entityType', 'target')!;
  if (o['entityIds'] !== undefined) {
    const ids = o['entityIds'];
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.length > 1000 ||
      !ids.every((i) => typeof i === 'string' && i)
    )
      throw new DosiError(E.RULE_BAD_TARGET, { detail: 'entityIds must be 1 to 1000 entity ids' });
    t.entityIds = ids as string[];
  }
  if (o['idPattern'] !== undefined) {
    const p = o['idPattern'];
    if (typeof p !== 'string' || p.length === 0 || p.length > 200)
      throw new DosiError(E.RULE_BAD_TARGET, {
        detail: 'idPattern must be a regular expression of 1–200 characters',
      });
    try {
      new RegExp(p);
    } catch (err) {
      throw new DosiError(E.RULE_BAD_TARGET, { detail: `idPattern: ${(err as Error).message}` });
    }
    t.idPattern = p;
  }
  if (!t.entityType && !t.entityIds && !t.idPattern)
    throw new DosiError(E.RULE_BAD_TARGET, { detail: 'give entityType, entityIds or idPattern' });
  return t;
}

/** Checks a rule body; `known` absent = syntactic checks only (attributes are not looked up). */
export function validateRule(v: unknown, known?: KnownAttributes): RuleInput {
  const o = obj(v, 'rule');
  const severity = o['severity'];
  if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity))
    throw invalid(`severity must be one of ${SEVERITIES.join(', ')}`);
  const category = o['category'];
  if (
    typeof category !== 'string' ||
    !(CATEGORIES as readonly string[]).includes(category) ||
    category === 'rule-failure'
  )
    throw invalid(`category must be one of ${CATEGORIES.filter((c) => c !== 'rule-failure').join(', ')}`);
  const esc = o['escalateAfterMin'];
  if (esc !== undefined && (typeof esc !== 'number' || !Number.isInteger(esc) || esc < 1 || esc > 1440))
    throw badWindow('escalateAfterMin', 'must be a whole number of minutes from 1 to 1440');
  if (o['enabled'] !== undefined && typeof o['enabled'] !== 'boolean')
    throw invalid('enabled must be a boolean');
  const description = str(o, 'description', 'rule', true);
  const subCategory = str(o, 'subCategory', 'rule', true);
  return {
    name: str(o, 'name', 'rule')!,
    ...(description !== undefined ? { description } : {}),
    ...(typeof o['enabled'] === 'boolean' ? { enabled: o['enabled'] } : {}),
    severity: severity as Severity,
    category: category as Category,
    ...(subCategory !== undefined ? { subCategory } : {}),
    target: validateTarget(o['target']),
    condition: condition(o['condition'], 'condition', known, 0),
    ...(esc !== undefined ? { escalateAfterMin: esc } : {}),
  };
}
