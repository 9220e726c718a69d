// Camera ⇄ NGSI-LD entity of type Camera (FIWARE-style attributes). The entity is the record: a
// camera is created, read and found through the context broker like every other entity.
import type { StoredEntity, TermMapper } from '../context/index.ts';
import { DETECTION_TYPES } from './domain/ranking.ts';

export const CAMERA_TYPE = 'Camera';
export const CAMERA_STATUSES = ['online', 'offline', 'maintenance'] as const;

export interface Camera {
  id: string;
  name: string;
  /** [lon, lat] */
  location: [number, number];
  direction: number;
  fieldOfView: number;
  range: number;
  streamUrl: string | null;
  snapshotUrl: string | null;
  status: string;
}

export type CameraInput = Omit<Camera, 'id' | 'streamUrl' | 'snapshotUrl' | 'status'> & {
  id: string;
  streamUrl?: string | undefined;
  snapshotUrl?: string | undefined;
  status?: string | undefined;
};

const prop = (value: unknown, extra: Record<string, unknown> = {}) => ({ type: 'Property', value, ...extra });

/** The NGSI-LD body of a new camera; every detection attribute starts at 0 so rules can name it. */
export function cameraEntityBody(c: CameraInput, at: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: c.id,
    type: CAMERA_TYPE,
    name: prop(c.name),
    location: { type: 'GeoProperty', value: { type: 'Point', coordinates: c.location } },
    direction: prop(c.direction, { unitCode: 'DD' }),
    fieldOfView: prop(c.fieldOfView, { unitCode: 'DD' }),
    range: prop(c.range, { unitCode: 'MTR' }),
    status: prop(c.status ?? 'online'),
  };
  if (c.streamUrl) body.streamUrl = prop(c.streamUrl);
  if (c.snapshotUrl) body.snapshotUrl = prop(c.snapshotUrl);
  for (const t of DETECTION_TYPES) {
    body[`${t}Confidence`] = prop(0, { observedAt: at });
    body[`${t}Count`] = prop(0, { observedAt: at });
  }
  return body;
}

export function cameraFromEntity(e: StoredEntity, terms: TermMapper): Camera | undefined {
  const val = (name: string): unknown => {
    const list = e.attrs[terms.expandTerm(name)];
    const inst = list?.find((i) => i.datasetId === undefined) ?? list?.[0];
    return inst?.value;
  };
  const loc = val('location') as { type?: string; coordinates?: unknown } | undefined;
  const num = (name: string, dflt: number) => {
    const v = val(name);
    return typeof v === 'number' && Number.isFinite(v) ? v : dflt;
  };
  if (loc?.type !== 'Point' || !Array.isArray(loc.coordinates)) return undefined;
  const [lon, lat] = loc.coordinates as number[];
  if (typeof lon !== 'number' || typeof lat !== 'number') return undefined;
  const str = (name: string) => {
    const v = val(name);
    return typeof v === 'string' ? v : null;
  };
  return {
    id: e.id,
    name: str('name') ?? e.id,
    location: [lon, lat],
    direction: num('direction', 0),
    fieldOfView: num('fieldOfView', 360),
    range: num('range', 0),
    streamUrl: str('streamUrl'),
    snapshotUrl: str('snapshotUrl'),
    status: str('status') ?? 'online',
  };
}
