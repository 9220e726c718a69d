import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GeoQueryError, type GeoParam } from './errors.ts';
import {
  formatGeoQuery,
  parseGeoQuery,
  parseGeorel,
  parseOptionalGeoQuery,
  type GeoQueryInput,
} from './georel.ts';

const HANAM = '[127.2148,37.5393]';
const AREA = '[[[127.1,37.5],[127.3,37.5],[127.3,37.6],[127.1,37.6],[127.1,37.5]]]';

function rejects(input: GeoQueryInput, param: GeoParam, pattern: RegExp): void {
  assert.throws(
    () => parseGeoQuery(input),
    (e: unknown) => e instanceof GeoQueryError && e.param === param && pattern.test(e.message),
  );
}

describe('parseGeorel', () => {
  it('parses each relation and the near distances', () => {
    assert.deepEqual(parseGeorel('near;maxDistance==2000'), { georel: 'near', maxDistance: 2000 });
    assert.deepEqual(parseGeorel('near;minDistance==12.5'), { georel: 'near', minDistance: 12.5 });
    assert.deepEqual(parseGeorel('near;minDistance==10;maxDistance==20'), {
      georel: 'near',
      minDistance: 10,
      maxDistance: 20,
    });
    for (const r of ['within', 'contains', 'intersects', 'disjoint', 'equals', 'overlaps']) {
      assert.deepEqual(parseGeorel(r), { georel: r });
    }
  });

  it('rejects malformed relations', () => {
    const bad: [unknown, RegExp][] = [
      ['', /must not be empty/],
      [7, /must be a string, got number/],
      ['coveredBy', /unknown georel 'coveredBy'/],
      ['Near;maxDistance==1', /unknown georel 'Near'/],
      ['near', /needs a distance/],
      ['near;maxDistance=1', /bad near modifier 'maxDistance=1'/],
      ['near;maxDistance:1', /bad near modifier/],
      ['near;maxDistance==-1', /bad near modifier/],
      ['near;maxDistance==1e3', /bad near modifier/],
      ['near;maxDistance==', /bad near modifier/],
      ['near;radius==5', /bad near modifier/],
      ['near;maxDistance==1;maxDistance==2', /'maxDistance' is given twice/],
      ['near;minDistance==30;maxDistance==20', /minDistance 30 is greater than maxDistance 20/],
      ['within;maxDistance==5', /takes no modifiers/],
    ];
    for (const [text, pattern] of bad) {
      assert.throws(
        () => parseGeorel(text),
        (e: unknown) => e instanceof GeoQueryError && e.param === 'georel' && pattern.test(e.message),
        String(text),
      );
    }
  });
});

describe('parseGeoQuery', () => {
  it('parses a near query from URL parameters, defaulting geoproperty to location', () => {
    assert.deepEqual(
      parseGeoQuery({ georel: 'near;maxDistance==1000', geometry: 'Point', coordinates: HANAM }),
      {
        georel: 'near',
        maxDistance: 1000,
        geometry: { type: 'Point', coordinates: [127.2148, 37.5393] },
        geoproperty: 'location',
      },
    );
  });

  it('accepts already-parsed coordinates and a custom geoproperty (subscription geoQ)', () => {
    const q = parseGeoQuery({
      georel: 'within',
      geometry: 'Polygon',
      coordinates: JSON.parse(AREA),
      geoproperty: 'observationSpace',
    });
    assert.equal(q.georel, 'within');
    assert.equal(q.geoproperty, 'observationSpace');
    assert.equal(q.geometry.type, 'Polygon');
    assert.deepEqual(q.geometry.coordinates, JSON.parse(AREA));
  });

  it('accepts lower-case geometry names and normalises them', () => {
    assert.equal(
      parseGeoQuery({ georel: 'intersects', geometry: 'linestring', coordinates: '[[0,0],[1,1]]' }).geometry
        .type,
      'LineString',
    );
  });

  it('is all-or-nothing over georel, geometry and coordinates', () => {
    rejects({ georel: 'within' }, 'geometry', /'georel' given without 'geometry', 'coordinates'/);
    rejects(
      { geometry: 'Point', coordinates: HANAM },
      'georel',
      /'geometry', 'coordinates' given without 'georel'/,
    );
    rejects({ georel: 'near;maxDistance==5', geometry: 'Point' }, 'coordinates', /without 'coordinates'/);
    rejects({ geoproperty: 'location' }, 'georel', /missing 'georel', 'geometry', 'coordinates'/);
  });

  it('names the faulty parameter', () => {
    rejects(
      { georel: 'near;maxDistance==5', geometry: 'Circle', coordinates: HANAM },
      'geometry',
      /unknown geometry 'Circle'/,
    );
    rejects(
      { georel: 'near;maxDistance==5', geometry: 'Point', coordinates: '[127.2,' },
      'coordinates',
      /not valid JSON/,
    );
    rejects(
      { georel: 'near;maxDistance==5', geometry: 'Point', coordinates: '[37.5,127.2]' },
      'coordinates',
      /^coordinates: latitude 127.2 is outside/,
    );
    rejects(
      { georel: 'within', geometry: 'Polygon', coordinates: '[[[0,0],[1,0],[1,1],[0,0.5]]]' },
      'coordinates',
      /coordinates\[0\]: a linear ring must be closed/,
    );
    rejects(
      { georel: 'intersects', geometry: 'Point', coordinates: '{"a":1}' },
      'coordinates',
      /a position must be an array/,
    );
    rejects(
      { georel: 'within', geometry: 'Polygon', coordinates: AREA, geoproperty: '' },
      'geoproperty',
      /must not be empty/,
    );
    rejects(
      { georel: 'within', geometry: 'Polygon', coordinates: AREA, geoproperty: 'a b' },
      'geoproperty',
      /not an attribute name/,
    );
  });

  it('ties near to Point and within to areas', () => {
    rejects(
      { georel: 'near;maxDistance==5', geometry: 'Polygon', coordinates: AREA },
      'geometry',
      /'near' needs geometry Point, got Polygon/,
    );
    rejects(
      { georel: 'within', geometry: 'Point', coordinates: HANAM },
      'geometry',
      /'within' needs geometry Polygon or MultiPolygon, got Point/,
    );
    assert.equal(
      parseGeoQuery({ georel: 'contains', geometry: 'Point', coordinates: HANAM }).georel,
      'contains',
    );
  });
});

describe('parseOptionalGeoQuery and formatGeoQuery', () => {
  it('returns undefined when no geo parameter is present', () => {
    assert.equal(parseOptionalGeoQuery({}), undefined);
    assert.throws(() => parseOptionalGeoQuery({ geoproperty: 'location' }), /'geoproperty' given without/);
    assert.equal(
      parseOptionalGeoQuery({ georel: 'equals', geometry: 'Point', coordinates: HANAM })?.georel,
      'equals',
    );
  });

  it('round-trips through formatGeoQuery', () => {
    const q = parseGeoQuery({
      georel: 'near;minDistance==10;maxDistance==20',
      geometry: 'Point',
      coordinates: HANAM,
      geoproperty: 'loc',
    });
    const f = formatGeoQuery(q);
    assert.deepEqual(f, {
      georel: 'near;minDistance==10;maxDistance==20',
      geometry: 'Point',
      coordinates: [127.2148, 37.5393],
      geoproperty: 'loc',
    });
    assert.deepEqual(parseGeoQuery(f), q);
  });
});
