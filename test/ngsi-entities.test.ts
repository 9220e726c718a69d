// NGSI-LD entity contract: the same suite on PGlite and on the PostgreSQL server, over real HTTP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from './helpers/backends.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

const CORE = 'https://uri.etsi.org/ngsi-ld/errors/';
const json = (body: unknown, extra: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...extra },
  body: JSON.stringify(body),
});

const bin = (n: number, fill: number, lon: number, lat: number) => ({
  id: `urn:ngsi-ld:WasteContainer:hanam-${n}`,
  type: 'WasteContainer',
  fillingLevel: { type: 'Property', value: fill, unitCode: 'P1', observedAt: '2026-11-22T01:00:00Z' },
  status: { type: 'Property', value: fill > 0.8 ? 'full' : 'ok' },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [lon, lat] } },
  address: { type: 'Property', value: { addressLocality: '하남시', streetAddress: '미사강변대로 1' } },
});

for (const backend of await backends()) {
  describe(`NGSI-LD entities on ${backend.name}`, { skip: backend.skip }, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(backend);
    });
    after(async () => {
      await app?.close();
    });

    test('create, retrieve normalized / keyValues / concise, and 409 on duplicates', async () => {
      const created = await app.fetch('/ngsi-ld/v1/entities', json(bin(1, 0.42, 127.2148, 37.5393)));
      assert.equal(created.status, 201);
      assert.equal(
        created.headers.get('location'),
        '/ngsi-ld/v1/entities/urn%3Angsi-ld%3AWasteContainer%3Ahanam-1',
      );
      const got = await app.fetch('/ngsi-ld/v1/entities/urn:ngsi-ld:WasteContainer:hanam-1');
      assert.equal(got.status, 200);
      assert.match(got.headers.get('link') ?? '', /ngsi-ld-core-context/);
      const e = (await got.json()) as any;
      assert.equal(e.type, 'WasteContainer');
      assert.deepEqual(e.fillingLevel, {
        type: 'Property',
        value: 0.42,
        unitCode: 'P1',
        observedAt: '2026-11-22T01:00:00.000Z',
      });
      assert.deepEqual(e.location, {
        type: 'GeoProperty',
        value: { type: 'Point', coordinates: [127.2148, 37.5393] },
      });
      const kv = (await (
        await app.fetch('/ngsi-ld/v1/entities/urn:ngsi-ld:WasteContainer:hanam-1?options=keyValues')
      ).json()) as any;
      assert.deepEqual(kv, {
        id: 'urn:ngsi-ld:WasteContainer:hanam-1',
        type: 'WasteContainer',
        fillingLevel: 0.42,
        status: 'ok',
        location: { type: 'Point', coordinates: [127.2148, 37.5393] },
        address: { addressLocality: '하남시', streetAddress: '미사강변대로 1' },
      });
      const concise = (await (
        await app.fetch('/ngsi-ld/v1/entities/urn:ngsi-ld:WasteContainer:hanam-1?format=concise')
      ).json()) as any;
      assert.equal(concise.status, 'ok');
      assert.deepEqual(concise.fillingLevel, {
        value: 0.42,
        unitCode: 'P1',
        observedAt: '2026-11-22T01:00:00.000Z',
      });
      const dup = await app.fetch('/ngsi-ld/v1/entities', json(bin(1, 0.1, 127.2, 37.5)));
      assert.equal(dup.status, 409);
      assert.equal(((await dup.json()) as any).type, `${CORE}AlreadyExists`);
    });

    test('concise input is accepted and sysAttrs adds timestamps', async () => {
      const r = await app.fetch(
        '/ngsi-ld/v1/entities',
        json({
          id: 'urn:ngsi-ld:Sensor:c1',
          type: 'Sensor',
          temperature: 21.5,
          owner: { object: 'urn:ngsi-ld:Org:hanam' },
          location: { type: 'Point', coordinates: [127.2, 37.55] },
        }),
      );
      assert.equal(r.status, 201);
      const e = (await (
        await app.fetch('/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:c1?options=sysAttrs')
      ).json()) as any;
      assert.equal(e.temperature.type, 'Property');
      assert.equal(e.temperature.value, 21.5);
      assert.equal(e.owner.type, 'Relationship');
      assert.equal(e.owner.object, 'urn:ngsi-ld:Org:hanam');
      assert.equal(e.location.type, 'GeoProperty');
      assert.match(e.createdAt, /^\d{4}-\d{2}-\d{2}T/);
      assert.match(e.temperature.modifiedAt, /^\d{4}-\d{2}-\d{2}T/);
    });

    test('bad input answers precise ProblemDetails, never 5xx', async () => {
      const badJson = await app.fetch('/ngsi-ld/v1/entities', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"id": ',
      });
      assert.equal(badJson.status, 400);
      assert.equal(((await badJson.json()) as any).type, `${CORE}InvalidRequest`);
      const badType = await app.fetch('/ngsi-ld/v1/entities', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      });
      assert.equal(badType.status, 415);
      const badId = await app.fetch('/ngsi-ld/v1/entities', json({ id: 'not a uri', type: 'T' }));
      assert.equal(badId.status, 400);
      const p = (await badId.json()) as any;
      assert.equal(p.type, `${CORE}BadRequestData`);
      assert.match(p.detail, /URI/);
      const noType = await app.fetch('/ngsi-ld/v1/entities', json({ id: 'urn:x:1' }));
      assert.equal(noType.status, 400);
      const badGeo = await app.fetch(
        '/ngsi-ld/v1/entities',
        json({
          id: 'urn:x:2',
          type: 'T',
          location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [500, 37] } },
        }),
      );
      assert.equal(badGeo.status, 400);
      const missing = await app.fetch('/ngsi-ld/v1/entities/urn:ngsi-ld:Nothing:1');
      assert.equal(missing.status, 404);
      assert.equal(((await missing.json()) as any).type, `${CORE}ResourceNotFound`);
      const badQ = await app.fetch('/ngsi-ld/v1/entities?type=T&q=' + encodeURIComponent('a>>1'));
      assert.equal(badQ.status, 400);
      assert.equal(((await badQ.json()) as any).type, `${CORE}InvalidRequest`);
      const noFilter = await app.fetch('/ngsi-ld/v1/entities');
      assert.equal(noFilter.status, 400);
      const notAcceptable = await app.fetch('/ngsi-ld/v1/entities?type=T', {
        headers: { accept: 'text/html' },
      });
      assert.equal(notAcceptable.status, 406);
    });

    test('query by type, q, count and pagination', async () => {
      const items = [2, 3, 4, 5, 6].map((n) => bin(n, n / 10 + 0.3, 127.2 + n * 0.001, 37.54));
      const batch = await app.fetch('/ngsi-ld/v1/entityOperations/create', json(items));
      assert.equal(batch.status, 201);
      assert.equal(((await batch.json()) as any).length, 5);
      const full = await app.fetch(
        '/ngsi-ld/v1/entities?type=WasteContainer&q=fillingLevel>=0.8&count=true&options=keyValues&attrs=fillingLevel',
      );
      assert.equal(full.status, 200);
      assert.equal(full.headers.get('ngsild-results-count'), '2');
      const list = (await full.json()) as any;
      assert.deepEqual(
        list.map((x: { id: string }) => x.id),
        ['urn:ngsi-ld:WasteContainer:hanam-5', 'urn:ngsi-ld:WasteContainer:hanam-6'],
      );
      assert.deepEqual(Object.keys(list[0]).sort(), ['fillingLevel', 'id', 'type']);
      const range = (await (
        await app.fetch(
          '/ngsi-ld/v1/entities?type=WasteContainer&q=fillingLevel==0.5..0.7;status=="ok"&count=true',
        )
      ).json()) as any;
      assert.deepEqual(range.map((x: { id: string }) => x.id).sort(), [
        'urn:ngsi-ld:WasteContainer:hanam-2',
        'urn:ngsi-ld:WasteContainer:hanam-3',
        'urn:ngsi-ld:WasteContainer:hanam-4',
      ]);
      const dotted = (await (
        await app.fetch(
          '/ngsi-ld/v1/entities?type=WasteContainer&q=' +
            encodeURIComponent('address[addressLocality]=="하남시"') +
            '&limit=2&offset=1&count=true',
        )
      ).json()) as any;
      assert.equal(dotted.length, 2);
      assert.equal(dotted[0].id, 'urn:ngsi-ld:WasteContainer:hanam-2');
      const page = await app.fetch('/ngsi-ld/v1/entities?type=WasteContainer&limit=0&count=true');
      assert.equal(page.headers.get('ngsild-results-count'), '6');
      assert.deepEqual(await page.json(), []);
      const idPattern = (await (await app.fetch('/ngsi-ld/v1/entities?idPattern=hanam-[23]$')).json()) as any;
      const observed = (await (
        await app.fetch(
          '/ngsi-ld/v1/entities?type=WasteContainer&count=true&q=fillingLevel.observedAt>=2026-11-22T01:00:00Z',
        )
      ).json()) as any;
      assert.equal(observed.length, 6, 'observedAt compares as a date whatever the literal form');
      assert.equal(idPattern.length, 2);
    });

    test('geo-queries: near with maxDistance is nearest-first; within a polygon; geojson output', async () => {
      const near = await app.fetch(
        '/ngsi-ld/v1/entities?type=WasteContainer&georel=near;maxDistance==300&geometry=Point&coordinates=[127.2148,37.5393]&count=true',
      );
      assert.equal(near.status, 200);
      const ids = ((await near.json()) as any).map((x: { id: string }) => x.id);
      assert.equal(ids[0], 'urn:ngsi-ld:WasteContainer:hanam-1');
      assert.equal(near.headers.get('ngsild-results-count'), String(ids.length));
      assert.ok(!ids.includes('urn:ngsi-ld:WasteContainer:hanam-2'), 'hanam-2 lies about 1.3 km away');
      const poly = encodeURIComponent(
        JSON.stringify([
          [
            [127.199, 37.53],
            [127.2055, 37.53],
            [127.2055, 37.55],
            [127.199, 37.55],
            [127.199, 37.53],
          ],
        ]),
      );
      const within = (await (
        await app.fetch(
          `/ngsi-ld/v1/entities?type=WasteContainer&georel=within&geometry=Polygon&coordinates=${poly}`,
        )
      ).json()) as any;
      assert.deepEqual(
        within.map((x: { id: string }) => x.id),
        [
          'urn:ngsi-ld:WasteContainer:hanam-2',
          'urn:ngsi-ld:WasteContainer:hanam-3',
          'urn:ngsi-ld:WasteContainer:hanam-4',
          'urn:ngsi-ld:WasteContainer:hanam-5',
        ],
      );
      const geo = await app.fetch(
        '/ngsi-ld/v1/entities?type=WasteContainer&options=keyValues&attrs=fillingLevel&limit=2',
        { headers: { accept: 'application/geo+json' } },
      );
      assert.equal(geo.status, 200);
      assert.match(geo.headers.get('content-type') ?? '', /application\/geo\+json/);
      const fc = (await geo.json()) as any;
      assert.equal(fc.type, 'FeatureCollection');
      assert.equal(fc.features.length, 2);
      assert.equal(fc.features[0].geometry.type, 'Point');
      assert.equal(typeof fc.features[0].properties.fillingLevel, 'number');
      const badGeo = await app.fetch(
        '/ngsi-ld/v1/entities?type=WasteContainer&georel=near;maxDistance==300&geometry=Point',
      );
      assert.equal(badGeo.status, 400);
    });

    test('attributes: append, update (207 for missing), partial update, datasetId instances, delete', async () => {
      const id = 'urn:ngsi-ld:WasteContainer:hanam-1';
      const append = await app.fetch(
        `/ngsi-ld/v1/entities/${id}/attrs`,
        json({
          temperature: [
            { type: 'Property', value: 12 },
            { type: 'Property', value: 30, datasetId: 'urn:ngsi-ld:Dataset:probe2' },
          ],
        }),
      );
      assert.equal(append.status, 204);
      const upd = await app.fetch(`/ngsi-ld/v1/entities/${id}/attrs`, {
        ...json({ fillingLevel: { type: 'Property', value: 0.9 }, nope: { type: 'Property', value: 1 } }),
        method: 'PATCH',
      });
      assert.equal(upd.status, 207);
      const body = (await upd.json()) as any;
      assert.equal(body.notUpdated[0].attributeName, 'nope');
      assert.deepEqual(body.updated, ['fillingLevel']);
      const partial = await app.fetch(`/ngsi-ld/v1/entities/${id}/attrs/fillingLevel`, {
        ...json({ value: 0.95 }),
        method: 'PATCH',
      });
      assert.equal(partial.status, 204);
      let e = (await (await app.fetch(`/ngsi-ld/v1/entities/${id}`)).json()) as any;
      assert.equal(e.fillingLevel.value, 0.95);
      assert.ok(Array.isArray(e.temperature));
      assert.equal(e.temperature.length, 2);
      const del = await app.fetch(
        `/ngsi-ld/v1/entities/${id}/attrs/temperature?datasetId=urn:ngsi-ld:Dataset:probe2`,
        { method: 'DELETE' },
      );
      assert.equal(del.status, 204);
      e = (await (await app.fetch(`/ngsi-ld/v1/entities/${id}`)).json()) as any;
      assert.deepEqual(e.temperature, { type: 'Property', value: 12 });
      const gone = await app.fetch(`/ngsi-ld/v1/entities/${id}/attrs/humidity`, { method: 'DELETE' });
      assert.equal(gone.status, 404);
    });

    test('merge-patch deletes with null and merges the rest; replace keeps only the new attributes', async () => {
      const id = 'urn:ngsi-ld:WasteContainer:hanam-2';
      const merge = await app.fetch(`/ngsi-ld/v1/entities/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ status: null, fillingLevel: { value: 0.1 } }),
      });
      assert.equal(merge.status, 204);
      let e = (await (await app.fetch(`/ngsi-ld/v1/entities/${id}`)).json()) as any;
      assert.equal(e.status, undefined);
      assert.equal(e.fillingLevel.value, 0.1);
      assert.equal(e.fillingLevel.unitCode, 'P1', 'merge keeps members not given');
      const put = await app.fetch(`/ngsi-ld/v1/entities/${id}`, {
        ...json({ type: 'WasteContainer', fillingLevel: 0.2 }),
        method: 'PUT',
      });
      assert.equal(put.status, 204);
      e = (await (await app.fetch(`/ngsi-ld/v1/entities/${id}?options=keyValues`)).json()) as any;
      assert.deepEqual(e, { id, type: 'WasteContainer', fillingLevel: 0.2 });
    });

    test('batch upsert, update and delete report per-entity errors with 207', async () => {
      const up = await app.fetch(
        '/ngsi-ld/v1/entityOperations/upsert',
        json([bin(10, 0.3, 127.21, 37.55), { id: 'bad id', type: 'X' }]),
      );
      assert.equal(up.status, 207);
      const res = (await up.json()) as any;
      assert.deepEqual(res.success, ['urn:ngsi-ld:WasteContainer:hanam-10']);
      assert.equal(res.errors[0].entityId, 'bad id');
      assert.equal(res.errors[0].error.type, `${CORE}BadRequestData`);
      const upd = await app.fetch(
        '/ngsi-ld/v1/entityOperations/update',
        json([{ id: 'urn:ngsi-ld:WasteContainer:hanam-10', fillingLevel: { type: 'Property', value: 0.6 } }]),
      );
      assert.equal(upd.status, 204);
      const del = await app.fetch(
        '/ngsi-ld/v1/entityOperations/delete',
        json(['urn:ngsi-ld:WasteContainer:hanam-10', 'urn:ngsi-ld:WasteContainer:none']),
      );
      assert.equal(del.status, 207);
      const dres = (await del.json()) as any;
      assert.deepEqual(dres.success, ['urn:ngsi-ld:WasteContainer:hanam-10']);
      assert.equal(dres.errors[0].error.status, 404);
      const query = await app.fetch(
        '/ngsi-ld/v1/entityOperations/query?count=true',
        json({ type: 'Query', entities: [{ type: 'WasteContainer' }], q: 'fillingLevel>0.8' }),
      );
      assert.equal(query.status, 200);
      assert.equal(query.headers.get('ngsild-results-count'), String(((await query.json()) as any).length));
    });

    test('tenants never see each other', async () => {
      const goyang = await app.fetch('/ngsi-ld/v1/entities/urn:ngsi-ld:WasteContainer:hanam-1', {
        tenant: 'goyang',
      });
      assert.equal(goyang.status, 404);
      const list = (await (
        await app.fetch('/ngsi-ld/v1/entities?type=WasteContainer', { tenant: 'goyang' })
      ).json()) as any;
      assert.deepEqual(list, []);
      const tok = await app.token('goyang', 'admin');
      const cross = await fetch(`${app.url}/ngsi-ld/v1/entities?type=WasteContainer`, {
        headers: { authorization: `Bearer ${tok}`, 'ngsild-tenant': 'hanam' },
      });
      assert.equal(cross.status, 403);
      const anon = await fetch(`${app.url}/ngsi-ld/v1/entities?type=WasteContainer`);
      assert.equal(anon.status, 401);
    });

    test('JSON-LD: Link header contexts, inline @context, unknown remote context', async () => {
      const hosted = await app.fetch('/ngsi-ld/v1/jsonldContexts', {
        method: 'POST',
        headers: { 'content-type': 'application/ld+json' },
        body: JSON.stringify({
          '@context': {
            Bin: 'https://smartdatamodels.org/dataModel.WasteManagement/WasteContainer',
            fill: 'https://smartdatamodels.org/dataModel.WasteManagement/fillingLevel',
          },
        }),
      });
      assert.equal(hosted.status, 201);
      const ctxUrl = `${app.url}${hosted.headers.get('location')}`;
      const link = `<${ctxUrl}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
      const c = await app.fetch(
        '/ngsi-ld/v1/entities',
        json({ id: 'urn:ngsi-ld:Bin:ld1', type: 'Bin', fill: 0.5 }, { link }),
      );
      assert.equal(c.status, 201);
      const withCtx = (await (
        await app.fetch('/ngsi-ld/v1/entities?type=Bin&options=keyValues', { headers: { link } })
      ).json()) as any;
      assert.deepEqual(withCtx, [{ id: 'urn:ngsi-ld:Bin:ld1', type: 'Bin', fill: 0.5 }]);
      const noCtx = (await (
        await app.fetch(
          '/ngsi-ld/v1/entities?type=' +
            encodeURIComponent('https://smartdatamodels.org/dataModel.WasteManagement/WasteContainer') +
            '&options=keyValues',
        )
      ).json()) as any;
      assert.equal(noCtx[0].type, 'https://smartdatamodels.org/dataModel.WasteManagement/WasteContainer');
      assert.equal(noCtx[0]['https://smartdatamodels.org/dataModel.WasteManagement/fillingLevel'], 0.5);
      const ld = await app.fetch('/ngsi-ld/v1/entities/urn:ngsi-ld:Bin:ld1', {
        headers: { link, accept: 'application/ld+json' },
      });
      assert.match(ld.headers.get('content-type') ?? '', /application\/ld\+json/);
      assert.ok(((await ld.json()) as any)['@context']);
      const inline = await app.fetch('/ngsi-ld/v1/entities', {
        method: 'POST',
        headers: { 'content-type': 'application/ld+json' },
        body: JSON.stringify({ id: 'urn:ngsi-ld:Bin:ld2', type: 'Bin', fill: 0.7, '@context': [ctxUrl] }),
      });
      assert.equal(inline.status, 201);
      const t0 = Date.now();
      const unknown = await app.fetch('/ngsi-ld/v1/entities?type=Bin', {
        headers: {
          link: '<https://example.invalid/ctx.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"',
        },
      });
      assert.equal(unknown.status, 503);
      assert.equal(((await unknown.json()) as any).type, `${CORE}LdContextNotAvailable`);
      assert.ok(Date.now() - t0 < 2000, 'no network wait');
    });

    test('discovery: types and attributes', async () => {
      const types = (await (await app.fetch('/ngsi-ld/v1/types')).json()) as any;
      assert.equal(types.type, 'EntityTypeList');
      assert.ok(types.typeList.includes('WasteContainer'));
      const info = (await (await app.fetch('/ngsi-ld/v1/types/WasteContainer')).json()) as any;
      assert.equal(info.typeName, 'WasteContainer');
      assert.ok(info.entityCount >= 5);
      assert.ok(
        info.attributeDetails.some((a: { attributeName: string }) => a.attributeName === 'fillingLevel'),
      );
      const attrs = (await (await app.fetch('/ngsi-ld/v1/attributes')).json()) as any;
      assert.ok(attrs.attributeList.includes('fillingLevel'));
      const one = (await (await app.fetch('/ngsi-ld/v1/attributes/fillingLevel')).json()) as any;
      assert.deepEqual(one.attributeTypes, ['Property']);
      assert.equal((await app.fetch('/ngsi-ld/v1/types/Nothing')).status, 404);
    });

    test('near pages read nearest-first from the index equal the full scan, row for row', async () => {
      let seed = 7;
      const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
      const items = Array.from({ length: 600 }, (_, i) => {
        const lon = 127.19 + rnd() * 0.03;
        const lat = 37.53 + rnd() * 0.03;
        const location =
          i % 10 === 0
            ? {
                type: 'LineString',
                coordinates: [
                  [lon, lat],
                  [lon + 0.002, lat + 0.001],
                ],
              }
            : i % 10 === 1
              ? {
                  type: 'Polygon',
                  coordinates: [
                    [
                      [lon, lat],
                      [lon + 0.001, lat],
                      [lon + 0.001, lat + 0.001],
                      [lon, lat + 0.001],
                      [lon, lat],
                    ],
                  ],
                }
              : { type: 'Point', coordinates: [lon, lat] };
        return { id: `urn:ngsi-ld:Lamp:${i}`, type: 'Lamp', location };
      });
      for (let i = 0; i < items.length; i += 200) {
        assert.equal(
          (await app.fetch('/ngsi-ld/v1/entityOperations/create', json(items.slice(i, i + 200)))).status,
          201,
        );
      }
      for (const [lon, lat, max] of [
        [127.205, 37.545, 400],
        [127.19, 37.53, 800],
        [127.21, 37.55, 150],
      ] as const) {
        const base = `/ngsi-ld/v1/entities?type=Lamp&georel=near;maxDistance==${max}&geometry=Point&coordinates=[${lon},${lat}]`;
        for (const [limit, offset] of [
          [20, 0],
          [7, 13],
          [50, 40],
        ] as const) {
          const knn = (await (await app.fetch(`${base}&limit=${limit}&offset=${offset}`)).json()) as {
            id: string;
          }[];
          const full = (await (
            await app.fetch(`${base}&limit=${limit}&offset=${offset}&count=true`)
          ).json()) as { id: string }[];
          assert.deepEqual(
            knn.map((e) => e.id),
            full.map((e) => e.id),
            `${base} limit=${limit} offset=${offset}`,
          );
        }
      }
    });

    test('delete entity', async () => {
      assert.equal(
        (await app.fetch('/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:c1', { method: 'DELETE' })).status,
        204,
      );
      assert.equal((await app.fetch('/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:c1')).status, 404);
      assert.equal(
        (await app.fetch('/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:c1', { method: 'DELETE' })).status,
        404,
      );
    });
  });
}
