// Property test: thousands of random and malformed bodies, queries, ids and headers against the real
// API. Whatever comes in, dosi answers < 500 with a problem document, and the process stays up.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

const RUNS = Number(process.env.DOSI_FUZZ_RUNS ?? 1500);
const [embedded] = await backends();

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const attrName = fc.oneof(
  fc.constantFrom(
    'temperature',
    'location',
    'name',
    'id',
    'type',
    '@context',
    'observedAt',
    'a.b',
    'x[y]',
    '',
  ),
  fc.string({ maxLength: 12 }),
);
const attrValue = fc.oneof(
  jsonValue,
  fc.record(
    {
      type: fc.constantFrom(
        'Property',
        'Relationship',
        'GeoProperty',
        'LanguageProperty',
        'VocabProperty',
        'ListProperty',
        'JsonProperty',
        'Nope',
      ),
      value: jsonValue,
      object: jsonValue,
      datasetId: fc.oneof(fc.string(), fc.constant('urn:ds:1')),
      observedAt: fc.oneof(
        fc.string(),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
    },
    { requiredKeys: [] },
  ),
  fc.record({
    type: fc.constantFrom('Point', 'Polygon', 'LineString', 'MultiPolygon'),
    coordinates: fc.oneof(
      jsonValue,
      fc.array(fc.double(), { maxLength: 4 }),
      fc.array(fc.array(fc.array(fc.double(), { maxLength: 3 }), { maxLength: 5 }), { maxLength: 2 }),
    ),
  }),
);
const entity = fc
  .record(
    {
      id: fc.oneof(fc.constant('urn:ngsi-ld:F:1'), fc.webUrl(), fc.string(), jsonValue),
      type: fc.oneof(fc.constant('F'), fc.string(), fc.array(fc.string()), jsonValue),
    },
    { requiredKeys: [] },
  )
  .chain((base) =>
    fc.dictionary(attrName, attrValue, { maxKeys: 4 }).map((attrs) => ({ ...attrs, ...base })),
  );
const body = fc.oneof(
  entity,
  jsonValue,
  fc.array(entity, { maxLength: 3 }),
  fc.string().map((s) => ({ raw: s })),
);

const qChars = fc.string({ unit: fc.constantFrom(...'ab1.=<>!~;|()"[],:*\\ -'.split('')), maxLength: 24 });
const queryParam = fc.record(
  {
    type: fc.oneof(fc.constant('F'), fc.constant('(A;B)|C'), qChars),
    q: qChars,
    georel: fc.oneof(
      fc.constantFrom('near;maxDistance==100', 'within', 'intersects', 'near;minDistance==x', 'disjoint'),
      fc.string({ maxLength: 10 }),
    ),
    geometry: fc.constantFrom('Point', 'Polygon', 'LineString', 'Blob', ''),
    coordinates: fc.oneof(
      fc.constant('[127.2,37.5]'),
      fc.string({ maxLength: 20 }),
      jsonValue.map((v) => JSON.stringify(v)),
    ),
    limit: fc.oneof(fc.nat(3000).map(String), fc.string({ maxLength: 4 })),
    offset: fc.oneof(fc.nat(100).map(String), fc.constant('-1')),
    attrs: fc.string({ maxLength: 12 }),
    options: fc.constantFrom('keyValues', 'sysAttrs', 'bogus', 'concise,sysAttrs'),
    idPattern: fc.constantFrom('.*', '[', '(a', 'urn:.*:1'),
    count: fc.constantFrom('true', 'false', 'yes'),
    lang: fc.constantFrom('ko', 'en,ko', '*'),
  },
  { requiredKeys: [] },
);
const path = fc.oneof(
  fc.constantFrom(
    '/ngsi-ld/v1/entities',
    '/ngsi-ld/v1/entityOperations/create',
    '/ngsi-ld/v1/entityOperations/upsert',
    '/ngsi-ld/v1/entityOperations/update',
    '/ngsi-ld/v1/entityOperations/delete',
    '/ngsi-ld/v1/entityOperations/query',
    '/ngsi-ld/v1/jsonldContexts',
  ),
  fc
    .oneof(fc.constant('urn:ngsi-ld:F:1'), fc.string({ maxLength: 20 }))
    .map((id) => `/ngsi-ld/v1/entities/${encodeURIComponent(id)}`),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }))
    .map(
      ([id, a]) =>
        `/ngsi-ld/v1/entities/${encodeURIComponent(id || 'urn:x:1')}/attrs/${encodeURIComponent(a || 'p')}`,
    ),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/ld+json',
  'application/merge-patch+json',
  'text/plain',
  'application/json; charset=utf-8',
  '',
);

describe('fuzzing the HTTP API', () => {
  let app: TestApp;
  let token: string;
  before(async () => {
    app = await startTestApp(embedded!);
    token = await app.token('hanam', 'admin');
  });
  after(async () => {
    await app?.close();
  });

  test(`${RUNS} random requests never produce a 5xx`, async () => {
    let sent = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE'),
        path,
        queryParam,
        body,
        contentType,
        fc.boolean(),
        async (method, p, qp, b, ct, rawText) => {
          const qs = new URLSearchParams(qp as Record<string, string>).toString();
          const headers: Record<string, string> = { authorization: `Bearer ${token}` };
          if (ct) headers['content-type'] = ct;
          const init: RequestInit = { method, headers };
          const text0 = JSON.stringify(b);
          const sentBody = rawText ? text0.slice(0, Math.max(1, text0.length - 3)) : text0;
          if (method !== 'GET' && method !== 'DELETE') init.body = sentBody;
          const r = await fetch(`${app.url}${p}${qs ? `?${qs}` : ''}`, init);
          const text = await r.text();
          sent++;
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status >= 500)
            assert.fail(
              `${method} ${p}?${qs} → ${r.status} ${text.slice(0, 300)} body=${sentBody.slice(0, 200)}`,
            );
          if (r.status >= 400) {
            const problem = JSON.parse(text) as { type?: string; detail?: string };
            assert.equal(typeof problem.type, 'string');
            assert.equal(typeof problem.detail, 'string');
          }
        },
      ),
      { numRuns: RUNS },
    );
    assert.equal(sent, RUNS);
    // the property explored both rejections and successes
    assert.ok(
      [...statuses.keys()].some((s) => s >= 400),
      'some requests were rejected',
    );
    assert.ok(
      [...statuses.keys()].some((s) => s < 300),
      'some requests succeeded',
    );
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });
});
