import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryContextStore } from './store.ts';

describe('createMemoryContextStore', () => {
  const now = () => new Date('2025-01-02T03:04:05.000Z');

  it('puts, gets, lists and deletes contexts', async () => {
    const store = createMemoryContextStore({ now });
    await store.put('a', { '@context': { x: 'https://e.org/x' } }, 'Hosted');
    await store.put('https://e.org/c.jsonld', { '@context': {} }, 'Cached');
    assert.deepEqual(await store.get('a'), {
      id: 'a',
      kind: 'Hosted',
      body: { '@context': { x: 'https://e.org/x' } },
      createdAt: '2025-01-02T03:04:05.000Z',
    });
    assert.deepEqual(
      (await store.list()).map((c) => [c.id, c.kind]),
      [
        ['a', 'Hosted'],
        ['https://e.org/c.jsonld', 'Cached'],
      ],
    );
    assert.equal(await store.delete('a'), true);
    assert.equal(await store.delete('a'), false);
    assert.equal(await store.get('a'), undefined);
    assert.equal((await store.list()).length, 1);
  });

  it('keeps a copy, unaffected by later changes to the given body', async () => {
    const store = createMemoryContextStore();
    const body = { '@context': { x: 'https://e.org/x' } };
    await store.put('a', body, 'Hosted');
    body['@context'].x = 'https://e.org/changed';
    assert.deepEqual((await store.get('a'))?.body, { '@context': { x: 'https://e.org/x' } });
  });
});
