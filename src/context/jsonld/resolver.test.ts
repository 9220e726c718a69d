import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CORE_CONTEXT_URL, DEFAULT_CONTEXT_VOCAB } from './constants.ts';
import { LdContextError } from './errors.ts';
import { createContextResolver } from './resolver.ts';
import { createMemoryContextStore } from './store.ts';

const BUILDING = 'https://smartdatamodels.org/dataModel.Building/Building';
const kindIs = (kind: string) => (e: unknown) => e instanceof LdContextError && e.kind === kind;

describe('createContextResolver', () => {
  it('gives the core context when the request carries none', async () => {
    const resolver = createContextResolver();
    for (const none of [
      undefined,
      null,
      [],
      CORE_CONTEXT_URL,
      'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld',
    ]) {
      assert.equal(await resolver.resolve(none), resolver.core);
    }
    assert.equal(
      await resolver.resolve(['https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.6.jsonld']),
      resolver.core,
    );
  });

  it('answers an unknown remote URL with LdContextNotAvailable, without network', async () => {
    const resolver = createContextResolver();
    const started = Date.now();
    await assert.rejects(resolver.resolve('http://10.255.255.1/never.jsonld'), (e: unknown) => {
      assert.ok(e instanceof LdContextError);
      assert.equal(e.kind, 'LdContextNotAvailable');
      assert.equal(e.url, 'http://10.255.255.1/never.jsonld');
      assert.match(e.message, /downloading remote contexts is disabled/);
      return true;
    });
    assert.ok(Date.now() - started < 200);
  });

  it('caches processed contexts: the same object for the same URL or JSON', async () => {
    const store = createMemoryContextStore();
    let gets = 0;
    const counting = { ...store, get: (id: string) => ((gets += 1), store.get(id)) };
    await store.put('https://e.org/ctx.jsonld', { '@context': { Building: BUILDING } }, 'Cached');
    const resolver = createContextResolver({ store: counting });
    const [a, b] = await Promise.all([
      resolver.resolve('https://e.org/ctx.jsonld'),
      resolver.resolve('https://e.org/ctx.jsonld'),
    ]);
    assert.equal(a, b);
    assert.equal(await resolver.resolve('https://e.org/ctx.jsonld'), a);
    assert.equal(gets, 1);
    assert.equal(a.linkUrl, 'https://e.org/ctx.jsonld');
    assert.deepEqual(a.contextUrls, ['https://e.org/ctx.jsonld', CORE_CONTEXT_URL]);
    const inline1 = await resolver.resolve({ Building: BUILDING });
    assert.equal(await resolver.resolve({ Building: BUILDING }), inline1);
  });

  it('resolves jsonldContexts URLs of stored contexts through the store', async () => {
    const store = createMemoryContextStore();
    await store.put(
      'urn:ngsi-ld:Context:abc',
      { '@context': [{ Building: BUILDING }, CORE_CONTEXT_URL] },
      'Hosted',
    );
    const resolver = createContextResolver({ store });
    const url = 'http://localhost:1026/ngsi-ld/v1/jsonldContexts/urn%3Angsi-ld%3AContext%3Aabc';
    const ctx = await resolver.resolve(url);
    assert.equal(ctx.expandTerm('Building'), BUILDING);
    assert.equal(ctx.linkUrl, url);
  });

  it('resolves the bundled dosi context without a store entry', async () => {
    const ctx = await createContextResolver().resolve(
      'http://dosi.local/ngsi-ld/v1/jsonldContexts/dosi-context',
    );
    assert.equal(ctx.expandTerm('temperature'), `${DEFAULT_CONTEXT_VOCAB}temperature`);
  });

  it('follows nested URLs and arrays inside stored contexts', async () => {
    const store = createMemoryContextStore();
    await store.put(
      'https://e.org/base.jsonld',
      { '@context': { schema: 'https://schema.org/', speed: 'https://a.org/speed' } },
      'Cached',
    );
    await store.put(
      'https://e.org/top.jsonld',
      { '@context': ['https://e.org/base.jsonld', { speed: 'schema:speed' }] },
      'Cached',
    );
    const ctx = await createContextResolver({ store }).resolve('https://e.org/top.jsonld');
    assert.equal(ctx.expandTerm('speed'), 'https://schema.org/speed');
  });

  it('refuses a context that includes itself', async () => {
    const store = createMemoryContextStore();
    await store.put('https://e.org/a.jsonld', { '@context': ['https://e.org/b.jsonld'] }, 'Cached');
    await store.put('https://e.org/b.jsonld', { '@context': ['https://e.org/a.jsonld'] }, 'Cached');
    await assert.rejects(
      createContextResolver({ store }).resolve('https://e.org/a.jsonld'),
      kindIs('BadRequestData'),
    );
  });

  it('refuses malformed @context values and documents', async () => {
    const store = createMemoryContextStore();
    await store.put('https://e.org/plain.jsonld', { Building: BUILDING }, 'Cached');
    const resolver = createContextResolver({ store });
    await assert.rejects(resolver.resolve(42), kindIs('BadRequestData'));
    await assert.rejects(resolver.resolve([{ a: 'https://e.org/a' }, 7]), kindIs('BadRequestData'));
    await assert.rejects(resolver.resolve('not a url'), kindIs('BadRequestData'));
    await assert.rejects(resolver.resolve('https://e.org/plain.jsonld'), kindIs('BadRequestData'));
  });

  it('does not cache failures, and invalidate drops contexts built from a URL', async () => {
    const store = createMemoryContextStore();
    const resolver = createContextResolver({ store });
    const url = 'https://e.org/late.jsonld';
    await assert.rejects(resolver.resolve(url), kindIs('LdContextNotAvailable'));
    await store.put(url, { '@context': { Building: BUILDING } }, 'Cached');
    const first = await resolver.resolve(url);
    assert.equal(first.expandTerm('Building'), BUILDING);
    await store.put(url, { '@context': { Building: 'https://e.org/OtherBuilding' } }, 'Cached');
    assert.equal(await resolver.resolve(url), first);
    resolver.invalidate(url);
    assert.equal((await resolver.resolve(url)).expandTerm('Building'), 'https://e.org/OtherBuilding');
  });

  it('evicts the least recently used context beyond cacheSize', async () => {
    const resolver = createContextResolver({ cacheSize: 2 });
    const a = await resolver.resolve({ a: 'https://e.org/a' });
    await resolver.resolve({ b: 'https://e.org/b' });
    assert.equal(await resolver.resolve({ a: 'https://e.org/a' }), a); // a is now most recent
    await resolver.resolve({ c: 'https://e.org/c' }); // evicts b
    assert.equal(await resolver.resolve({ a: 'https://e.org/a' }), a);
  });
});
