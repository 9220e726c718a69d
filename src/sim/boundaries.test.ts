import { statSync } from 'node:fs';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  areaKm2,
  bboxOf,
  hanamDongs,
  pointInPolygon,
  randomPointIn,
  topoFeatures,
  type AreaGeometry,
  type Topology,
} from './boundaries.ts';
import { createRng } from './rng.ts';

describe('TopoJSON decoder', () => {
  // Two unit squares side by side sharing the arc x=1; quantized with scale 0.5 and delta-encoded.
  const topo: Topology = {
    type: 'Topology',
    transform: { scale: [0.5, 0.5], translate: [100, 30] },
    objects: {
      cells: {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Polygon', arcs: [[0, 1]], properties: { code: 'A' } },
          { type: 'MultiPolygon', arcs: [[[~1, 2]]], properties: { code: 'B' } },
          { type: 'Point', properties: { code: 'skipped' } },
        ],
      },
    },
    arcs: [
      // (2,0) → (0,0) → (0,2) → (2,2) in quantized units = x 101→100, y 30→31
      [
        [2, 0],
        [-2, 0],
        [0, 2],
        [2, 0],
      ],
      // shared edge (2,2) → (2,0)
      [
        [2, 2],
        [0, -2],
      ],
      // (2,2) → (4,2) → (4,0) → (2,0)
      [
        [2, 2],
        [2, 0],
        [0, -2],
        [-2, 0],
      ],
    ],
  };

  it('decodes delta-encoded arcs, reversed arcs and both polygon types', () => {
    const f = topoFeatures(topo, 'cells');
    assert.equal(f.length, 2);
    assert.deepEqual(f[0]!.properties, { code: 'A' });
    assert.deepEqual(f[0]!.geometry, {
      type: 'Polygon',
      coordinates: [
        [
          [101, 30],
          [100, 30],
          [100, 31],
          [101, 31],
          [101, 30],
        ],
      ],
    });
    assert.deepEqual(f[1]!.geometry, {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [101, 30],
            [101, 31],
            [102, 31],
            [102, 30],
            [101, 30],
          ],
        ],
      ],
    });
  });

  it('rejects an unknown object name', () => {
    assert.throws(() => topoFeatures(topo, 'nope'), /not found/);
  });
});

describe('geometry helpers', () => {
  const donut: AreaGeometry = {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [4, 0],
        [4, 4],
        [0, 4],
        [0, 0],
      ],
      [
        [1, 1],
        [3, 1],
        [3, 3],
        [1, 3],
        [1, 1],
      ],
    ],
  };

  it('point in polygon honours holes and multipolygons', () => {
    assert.equal(pointInPolygon([0.5, 0.5], donut), true);
    assert.equal(pointInPolygon([2, 2], donut), false);
    assert.equal(pointInPolygon([5, 5], donut), false);
    const multi: AreaGeometry = {
      type: 'MultiPolygon',
      coordinates: [
        donut.coordinates,
        [
          [
            [10, 10],
            [11, 10],
            [11, 11],
            [10, 10],
          ],
        ],
      ],
    };
    assert.equal(pointInPolygon([10.9, 10.5], multi), true);
    assert.equal(pointInPolygon([10.1, 10.5], multi), false);
  });

  it('random points stay inside, never in the hole', () => {
    const rng = createRng(7);
    for (let i = 0; i < 500; i++) {
      const p = randomPointIn(donut, rng);
      assert.equal(pointInPolygon(p, donut), true);
      assert.ok(!(p[0] > 1 && p[0] < 3 && p[1] > 1 && p[1] < 3));
    }
  });

  it('bbox', () => {
    assert.deepEqual(bboxOf(donut), [0, 0, 4, 4]);
  });
});

describe('Hanam-si dongs (KOSTAT 2018)', () => {
  const dongs = hanamDongs();

  it('has the 13 행정동 of 2018 with their codes', () => {
    assert.equal(dongs.length, 13);
    assert.deepEqual(
      dongs.map((d) => `${d.code} ${d.nameKo}`),
      [
        '3118051 천현동',
        '3118052 신장1동',
        '3118053 신장2동',
        '3118054 덕풍1동',
        '3118055 덕풍2동',
        '3118056 덕풍3동',
        '3118059 춘궁동',
        '3118060 초이동',
        '3118061 풍산동',
        '3118062 미사1동',
        '3118063 미사2동',
        '3118064 감북동',
        '3118065 위례동',
      ],
    );
    assert.equal(dongs.find((d) => d.code === '3118054')?.nameEn, 'Deokpung 1(il)-dong');
  });

  it('adds up to the area of Hanam (93 km²) and lies in its bounds', () => {
    const total = dongs.reduce((a, d) => a + areaKm2(d.geometry), 0);
    assert.ok(total > 90 && total < 95, `total ${total}`);
    for (const d of dongs) {
      const [minX, minY, maxX, maxY] = bboxOf(d.geometry);
      assert.ok(minX >= 127.13 && maxX <= 127.29 && minY >= 37.46 && maxY <= 37.6, d.nameKo);
    }
    // Largest (mostly mountains) and smallest (downtown) dongs.
    const byArea = [...dongs].sort((a, b) => areaKm2(b.geometry) - areaKm2(a.geometry));
    assert.equal(byArea[0]!.nameKo, '천현동');
    assert.equal(byArea.at(-1)!.nameKo, '신장1동');
  });

  it('dongs do not overlap: a point of one is in no other', () => {
    const rng = createRng(3);
    for (const d of dongs) {
      const p = randomPointIn(d.geometry, rng);
      assert.deepEqual(
        dongs.filter((o) => pointInPolygon(p, o.geometry)).map((o) => o.code),
        [d.code],
      );
    }
  });

  it('the committed GeoJSON is small', () => {
    const size = statSync(new URL('./assets/hanam-dongs.geojson', import.meta.url)).size;
    assert.ok(size < 200_000, `size ${size}`);
  });
});
