// Shared fixtures for this folder's tests (not used by production code): a sample entity with
// every attribute type, a table of queries with their expected outcome, and fast-check
// arbitraries for random entities and queries.
import fc from 'fast-check';
import type { StoredEntity, StoredInstance } from '../model.ts';
import type { QAttrPath, QExpr, QTerm, QValue } from './q-ast.ts';
import { qAnd, qOr } from './q-ast.ts';

/** Terms expand under https://ex.org/; `weird` expands to an IRI that needs escaping. */
export const WEIRD_IRI = 'https://ex.org/we"ird\\\u0001name';
export function expandTerm(t: string): string {
  if (t === 'weird') return WEIRD_IRI;
  return t.includes(':') ? t : `https://ex.org/${t}`;
}
const E = expandTerm;

export const SAMPLE_ENTITY: StoredEntity = {
  id: 'urn:ngsi-ld:Sensor:1',
  types: [E('Sensor')],
  createdAt: '2026-01-01T00:00:00Z',
  modifiedAt: '2026-01-01T00:00:00Z',
  attrs: {
    [E('temperature')]: [
      {
        type: 'Property',
        value: 21.5,
        observedAt: '2026-11-22T10:00:00Z',
        unitCode: 'CEL',
        [E('accuracy')]: { type: 'Property', value: 0.5 },
      },
    ],
    [E('name')]: [{ type: 'Property', value: 'Main "street" sensor' }],
    [E('tags')]: [{ type: 'Property', value: ['a', 'b', 'c'] }],
    [E('levels')]: [{ type: 'Property', value: [1, 2, 3] }],
    [E('address')]: [{ type: 'Property', value: { city: 'Seoul', zip: { code: '04524' } } }],
    [E('owner')]: [{ type: 'Relationship', object: 'urn:ngsi-ld:Person:1' }],
    [E('category')]: [{ type: 'VocabProperty', vocab: E('commercial') }],
    [E('label')]: [{ type: 'LanguageProperty', languageMap: { en: 'bin', ko: '쓰레기통' } }],
    [E('config')]: [{ type: 'JsonProperty', json: { mode: 'eco', limits: [1, 2] } }],
    [E('route')]: [{ type: 'ListProperty', valueList: [10, 20] }],
    [E('multi')]: [
      { type: 'Property', value: 1, datasetId: 'urn:a' },
      { type: 'Property', value: 5, datasetId: 'urn:b' },
    ],
    [E('active')]: [{ type: 'Property', value: true }],
    [E('status')]: [{ type: 'Property', value: 'open', [E('reason')]: { type: 'Property', value: 'full' } }],
    [WEIRD_IRI]: [{ type: 'Property', value: 'odd' }],
  },
};

/** [q, expected match on SAMPLE_ENTITY]. */
export const SAMPLE_CASES: ReadonlyArray<readonly [string, boolean]> = [
  ['temperature', true],
  ['!temperature', false],
  ['missing', false],
  ['!missing', true],
  ['temperature==21.5', true],
  ['temperature>20', true],
  ['temperature>21.5', false],
  ['temperature>=21.5', true],
  ['temperature<22;temperature>21', true],
  ['temperature=="21.5"', false],
  ['temperature!="21.5"', true],
  ['temperature!=21.5', false],
  ['temperature==20..22', true],
  ['temperature==22..30', false],
  ['temperature!=22..30', true],
  ['temperature!=20..22', false],
  ['temperature==1,21.5', true],
  ['temperature!=1,21.5', false],
  ['temperature.observedAt>=2026-11-22T00:00:00Z', true],
  ['temperature.observedAt<2026-01-01', false],
  ['temperature.unitCode=="CEL"', true],
  ['temperature.accuracy<1', true],
  ['temperature.accuracy', true],
  ['temperature.precision', false],
  ['name~="street"', true],
  ['name~="^Main \\"street\\""', true],
  ['name~="(?i)MAIN"', true],
  ['name~="MAIN"', false],
  ['name!~="xyz"', true],
  ['name!~="street"', false],
  ['name>"M"', true],
  ['name<"M"', false],
  ['tags=="b"', true],
  ['tags!="b"', false],
  ['tags=="z"', false],
  ['tags!="z"', true],
  ['levels==2', true],
  ['levels>2', true],
  ['levels>3', false],
  ['levels==4..9', false],
  ['address[city]=="Seoul"', true],
  ['address[zip.code]=="04524"', true],
  ['address.city=="Seoul"', true],
  ['address.zip.code=="04524"', true],
  ['address[country]', false],
  ['address[city]', true],
  ['owner=="urn:ngsi-ld:Person:1"', true],
  ['owner==urn:ngsi-ld:Person:1', true],
  ['owner==urn:ngsi-ld:Person:2', false],
  ['owner!=urn:ngsi-ld:Person:2', true],
  ['category==commercial', true],
  ['category=="https://ex.org/commercial"', true],
  ['category==residential', false],
  ['category==residential,commercial', true],
  ['label=="쓰레기통"', true],
  ['label[en]=="bin"', true],
  ['label[ko]=="bin"', false],
  ['config[mode]=="eco"', true],
  ['config[limits]==2', true],
  ['route==20', true],
  ['route>25', false],
  ['multi==5', true],
  ['multi>4;multi<2', true],
  ['multi.datasetId=="urn:b"', true],
  ['active==true', true],
  ['active==false', false],
  ['active!=false', true],
  ['status.reason=="full"', true],
  ['status=="open";(temperature>30|active==true)', true],
  ['status=="open";temperature>30|active==false', false],
  ['https://ex.org/temperature>20', true],
  ['https://ex.org/temperature.unitCode=="CEL"', true],
  ['temperature<10|temperature>30|(status=="open")', true],
  ['weird=="odd"', true],
  ['weird~="^o"', true],
];

