import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GeoQueryError } from './errors.ts';
import { validateCoordinates, validateGeometry } from './geometry.ts';

const square = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
  [0, 0],
];

function rejects(fn: () => unknown, pattern: RegExp, param = 'value'): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof GeoQueryError);
    assert.equal(e.param, param);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('validateGeometry', () => {
  it('accepts each GeoJSON type and copies only type and coordinates', () => {
    assert.deepEqual(
      validateGeometry({ type: 'Point', coordinates: [127.2148, 37.5393], bbox: [1, 2, 3, 4] }),
      {
        type: 'Point',
        coordinates: [127.2148, 37.5393],
      },
    );
    assert.deepEqual(validateGeometry({ type: 'Point', coordinates: [1, 2, 30.5] }).type, 'Point');
    assert.equal(validateGeometry({ type: 'MultiPoint', coordinates: [[1, 2]] }).type, 'MultiPoint');
    assert.equal(
      validateGeometry({
        type: 'LineString',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      }).type,
      'LineString',
    );
    assert.equal(
      validateGeometry({
        type: 'MultiLineString',
        coordinates: [
          [
            [1, 2],
            [3, 4],
          ],
        ],
      }).type,
      'MultiLineString',
    );
    assert.deepEqual(validateGeometry({ type: 'Polygon', coordinates: [square] }), {
      type: 'Polygon',
      coordinates: [square],
    });
    assert.equal(validateGeometry({ type: 'MultiPolygon', coordinates: [[square]] }).type, 'MultiPolygon');
  });

  it('keeps altitude in the copy', () => {
    assert.deepEqual(validateGeometry({ type: 'Point', coordinates: [1, 2, 30.5] }), {
      type: 'Point',
      coordinates: [1, 2, 30.5],
    });
  });

  it('accepts a GeometryCollection and validates its members', () => {
    const g = validateGeometry({
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [1, 2] },
        { type: 'Polygon', coordinates: [square] },
      ],
    });
    assert.equal(g.type, 'GeometryCollection');
    assert.equal(g.type === 'GeometryCollection' ? g.geometries.length : 0, 2);
    rejects(
      () =>
        validateGeometry({
          type: 'GeometryCollection',
          geometries: [{ type: 'Point', coordinates: [1, 200] }],
        }),
      /value\.geometries\[0\]\.coordinates: latitude 200 is outside \[-90, 90\]/,
    );
    rejects(
      () => validateGeometry({ type: 'GeometryCollection', geometries: [] }),
      /at least 1 geometries, got 0/,
    );
  });

  it('rejects bad shapes with the path of the fault', () => {
    rejects(() => validateGeometry(null), /value: .*must be an object.*got null/);
    rejects(() => validateGeometry([1, 2]), /got an array/);
    rejects(() => validateGeometry({ type: 'point', coordinates: [1, 2] }), /unknown geometry type "point"/);
    rejects(() => validateGeometry({ type: 'Point' }), /a Point needs "coordinates"/);
    rejects(
      () => validateGeometry({ type: 'Point', coordinates: [1] }),
      /value\.coordinates: a position must be an array/,
    );
    rejects(() => validateGeometry({ type: 'Point', coordinates: [1, 2, 3, 4] }), /a position must be/);
    rejects(
      () => validateGeometry({ type: 'Point', coordinates: ['1', 2] }),
      /value\.coordinates\[0\]: expected a finite number, got the string "1"/,
    );
    rejects(
      () => validateGeometry({ type: 'Point', coordinates: [181, 2] }),
      /longitude 181 is outside \[-180, 180\]/,
    );
    rejects(() => validateGeometry({ type: 'Point', coordinates: [1, -90.5] }), /latitude -90.5 is outside/);
    rejects(
      () => validateGeometry({ type: 'Point', coordinates: [[1, 2]] }),
      /value\.coordinates: Point coordinates must be a position, nested 1 deep; got arrays nested 2 deep/,
    );
    rejects(
      () => validateGeometry({ type: 'LineString', coordinates: [[1, 2]] }),
      /at least 2 positions, got 1/,
    );
    rejects(() => validateGeometry({ type: 'MultiPoint', coordinates: [] }), /at least 1 positions, got 0/);
    rejects(
      () =>
        validateGeometry({
          type: 'MultiLineString',
          coordinates: [
            [1, 2],
            [3, 4],
          ],
        }),
      /MultiLineString coordinates must be .* nested 3 deep; got arrays nested 2 deep/,
    );
    rejects(
      () => validateGeometry({ type: 'LineString', coordinates: [[1, 2], 3] }),
      /value\.coordinates\[1\]: a position must be/,
    );
  });

  it('rejects open and short rings and wrong polygon nesting', () => {
    const open = square.slice(0, 4).concat([[0, 1]]);
    rejects(
      () => validateGeometry({ type: 'Polygon', coordinates: [open] }),
      /value\.coordinates\[0\]: a linear ring must be closed/,
    );
    rejects(
      () =>
        validateGeometry({
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        }),
      /at least 4 positions, got 3/,
    );
    rejects(
      () => validateGeometry({ type: 'Polygon', coordinates: square }),
      /Polygon coordinates must be an array of linear rings .*nested 3 deep; got arrays nested 2 deep/,
    );
    rejects(
      () => validateGeometry({ type: 'MultiPolygon', coordinates: [square] }),
      /nested 4 deep; got arrays nested 3 deep/,
    );
    rejects(
      () =>
        validateGeometry({
          type: 'Polygon',
          coordinates: [
            square,
            [
              [1, 1],
              [2, 2],
            ],
          ],
        }),
      /value\.coordinates\[1\]: expected at least 4 positions, got 2/,
    );
    rejects(() => validateGeometry({ type: 'Polygon', coordinates: [] }), /at least 1 linear rings/);
  });

  it('rejects NaN and Infinity', () => {
    rejects(
      () => validateGeometry({ type: 'Point', coordinates: [Number.NaN, 1] }),
      /expected a finite number, got a number/,
    );
    rejects(
      () => validateGeometry({ type: 'Point', coordinates: [1, Infinity] }),
      /\[1\]: expected a finite number/,
    );
  });
});

describe('validateCoordinates', () => {
  it('reports the parameter it validates', () => {
    rejects(
      () => validateCoordinates('Point', [200, 0], 'coordinates', 'coordinates'),
      /^coordinates: longitude 200/,
      'coordinates',
    );
  });
});
