// A detection posted by edge analytics, checked field by field so a refusal says exactly what is wrong.
import { DETECTION_TYPES, type DetectionType } from './ranking.ts';

export interface Detection {
  type: DetectionType;
  confidence: number;
  observedAt: string;
  /** [x, y, width, height], fractions of the frame (0–1). */
  bbox?: [number, number, number, number];
  count?: number;
  snapshot?: string;
}

export type Checked = { ok: true; value: Detection } | { ok: false; detail: string };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const KNOWN = new Set(['type', 'confidence', 'observedAt', 'bbox', 'count', 'snapshot']);
const fail = (detail: string): Checked => ({ ok: false, detail });

function isUnit(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
}

export function checkDetection(body: unknown): Checked {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return fail('the body must be a JSON object');
  const b = body as Record<string, unknown>;
  const extra = Object.keys(b).filter((k) => !KNOWN.has(k));
  if (extra.length) return fail(`unknown member ${extra.map((k) => `/${k}`).join(', ')}`);
  if (!DETECTION_TYPES.includes(b.type as DetectionType))
    return fail(`/type must be one of ${DETECTION_TYPES.join(', ')} (got ${JSON.stringify(b.type)})`);
  if (!isUnit(b.confidence))
    return fail(`/confidence must be a number from 0 to 1 (got ${JSON.stringify(b.confidence)})`);
  if (typeof b.observedAt !== 'string' || !ISO.test(b.observedAt) || Number.isNaN(Date.parse(b.observedAt)))
    return fail(
      `/observedAt must be an ISO 8601 date-time with offset (got ${JSON.stringify(b.observedAt)})`,
    );
  const value: Detection = {
    type: b.type as DetectionType,
    confidence: b.confidence,
    observedAt: new Date(b.observedAt).toISOString(),
  };
  if (b.bbox !== undefined) {
    if (!Array.isArray(b.bbox) || b.bbox.length !== 4 || !b.bbox.every(isUnit))
      return fail('/bbox must be [x, y, width, height] with each a number from 0 to 1');
    value.bbox = b.bbox as [number, number, number, number];
  }
  if (b.count !== undefined) {
    if (!Number.isInteger(b.count) || (b.count as number) < 0 || (b.count as number) > 100_000)
      return fail(`/count must be an integer from 0 to 100000 (got ${JSON.stringify(b.count)})`);
    value.count = b.count as number;
  }
  if (b.snapshot !== undefined) {
    if (typeof b.snapshot !== 'string' || !/^https?:\/\//.test(b.snapshot) || b.snapshot.length > 2000)
      return fail('/snapshot must be an http(s) URL of at most 2000 characters');
    value.snapshot = b.snapshot;
  }
  return { ok: true, value };
}