// ---- arbitraries -------------------------------------------------------------------------

const STRINGS = ['', 'x', 'y', 'X', 'xy', 'é', '😀', '\uE000', 'a"b', 'a\\b', '2026-01-01T00:00:00Z', E('x')];
const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -1.5),
  fc.boolean(),
  fc.constantFrom(...STRINGS),
  fc.constant(null),
);
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', maxDepth: 2 },
    { arbitrary: scalar, weight: 4 },
    { arbitrary: fc.array(tie('v'), { maxLength: 3 }), weight: 1 },
    { arbitrary: fc.dictionary(fc.constantFrom('k', 'm', 's'), tie('v'), { maxKeys: 2 }), weight: 1 },
  ),
})).v;

const subAttr = fc.record({ type: fc.constant('Property' as const), value: jsonValue });
const instance: fc.Arbitrary<StoredInstance> = fc.oneof(
  fc.record(
    {
      type: fc.constant('Property' as const),
      value: jsonValue,
      observedAt: fc.constantFrom('2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z'),
      unitCode: fc.constantFrom('CEL', 'x'),
      [E('s')]: subAttr,
    },
    { requiredKeys: ['type', 'value'] },
  ),
  fc.record({ type: fc.constant('Relationship' as const), object: fc.constantFrom('urn:x:1', 'x', E('x')) }),
  fc.record({ type: fc.constant('VocabProperty' as const), vocab: fc.constantFrom('x', E('x'), E('y')) }),
  fc.record({
    type: fc.constant('LanguageProperty' as const),
    languageMap: fc.dictionary(fc.constantFrom('en', 'fr'), fc.constantFrom(...STRINGS), { maxKeys: 2 }),
  }),
  fc.record({ type: fc.constant('JsonProperty' as const), json: jsonValue }),
  fc.record({ type: fc.constant('ListProperty' as const), valueList: fc.array(scalar, { maxLength: 3 }) }),
);

const ATTRS = ['a', 'b', 'weird'];
const instances = fc.array(instance, { minLength: 1, maxLength: 2 });
export const entityArb: fc.Arbitrary<StoredEntity> = fc
  .record({ [E('a')]: instances, [E('b')]: instances, [WEIRD_IRI]: instances }, { requiredKeys: [E('a')] })
  .map((attrs) => ({ id: 'urn:x:e', types: [E('T')], createdAt: 'c', modifiedAt: 'm', attrs }));

/** Mostly plain attributes; sometimes a sub-attribute, metadata or compound path. */
const biased = <T>(common: T, ...rare: T[]): fc.Arbitrary<T> =>
  fc.oneof(
    { arbitrary: fc.constant(common), weight: rare.length },
    { arbitrary: fc.constantFrom(...rare), weight: 2 },
  );

const pathArb: fc.Arbitrary<QAttrPath> = fc.record(
  {
    attr: fc.constantFrom(...ATTRS),
    dotted: biased<string[]>([], ['s'], ['observedAt'], ['unitCode'], ['k'], ['s', 'k']),
    keys: biased<string[]>([], ['k'], ['k', 'm'], ['m'], ['s']),
  },
  { noNullPrototype: true },
);

const comparable: fc.Arbitrary<QValue> = fc.oneof(
  fc.constantFrom(-1.5, 0, 0.5, 1, 2).map((value) => ({ kind: 'number' as const, value })),
  fc.constantFrom(...STRINGS).map((value) => ({ kind: 'string' as const, value })),
  fc.constant({ kind: 'dateTime' as const, value: '2026-03-01T00:00:00Z' }),
);
const anyValue: fc.Arbitrary<QValue> = fc.oneof(
  comparable,
  fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
  fc.constantFrom('x', 'urn:x:1').map((value) => ({ kind: 'uri' as const, value })),
);
const PATTERNS = ['^x', 'y$', 'x|y', '^.$', '[xy]+', 'é', '😀', '"', 'a\\\\b', '^\\d+$', '', '^$'];

