// Fixtures for this folder's tests (not used by production code).
import type { StoredEntity } from '../../model.ts';
import type { TermMapper } from '../../ngsi/terms.ts';
import { validateSubscription } from './validate.ts';
import type { Subscription } from './types.ts';

export const NOW = '2026-05-01T00:00:00.000Z';
export const NS = 'https://ex.org/';

/** Terms expand under https://ex.org/; compact back. */
export const TERMS: TermMapper = {
  expandTerm: (t) => (t.includes(':') ? t : `${NS}${t}`),
  compactIri: (iri) => (iri.startsWith(NS) ? iri.slice(NS.length) : iri),
};

export function sub(body: Record<string, unknown>): Subscription {
  return validateSubscription(
    {
      type: 'Subscription',
      id: 'urn:ngsi-ld:Subscription:s1',
      notification: { endpoint: { uri: 'http://127.0.0.1:9/n' } },
      ...body,
    },
    { terms: TERMS, now: NOW, context: undefined, newId: () => 'urn:ngsi-ld:Subscription:generated' },
  );
}

export function bin(fill: number, extra: Partial<StoredEntity> = {}): StoredEntity {
  return {
    id: 'urn:ngsi-ld:WasteContainer:1',
    types: [`${NS}WasteContainer`],
    createdAt: NOW,
    modifiedAt: NOW,
    attrs: {
      [`${NS}fillingLevel`]: [{ type: 'Property', value: fill }],
      [`${NS}status`]: [{ type: 'Property', value: fill > 0.8 ? 'full' : 'ok' }],
      [`${NS}location`]: [{ type: 'GeoProperty', value: { type: 'Point', coordinates: [127.2, 37.5] } }],
    },
    ...extra,
  };
}
