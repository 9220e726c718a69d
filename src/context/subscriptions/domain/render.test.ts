import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSubscription, subscriptionStatus } from './render.ts';
import { NOW, NS, sub } from './test-support.ts';
import type { TermMapper } from '../../ngsi/terms.ts';

// The requester's context maps the names differently from the creator's.
const OTHER: TermMapper = {
  expandTerm: (t) => t,
  compactIri: (iri) => (iri.startsWith(NS) ? `ex:${iri.slice(NS.length)}` : iri),
};

test('renders with the requester context and the delivery status', () => {
  const s = sub({
    entities: [{ type: 'A;(B|C)' }],
    watchedAttributes: ['fillingLevel'],
    geoQ: {
      georel: 'within',
      geometry: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    },
    notification: { endpoint: { uri: 'http://r/n' }, attributes: ['status'] },
  });
  const out = renderSubscription(
    s,
    { timesSent: 3, timesFailed: 2, status: 'ok', lastSuccess: NOW, lastFailure: NOW },
    OTHER,
    { now: NOW, sysAttrs: false },
  );
  assert.deepEqual(out.entities, [{ type: 'ex:A;(ex:B|ex:C)' }]);
  assert.deepEqual(out.watchedAttributes, ['ex:fillingLevel']);
  assert.equal((out.geoQ as { geoproperty: string }).geoproperty, 'ex:location');
  assert.equal(out.status, 'active');
  assert.deepEqual(out.notification, {
    attributes: ['ex:status'],
    format: 'normalized',
    endpoint: { uri: 'http://r/n', accept: 'application/json' },
    showChanges: false,
    sysAttrs: false,
    timesSent: 3,
    timesFailed: 2,
    status: 'ok',
    lastSuccess: NOW,
    lastFailure: NOW,
  });
  assert.equal(out.createdAt, undefined);
});

test('status is paused when inactive and expired after expiresAt', () => {
  const s = sub({ entities: [{ type: 'T' }], expiresAt: '2026-06-01T00:00:00Z' });
  assert.equal(subscriptionStatus({ ...s, isActive: false }, NOW), 'paused');
  assert.equal(subscriptionStatus(s, '2026-06-01T00:00:00Z'), 'expired');
});