const PLAIN = { noNullPrototype: true } as const;
const termArb: fc.Arbitrary<QTerm> = fc.oneof(
  fc.record({ kind: fc.constant('exists' as const), path: pathArb, negated: fc.boolean() }, PLAIN),
  fc.record(
    {
      kind: fc.constant('compare' as const),
      path: pathArb,
      op: fc.constantFrom('==' as const, '!=' as const),
      value: anyValue,
    },
    PLAIN,
  ),
  fc.record(
    {
      kind: fc.constant('compare' as const),
      path: pathArb,
      op: fc.constantFrom('>' as const, '>=' as const, '<' as const, '<=' as const),
      value: comparable,
    },
    PLAIN,
  ),
  fc.record(
    {
      kind: fc.constant('range' as const),
      path: pathArb,
      negated: fc.boolean(),
      low: comparable,
      high: comparable,
    },
    PLAIN,
  ),
  fc.record(
    {
      kind: fc.constant('list' as const),
      path: pathArb,
      negated: fc.boolean(),
      values: fc.array(anyValue, { minLength: 2, maxLength: 3 }),
    },
    PLAIN,
  ),
  fc.record(
    {
      kind: fc.constant('pattern' as const),
      path: pathArb,
      negated: fc.boolean(),
      pattern: fc.constantFrom(...PATTERNS),
      caseInsensitive: fc.boolean(),
    },
    PLAIN,
  ),
);

/** Random queries in the canonical shape the parser produces (flattened and/or). */
export const exprArb: fc.Arbitrary<QExpr> = fc.letrec<{ e: QExpr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    termArb,
    fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map(qAnd),
    fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map(qOr),
  ),
})).e;

const one = (inst: StoredInstance): StoredEntity['attrs'] => ({ [E('a')]: [inst] });
const prop = (value: unknown): StoredEntity['attrs'] => one({ type: 'Property', value });

/** [q, attrs, expected]: lax-mode and type corner cases that both implementations must agree on. */
export const EDGE_CASES: ReadonlyArray<readonly [string, StoredEntity['attrs'], boolean]> = [
  ['a==1', prop([[1, 2]]), true],
  ['a==1', prop([[[1]]]), false],
  ['a<"😀"', prop('\uE000'), true],
  ['a>"😀"', prop('\uE000'), false],
  ['a', prop(null), true],
  ['a==1', prop(null), false],
  ['a!=1', prop(null), true],
  ['a[k.m]==1', prop({ k: [{ m: 1 }] }), true],
  ['a[k]==1', prop([[{ k: 1 }]]), false],
  ['a==1..5', prop([0, 10]), false],
  ['a==1..5', prop([[0, 10]]), true],
  ['a[en]=="x"', one({ type: 'LanguageProperty', languageMap: { en: 'x' } }), true],
  ['a==x', one({ type: 'VocabProperty', vocab: 'x' }), true],
  ['a==x', one({ type: 'VocabProperty', vocab: E('x') }), true],
  ['a=="x"', one({ type: 'VocabProperty', vocab: E('x') }), true],
  ['a==y,x', one({ type: 'VocabProperty', vocab: [E('z'), E('x')] }), true],
  ['a==x', one({ type: 'Property', value: E('x') }), false],
  ['a==1', prop('1'), false],
  ['a!=1', prop('1'), true],
  ['a==true', prop(true), true],
  ['a!=true', prop(true), false],
  ['a==urn:2', one({ type: 'Relationship', object: ['urn:1', 'urn:2'] }), true],
  ['a.s==3', prop({ s: 3 }), true],
  ['a.s==3', one({ type: 'Property', value: { s: 3 }, [E('s')]: { type: 'Property', value: 4 } }), false],
  [
    'a.https://uri.etsi.org/ngsi-ld/observedAt>2000-01-01',
    one({ type: 'Property', value: 1, observedAt: '2026' }),
    true,
  ],
  ['a~="5"', prop(5), false],
  ['a!~="5"', prop(5), true],
  ['a~="a.b"', prop('a\nb'), true],
  ['a~="^b"', prop('a\nb'), false],
  ['a~="(?i)^abc$"', prop('ABC'), true],
  ['a~="^.$"', prop('😀'), true],
  ['a~="\\\\"', prop('x\\y'), true],
  ['a~="x{2,3}"', prop('axxb'), true],
  ['a>=-1.5', prop(-1.5), true],
  ['a==1e3', prop(1000), true],
];
