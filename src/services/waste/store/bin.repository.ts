// SQL of waste bins: one row per bin with its incremental state and its current forecast.
import type { Queryable } from '../../../storage/index.ts';
import type { BinStatus, BinTrack } from '../domain/types.ts';

export interface BinRow {
  tenant: string;
  entityId: string;
  deviceId: string | null;
  name: string | null;
  area: string | null;
  location: [number, number] | null;
  threshold: number;
  capacityL: number | null;
  track: BinTrack;
  fill: number | null;
  fillAt: string | null;
  rate: number | null;
  predictedFullAt: string | null;
  status: BinStatus;
  temperature: number | null;
  lastEmptiedAt: string | null;
  updatedAt: string;
}

interface Raw {
  tenant: string;
  entity_id: string;
  device_id: string | null;
  name: string | null;
  area: string | null;
  lon: number | null;
  lat: number | null;
  threshold: number;
  capacity_l: number | null;
  track: BinTrack;
  fill: number | null;
  fill_at: Date | string | null;
  rate: number | null;
  predicted_full_at: Date | string | null;
  status: BinStatus;
  temperature: number | null;
  last_emptied_at: Date | string | null;
  updated_at: Date | string;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

function toRow(r: Raw): BinRow {
  return {
    tenant: r.tenant,
    entityId: r.entity_id,
    deviceId: r.device_id,
    name: r.name,
    area: r.area,
    location: r.lon === null || r.lat === null ? null : [Number(r.lon), Number(r.lat)],
    threshold: Number(r.threshold),
    capacityL: r.capacity_l === null ? null : Number(r.capacity_l),
    track: r.track,
    fill: r.fill === null ? null : Number(r.fill),
    fillAt: iso(r.fill_at),
    rate: r.rate === null ? null : Number(r.rate),
    predictedFullAt: iso(r.predicted_full_at),
    status: r.status,
    temperature: r.temperature === null ? null : Number(r.temperature),
    lastEmptiedAt: iso(r.last_emptied_at),
    updatedAt: iso(r.updated_at) ?? '',
  };
}

const COLS = `tenant, entity_id, device_id, name, area, lon, lat, threshold, capacity_l, track, fill, fill_at,
  rate, predicted_full_at, status, temperature, last_emptied_at, updated_at`;

export async function getBin(
  q: Queryable,
  tenant: string,
  id: string,
  lock = false,
): Promise<BinRow | undefined> {
  const r = await q.query<Raw>(
    `SELECT ${COLS} FROM waste_bins WHERE tenant = $1 AND entity_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenant, id],
  );
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/** Inserts the bin or replaces its row (callers hold the row lock when it exists). */
export async function saveBin(q: Queryable, b: BinRow): Promise<void> {
  await q.query(
    `INSERT INTO waste_bins (${COLS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)
     ON CONFLICT (tenant, entity_id) DO UPDATE SET device_id = EXCLUDED.device_id, name = EXCLUDED.name,
       area = EXCLUDED.area, lon = EXCLUDED.lon, lat = EXCLUDED.lat, threshold = EXCLUDED.threshold,
       capacity_l = EXCLUDED.capacity_l, track = EXCLUDED.track, fill = EXCLUDED.fill,
       fill_at = EXCLUDED.fill_at, rate = EXCLUDED.rate, predicted_full_at = EXCLUDED.predicted_full_at,
       status = EXCLUDED.status, temperature = EXCLUDED.temperature,
       last_emptied_at = EXCLUDED.last_emptied_at, updated_at = EXCLUDED.updated_at`,
    [
      b.tenant,
      b.entityId,
      b.deviceId,
      b.name,
      b.area,
      b.location?.[0] ?? null,
      b.location?.[1] ?? null,
      b.threshold,
      b.capacityL,
      JSON.stringify(b.track),
      b.fill,
      b.fillAt,
      b.rate,
      b.predictedFullAt,
      b.status,
      b.temperature,
      b.lastEmptiedAt,
      b.updatedAt,
    ],
  );
}

export interface BinFilter {
  area?: string;
  /** [minLon, minLat, maxLon, maxLat] */
  bbox?: [number, number, number, number];
  predictedFullBefore?: string;
  limit: number;
  offset: number;
}

export async function listBins(
  q: Queryable,
  tenant: string,
  f: BinFilter,
): Promise<{ bins: BinRow[]; total: number }> {
  const where = ['tenant = $1'];
  const params: unknown[] = [tenant];
  const add = (sql: string, ...vs: unknown[]) => {
    let s = sql;
    for (const v of vs) {
      params.push(v);
      s = s.replace('?', `$${params.length}`);
    }
    where.push(s);
  };
  if (f.area) add('area = ?', f.area);
  if (f.bbox) add('lon >= ? AND lat >= ? AND lon <= ? AND lat <= ?', ...f.bbox);
  if (f.predictedFullBefore) add('predicted_full_at <= ?', f.predictedFullBefore);
  const w = where.join(' AND ');
  const total = await q.query<{ n: string }>(`SELECT count(*) AS n FROM waste_bins WHERE ${w}`, params);
  const rows = await q.query<Raw>(
    `SELECT ${COLS} FROM waste_bins WHERE ${w}
     ORDER BY predicted_full_at ASC NULLS LAST, entity_id LIMIT ${Math.trunc(f.limit)} OFFSET ${Math.trunc(f.offset)}`,
    params,
  );
  return { bins: rows.rows.map(toRow), total: Number(total.rows[0]?.n ?? 0) };
}
