import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CORE_CONTEXT_URL, DEFAULT_CONTEXT_VOCAB } from './constants.ts';
import { LdContextError } from './errors.ts';
import { createContextResolver } from './resolver.ts';

const NGSI = 'https://uri.etsi.org/ngsi-ld/';
const BUILDING = 'https://smartdatamodels.org/dataModel.Building/Building';
const userContext = {
  schema: 'https://schema.org/',
  Building: BUILDING,
  owner: { '@id': 'https://smartdatamodels.org/owner', '@type': '@id' },
  category: { '@id': 'https://smartdatamodels.org/category', '@type': '@vocab' },
  openedAt: { '@id': 'schema:openedAt', '@type': 'DateTime' },
};

const isBadData = (e: unknown): boolean => e instanceof LdContextError && e.kind === 'BadRequestData';

describe('ActiveContext with the Core @context alone', () => {
  const core = createContextResolver().core;

  it('expands typical entity keys and compacts them back', () => {
    const cases: [string, string][] = [
      ['temperature', `${DEFAULT_CONTEXT_VOCAB}temperature`],
      ['name', `${DEFAULT_CONTEXT_VOCAB}name`],
      ['location', `${NGSI}location`],
      ['Property', `${NGSI}Property`],
      ['Relationship', `${NGSI}Relationship`],
      ['observedAt', `${NGSI}observedAt`],
      ['unitCode', `${NGSI}unitCode`],
      ['containedBy', `${NGSI}isContainedBy`],
      ['value', `${NGSI}hasValue`],
      ['description', 'http://purl.org/dc/terms/description'],
      ['Point', 'https://purl.org/geojson/vocab#Point'],
      ['attributeCount', `${DEFAULT_CONTEXT_VOCAB}attributeCount`],
    ];
    for (const [term, iri] of cases) {
      assert.equal(core.expandTerm(term), iri, term);
      assert.equal(core.compactIri(iri), term, iri);
    }
  });

  it('keeps keywords and keyword aliases, absolute IRIs and URNs', () => {
    assert.equal(core.expandTerm('type'), '@type');
    assert.equal(core.expandTerm('id'), '@id');
    assert.equal(core.expandTerm('@type'), '@type');
    assert.equal(core.compactIri('@type'), 'type');
    assert.equal(core.compactIri('@id'), 'id');
    assert.equal(core.expandTerm('https://example.org/x'), 'https://example.org/x');
    assert.equal(core.expandTerm('urn:ngsi-ld:Building:1'), 'urn:ngsi-ld:Building:1');
    assert.equal(core.compactIri('https://example.org/x'), 'https://example.org/x');
  });

  it('expands and compacts with the core prefixes', () => {
    assert.equal(core.expandTerm('ngsi-ld:custom'), `${NGSI}custom`);
    assert.equal(core.compactIri(`${NGSI}custom`), 'ngsi-ld:custom');
    assert.equal(core.compactIri('https://purl.org/geojson/vocab#other'), 'geojson:other');
  });

  it('records term types so callers know which values are IRIs', () => {
    assert.equal(core.termType('object'), '@id');
    assert.equal(core.termType('datasetId'), '@id');
    assert.equal(core.termType('vocab'), '@vocab');
    assert.equal(core.termType('json'), '@json');
    assert.equal(core.termType('observedAt'), `${NGSI}DateTime`);
    assert.equal(core.termType('temperature'), undefined);
    assert.deepEqual(core.termDefinition('coordinates')?.container, ['@list']);
  });

  it('reports core terms and renders the core URL', () => {
    assert.equal(core.isCoreTerm('location'), true);
    assert.equal(core.isCoreTerm('temperature'), false);
    assert.equal(core.isCoreOnly, true);
    assert.equal(core.asJsonLdContext(), CORE_CONTEXT_URL);
    assert.equal(core.linkUrl, CORE_CONTEXT_URL);
    assert.deepEqual(core.contextUrls, [CORE_CONTEXT_URL]);
  });

  it('round-trips any plain attribute name (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/);
    fc.assert(fc.property(name, (t) => core.compactIri(core.expandTerm(t)) === t));
  });
});

