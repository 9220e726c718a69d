// Reads one numeric series: rollup buckets (1m, 1h) or the raw readings (temporal_instances.num).
import type { Queryable } from '../storage/index.ts';

export const RESOLUTIONS = ['1m', '1h', 'raw'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** NGSI-LD default @context: short attribute names expand under this base. */
export const DEFAULT_CONTEXT_BASE = 'https://uri.etsi.org/ngsi-ld/default-context/';

const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Short names expand against the default context; absolute IRIs (and URNs) are kept. */
export function expandAttr(attr: string): string {
  return ABSOLUTE_IRI.test(attr) ? attr : DEFAULT_CONTEXT_BASE + attr;
}

export interface SeriesQuery {
  tenant: string;
  entityId: string;
  /** Expanded attribute IRI. */
  attr: string;
  resolution: Resolution;
  /** ISO instants; the range is [from, to). */
  from: string;
  to: string;
  limit: number;
}

export interface SeriesPoint {
  /** Bucket start (rollups) or reading time (raw), ISO UTC. */
  t: string;
  count: number;
  avg: number;
  min: number;
  max: number;
  last: number;
}

const BUCKET: Record<Exclude<Resolution, 'raw'>, string> = { '1m': '1 minute', '1h': '1 hour' };

/** Points in time order; rollup buckets that overlap [from, to) are included. */
export async function readSeries(q: Queryable, s: SeriesQuery): Promise<SeriesPoint[]> {
  if (s.resolution === 'raw') {
    // Two index-friendly arms (observed_at, or created_at when there is no observedAt).
    const r = await q.query<{ t: string; num: number }>(
      `SELECT COALESCE(observed_at, created_at) AS t, num FROM temporal_instances
       WHERE tenant = $1 AND entity_id = $2 AND attr = $3 AND NOT deleted AND num IS NOT NULL
         AND ((observed_at >= $4::timestamptz AND observed_at < $5::timestamptz)
           OR (observed_at IS NULL AND created_at >= $4::timestamptz AND created_at < $5::timestamptz))
       ORDER BY 1, instance_id LIMIT $6`,
      [s.tenant, s.entityId, s.attr, s.from, s.to, s.limit],
    );
    return r.rows.map((x) => ({ t: x.t, count: 1, avg: x.num, min: x.num, max: x.num, last: x.num }));
  }
  const r = await q.query<SeriesPoint>(
    `SELECT bucket AS t, count, sum / count AS avg, min, max, last FROM timeseries_rollups
     WHERE tenant = $1 AND entity_id = $2 AND attr = $3 AND resolution = $4
       AND bucket > $5::timestamptz - $7::interval AND bucket < $6::timestamptz
     ORDER BY bucket LIMIT $8`,
    [s.tenant, s.entityId, s.attr, s.resolution, s.from, s.to, BUCKET[s.resolution], s.limit],
  );
  return r.rows;
}
