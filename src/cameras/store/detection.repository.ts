// SQL of kept detections, and of refused webhook bodies (into the ingestion dead-letter table, so
// operators inspect them with the other refused messages: transport http, reason bad_payload).
import type { Queryable } from '../../storage/index.ts';
import type { Detection } from '../domain/detection.ts';
import type { ScoredEvent } from '../domain/ranking.ts';

interface Row {
  camera_id: string;
  type: ScoredEvent['type'];
  confidence: number;
  observed_at: Date | string;
}

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

export async function insertDetection(
  q: Queryable,
  tenant: string,
  cameraId: string,
  d: Detection,
  receivedAt: string,
): Promise<string> {
  const { type, confidence, observedAt, ...detail } = d;
  const r = await q.query<{ id: string }>(
    `INSERT INTO camera_detections (tenant, camera_id, type, confidence, observed_at, detail, received_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING id`,
    [tenant, cameraId, type, confidence, observedAt, JSON.stringify(detail), receivedAt],
  );
  return String(r.rows[0]!.id);
}

/** Detections of the tenant observed at or after `since`, newest first, at most `limit`. */
export async function recentDetections(
  q: Queryable,
  tenant: string,
  since: string,
  limit: number,
): Promise<ScoredEvent[]> {
  const r = await q.query<Row>(
    `SELECT camera_id, type, confidence, observed_at FROM camera_detections
     WHERE tenant = $1 AND observed_at >= $2 ORDER BY observed_at DESC LIMIT $3`,
    [tenant, since, limit],
  );
  return r.rows.map((x) => ({
    cameraId: x.camera_id,
    type: x.type,
    confidence: Number(x.confidence),
    observedAt: iso(x.observed_at),
  }));
}

export async function deadLetterDetection(
  q: Queryable,
  tenant: string,
  cameraId: string,
  payload: Buffer,
  detail: string,
  receivedAt: string,
): Promise<void> {
  await q.query(
    `INSERT INTO dead_letters (tenant, device_id, transport, topic, reason, detail, payload, received_at)
     VALUES ($1, $2, 'http', $3, 'bad_payload', $4, $5::bytea, $6)`,
    [
      tenant,
      cameraId,
      `cameras/${cameraId}/detections`,
      detail.slice(0, 2000),
      `\\x${payload.toString('hex')}`,
      receivedAt,
    ],
  );
}