describe('ActiveContext with a user @context', () => {
  const resolver = createContextResolver();

  it('expands user terms, compact IRIs and compacts to the shortest term', async () => {
    const ctx = await resolver.resolve({ ...userContext, name: 'schema:name' });
    assert.equal(ctx.expandTerm('Building'), BUILDING);
    assert.equal(ctx.compactIri(BUILDING), 'Building');
    assert.equal(ctx.expandTerm('schema:name'), 'https://schema.org/name');
    assert.equal(ctx.expandTerm('name'), 'https://schema.org/name');
    assert.equal(ctx.compactIri('https://schema.org/name'), 'name');
    assert.equal(ctx.compactIri('https://schema.org/address'), 'schema:address');
    assert.equal(ctx.expandTerm('openedAt'), 'https://schema.org/openedAt');
    assert.equal(ctx.termType('openedAt'), `${NGSI}DateTime`);
    assert.equal(ctx.termType('owner'), '@id');
    assert.equal(ctx.termType('category'), '@vocab');
    assert.equal(ctx.expandTerm('temperature'), `${DEFAULT_CONTEXT_VOCAB}temperature`);
  });

  it('lets later contexts of an array override earlier ones', async () => {
    const ctx = await resolver.resolve([{ speed: 'https://a.org/speed' }, { speed: 'https://b.org/speed' }]);
    assert.equal(ctx.expandTerm('speed'), 'https://b.org/speed');
  });

  it('gives the Core @context absolute precedence wherever it is placed', async () => {
    const ctx = await resolver.resolve([
      CORE_CONTEXT_URL,
      { location: 'https://e.org/myLocation', Property: 'https://e.org/P' },
    ]);
    assert.equal(ctx.expandTerm('location'), `${NGSI}location`);
    assert.equal(ctx.expandTerm('Property'), `${NGSI}Property`);
    assert.equal(ctx.isCoreTerm('location'), true);
  });

  it('uses a user @vocab for undefined terms, the default vocabulary otherwise', async () => {
    const ctx = await resolver.resolve({ '@vocab': 'https://example.org/vocab/' });
    assert.equal(ctx.expandTerm('temperature'), 'https://example.org/vocab/temperature');
    assert.equal(ctx.compactIri('https://example.org/vocab/temperature'), 'temperature');
    assert.equal(ctx.expandTerm('location'), `${NGSI}location`);
    // Stored under the default vocabulary: still rendered as something that expands back.
    const iri = `${DEFAULT_CONTEXT_VOCAB}temperature`;
    assert.equal(ctx.expandTerm(ctx.compactIri(iri)), iri);
  });

  it('lets user terms use core prefixes', async () => {
    const ctx = await resolver.resolve({ myAttr: 'ngsi-ld:myAttr' });
    assert.equal(ctx.expandTerm('myAttr'), `${NGSI}myAttr`);
    assert.equal(ctx.compactIri(`${NGSI}myAttr`), 'myAttr');
  });

  it('renders the user context with the Core @context last', async () => {
    const ctx = await resolver.resolve([{ Building: BUILDING }, CORE_CONTEXT_URL]);
    assert.deepEqual(ctx.asJsonLdContext(), [{ Building: BUILDING }, CORE_CONTEXT_URL]);
    assert.equal(ctx.linkUrl, undefined);
    assert.equal(ctx.isCoreOnly, false);
  });

  it('rejects invalid term definitions with BadRequestData', async () => {
    const invalid: unknown[] = [
      { x: 42 },
      { x: { '@id': 'https://e.org/x', '@context': { y: 'https://e.org/y' } } }, // scoped context, §5.5.7
      { x: { '@id': 'https://e.org/x', '@foo': 1 } },
      { x: { '@id': 'https://e.org/x', '@type': 7 } },
      { x: { '@id': 'https://e.org/x', '@container': '@bogus' } },
      { a: 'a:b' }, // cyclic
      { '@vocab': 5 },
      { '@version': 1.0 },
      { '@import': 'https://e.org/ctx' },
    ];
    for (const ctx of invalid) await assert.rejects(resolver.resolve(ctx), isBadData, JSON.stringify(ctx));
  });
});
