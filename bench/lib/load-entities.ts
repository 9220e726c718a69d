// Bulk-loads synthetic WasteContainer entities around Hanam straight into the entities table.
import type { Db } from '../../src/storage/index.ts';

// Hanam city bounds (approx.)
export const BOX = { minLon: 127.13, minLat: 37.46, maxLon: 127.27, maxLat: 37.6 };

export function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export async function loadEntities(db: Db, N: number): Promise<void> {
  const rand = rng(42);
  const now = new Date('2026-11-22T00:00:00Z').toISOString();
  const chunk = 5000;
  for (let start = 0; start < N; start += chunk) {
    const ids: string[] = [];
    const attrs: string[] = [];
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = start; i < Math.min(N, start + chunk); i++) {
      const lon = BOX.minLon + rand() * (BOX.maxLon - BOX.minLon);
      const lat = BOX.minLat + rand() * (BOX.maxLat - BOX.minLat);
      const fill = Math.round(rand() * 1000) / 1000;
      ids.push(`urn:ngsi-ld:WasteContainer:b${i}`);
      xs.push(lon);
      ys.push(lat);
      attrs.push(
        JSON.stringify({
          'https://uri.etsi.org/ngsi-ld/default-context/fillingLevel': [
            { type: 'Property', value: fill, createdAt: now, modifiedAt: now },
          ],
          'https://uri.etsi.org/ngsi-ld/status': [
            { type: 'Property', value: fill > 0.9 ? 'full' : 'ok', createdAt: now, modifiedAt: now },
          ],
          'https://uri.etsi.org/ngsi-ld/location': [
            {
              type: 'GeoProperty',
              value: { type: 'Point', coordinates: [lon, lat] },
              createdAt: now,
              modifiedAt: now,
            },
          ],
        }),
      );
    }
    await db.query(
      `INSERT INTO entities (tenant, id, types, attrs, created_at, modified_at, loc, loc_point)
       SELECT 'hanam', id, ARRAY['https://uri.etsi.org/ngsi-ld/default-context/WasteContainer'], a::jsonb, $4, $4, box(point(x, y), point(x, y)), true
       FROM unnest($1::text[], $2::text[], $3::float8[], $5::float8[]) AS u(id, a, x, y)`,
      [ids, attrs, xs, now, ys],
    );
  }
  await db.query('ANALYZE entities');
}
