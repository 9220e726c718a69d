// Regenerates src/sim/assets/hanam-dongs.geojson from the KOSTAT 2018 submunicipality TopoJSON
// (southkorea-maps). The output is committed so the project does not depend on the source file.
//
//   npx tsx src/sim/extract-boundaries.ts [path/to/skorea-submunicipalities-2018-topo-simple.json]
//
// Default source: ../shared/data/korea-boundaries/ relative to the repository root.
// 행정구역 경계: 통계청(KOSTAT) 2018, 공공누리 제1유형(KOGL Type 1).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { topoFeatures, type AreaGeometry, type Ring, type Topology } from './boundaries.ts';

/** Hanam-si in KOSTAT's 2018 codes (41450 in the 행정표준코드); its dongs are 31180xx. */
export const HANAM_KOSTAT_CODE = '31180';
const OBJECT = 'skorea_submunicipalities_2018_geo';
/** 6 decimals ≈ 0.1 m: far below the simplification of the source, and keeps the file small. */
const DIGITS = 6;

const round = (v: number): number => Number(v.toFixed(DIGITS));
const roundRing = (r: Ring): Ring => r.map(([x, y]) => [round(x), round(y)]);
const roundGeometry = (g: AreaGeometry): AreaGeometry =>
  g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(roundRing) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(roundRing)) };

export function extractHanam(topo: Topology): object {
  const features = topoFeatures(topo, OBJECT)
    .filter((f) => String(f.properties.code).startsWith(HANAM_KOSTAT_CODE))
    .sort((a, b) => String(a.properties.code).localeCompare(String(b.properties.code)))
    .map((f) => ({
      type: 'Feature',
      properties: {
        code: String(f.properties.code),
        name: String(f.properties.name),
        name_eng: String(f.properties.name_eng),
      },
      geometry: roundGeometry(f.geometry),
    }));
  return {
    type: 'FeatureCollection',
    // Foreign members: GeoJSON has no comments, so provenance travels in the file itself.
    name: 'hanam-dongs',
    source:
      'KOSTAT (통계청) SGIS 2018 administrative boundaries via southkorea-maps (skorea-submunicipalities-2018-topo-simple.json)',
    license: '공공누리 제1유형 (KOGL Type 1) — http://www.kogl.or.kr/info/license.do',
    attribution: '행정구역 경계: 통계청(KOSTAT) 2018, 공공누리 제1유형(KOGL Type 1)',
    generator: 'npx tsx src/sim/extract-boundaries.ts',
    features,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const src =
    process.argv[2] ??
    fileURLToPath(
      new URL(
        '../../../shared/data/korea-boundaries/skorea-submunicipalities-2018-topo-simple.json',
        import.meta.url,
      ),
    );
  const out = fileURLToPath(new URL('./assets/hanam-dongs.geojson', import.meta.url));
  const fc = extractHanam(JSON.parse(readFileSync(src, 'utf8')) as Topology);
  // Formatted with the project's Prettier settings so `prettier --check .` accepts the generated file.
  const options = (await prettier.resolveConfig(out)) ?? {};
  writeFileSync(out, await prettier.format(JSON.stringify(fc), { ...options, parser: 'json' }));
  process.stderr.write(`wrote ${out}\n`);
}
