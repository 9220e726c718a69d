// Use cases of cameras: register (an NGSI-LD entity of type Camera), find those that see a point or
// an alarm's entity, take detections from edge analytics (kept, and written as attributes of the
// camera entity so rules fire on them) and rank cameras for the operations-centre wall.
import { DosiError, E, type Clock, type Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import type { ContextService, StoredEntity, TermMapper } from '../context/index.ts';
import {
  CAMERA_TYPE,
  cameraEntityBody,
  cameraFromEntity,
  type Camera,
  type CameraInput,
} from './camera-entity.ts';
import { checkDetection, type Detection } from './domain/detection.ts';
import { rankCameras, type RankedCamera } from './domain/ranking.ts';
import { visibleCameras } from './domain/visibility.ts';
import * as repo from './store/detection.repository.ts';

export interface CamerasDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  context: Pick<
    ContextService,
    'createEntity' | 'getEntity' | 'appendAttrs' | 'compileQuery' | 'queryEntities'
  >;
  terms: TermMapper;
  /** The alarm's entity, for "cameras that see this alarm". */
  alarmEntity(tenant: string, alarmId: string): Promise<string>;
  /** Half-life of the wall ranking, minutes. */
  wallHalfLifeMin: number;
}

/** Cameras considered per visibility query; a city has a few thousand. */
const MAX_CAMERAS = 10_000;

export interface SeenBy {
  camera: Camera;
  distance: number;
  bearing: number;
}

export type CamerasService = ReturnType<typeof createCamerasService>;

export function createCamerasService(deps: CamerasDeps) {
  const now = () => deps.clock.now().toISOString();
  const cameraId = (id: string) => (id.includes(':') ? id : `urn:ngsi-ld:Camera:${id}`);

  async function entity(tenant: string, id: string): Promise<StoredEntity | undefined> {
    try {
      return await deps.context.getEntity(tenant, id);
    } catch (err) {
      if (err instanceof DosiError && err.status === 404) return undefined;
      throw err;
    }
  }

  async function get(tenant: string, id: string): Promise<Camera> {
    const e = await entity(tenant, cameraId(id));
    const isCamera = e?.types.some((t) => deps.terms.compactIri(t) === CAMERA_TYPE);
    const cam = e && isCamera ? cameraFromEntity(e, deps.terms) : undefined;
    if (!cam) throw new DosiError(E.CAMERA_NOT_FOUND, { id, tenant });
    return cam;
  }

  async function list(tenant: string, limit: number, offset: number): Promise<Camera[]> {
    const c = deps.context.compileQuery({ type: CAMERA_TYPE }, deps.terms, false);
    const r = await deps.context.queryEntities(tenant, c, { limit, offset }, false);
    return r.entities.flatMap((e) => cameraFromEntity(e, deps.terms) ?? []);
  }

  async function visible(tenant: string, point: [number, number], limit: number): Promise<SeenBy[]> {
    const cams = await list(tenant, MAX_CAMERAS, 0);
    const byId = new Map(cams.map((c) => [c.id, c]));
    const views = cams.map((c) => ({ ...c, position: c.location }));
    return visibleCameras(views, point, limit).map((s) => ({
      camera: byId.get(s.id)!,
      distance: Math.round(s.distance * 10) / 10,
      bearing: Math.round(s.bearing * 10) / 10,
    }));
  }

  /** The Point location of an entity, if it has one. */
  async function locate(tenant: string, entityId: string): Promise<[number, number] | undefined> {
    const e = await entity(tenant, entityId);
    const loc = e?.attrs[deps.terms.expandTerm('location')]?.[0]?.value as
      { type?: string; coordinates?: [number, number] } | undefined;
    return loc?.type === 'Point' && loc.coordinates ? loc.coordinates : undefined;
  }

  return {
    get,
    list,
    visible,

    async create(tenant: string, input: CameraInput): Promise<Camera> {
      const id = cameraId(input.id);
      if (!/^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(id))
        throw new DosiError(E.CAMERA_INVALID, { detail: `id ${input.id} is neither a short code nor a URN` });
      await deps.context.createEntity(tenant, cameraEntityBody({ ...input, id }, now()), deps.terms);
      return get(tenant, id);
    },

    async forAlarm(tenant: string, alarmId: string, limit: number): Promise<SeenBy[]> {
      const entityId = await deps.alarmEntity(tenant, alarmId);
      const point = await locate(tenant, entityId);
      if (!point) throw new DosiError(E.CAMERA_NO_LOCATION, { id: entityId, alarm: alarmId });
      return visible(tenant, point, limit);
    },

    locate,

    /** A webhook body: kept and written to the camera entity when valid, dead-lettered when not. */
    async detect(tenant: string, id: string, raw: Buffer): Promise<{ id: string; detection: Detection }> {
      const cam = await get(tenant, id);
      const receivedAt = now();
      let body: unknown;
      let checked: ReturnType<typeof checkDetection>;
      try {
        body = JSON.parse(raw.toString('utf8'));
        checked = checkDetection(body);
      } catch (err) {
        checked = { ok: false, detail: `the body is not JSON: ${(err as Error).message}` };
      }
      if (!checked.ok) {
        await repo.deadLetterDetection(deps.db, tenant, cam.id, raw, checked.detail, receivedAt);
        throw new DosiError(E.CAMERA_BAD_DETECTION, { id: cam.id, detail: checked.detail });
      }
      const d = checked.value;
      const rowId = await repo.insertDetection(deps.db, tenant, cam.id, d, receivedAt);
      const obs = (value: unknown) => ({ type: 'Property', value, observedAt: d.observedAt });
      const { type, confidence, ...rest } = d;
      await deps.context.appendAttrs(
        tenant,
        cam.id,
        {
          [`${type}Confidence`]: obs(confidence),
          [`${type}Count`]: obs(d.count ?? 1),
          detectionType: obs(type),
          detectionConfidence: obs(confidence),
          lastDetection: obs({ type, confidence, ...rest }),
        },
        deps.terms,
        false,
      );
      return { id: rowId, detection: d };
    },

    /** Cameras ranked by recent weighted detections (events older than 8 half-lives weigh < 0.4 %). */
    async wall(tenant: string, limit: number): Promise<(RankedCamera & { camera: Camera | null })[]> {
      const at = deps.clock.now();
      const halfLifeMs = deps.wallHalfLifeMin * 60_000;
      const since = new Date(at.getTime() - 8 * halfLifeMs).toISOString();
      const events = await repo.recentDetections(deps.db, tenant, since, 20_000);
      const ranked = rankCameras(events, { now: at, halfLifeMs, limit });
      const out: (RankedCamera & { camera: Camera | null })[] = [];
      for (const r of ranked) {
        const camera = await get(tenant, r.cameraId).catch(() => null);
        out.push({ ...r, score: Math.round(r.score * 1000) / 1000, camera });
      }
      return out;
    },
  };
}
