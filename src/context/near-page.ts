// One page of a `near` query read nearest-first from the GiST index instead of scanning every
// candidate in the box. The index orders by planar distance in degrees to each entity's box; a
// great-circle distance is at least R·cos(φmax)·(that planar distance), with φmax the largest |latitude|
// of the query box. So once the page's last hit is nearer than that bound for the farthest row read,
// no unread row can enter the page: the result equals the full scan's, row for row.
import type { Queryable } from '../storage/index.ts';
import { EARTH_RADIUS_M } from './geo/index.ts';
import { candidateDistance, type CompiledQuery } from './ngsi/entity-query.ts';
import type { EntityRepository } from './store/entity.repository.ts';

const SAFETY = 0.999; // covers the equirectangular approximation at city scale many times over

export async function nearestPageIds(
  db: Queryable,
  repo: EntityRepository,
  tenant: string,
  c: CompiledQuery,
  need: number,
): Promise<string[] | undefined> {
  const geo = c.geo;
  const box = c.filter.bbox;
  if (!geo?.near || !box || geo.query.georel !== 'near' || geo.query.minDistance !== undefined)
    return undefined;
  const [x0, y0] = geo.query.geometry.coordinates;
  if (x0 === undefined || y0 === undefined) return undefined;
  const cosMax = Math.cos((Math.max(Math.abs(box.minLat), Math.abs(box.maxLat)) * Math.PI) / 180);
  const metresPerDegree = SAFETY * EARTH_RADIUS_M * (Math.PI / 180) * cosMax;
  let n = Math.max(32, need * 2);
  for (;;) {
    const rows = await repo.knnCandidates(db, tenant, c.filter, geo.iri, x0, y0, n);
    const hits = rows.flatMap((row) => {
      const d = candidateDistance(row, geo);
      return d === undefined ? [] : [{ id: row.id, d }];
    });
    hits.sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1));
    const exhausted = rows.length < n;
    const bound = (rows.at(-1)?.dp ?? 0) * metresPerDegree;
    const last = hits[need - 1];
    if (exhausted || (last !== undefined && last.d < bound)) return hits.slice(0, need).map((h) => h.id);
    n *= 4;
  }
}
