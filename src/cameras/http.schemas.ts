// TypeBox schemas of the camera routes; they document the routes in OpenAPI.
import Type from 'typebox';
import { CAMERA_STATUSES } from './camera-entity.ts';
import { DETECTION_TYPES } from './domain/ranking.ts';

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });

const members = {
  name: Type.String({ minLength: 1, maxLength: 200, examples: ['덕풍천 교차로 CCTV'] }),
  location: Type.Tuple([Lon, Lat], { description: '[lon, lat] (WGS 84)', examples: [[127.2148, 37.5393]] }),
  direction: Type.Number({
    minimum: 0,
    maximum: 360,
    description: 'Bearing of the view, degrees; 0 = north, clockwise',
  }),
  fieldOfView: Type.Number({
    exclusiveMinimum: 0,
    maximum: 360,
    description: 'Opening angle, degrees; 360 = all around',
  }),
  range: Type.Number({ exclusiveMinimum: 0, maximum: 5000, description: 'Metres' }),
};

export const CameraSchema = Type.Object({
  id: Type.String(),
  ...members,
  streamUrl: Nullable(Type.String()),
  snapshotUrl: Nullable(Type.String()),
  status: Type.String(),
});

export const NewCameraBody = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'A short code (→ urn:ngsi-ld:Camera:{code}) or a URN',
    }),
    ...members,
    streamUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
    snapshotUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
    status: Type.Optional(Type.String({ enum: [...CAMERA_STATUSES] })),
  },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Type.String({ description: 'URN or short code, URL-encoded' }) });
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});
export const LimitQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) });
export const VisibleQuery = Type.Object({
  lon: Lon,
  lat: Lat,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

export const SeenBySchema = Type.Array(
  Type.Object({
    camera: CameraSchema,
    distance: Type.Number({ description: 'Great-circle metres from the camera' }),
    bearing: Type.Number({ description: 'Degrees from the camera to the point' }),
  }),
  { description: 'Nearest first' },
);

export const DetectionBody = Type.Object(
  {
    type: Type.String({ enum: [...DETECTION_TYPES] }),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    observedAt: Type.String({ format: 'date-time' }),
    bbox: Type.Optional(Type.Array(Type.Number({ minimum: 0, maximum: 1 }), { minItems: 4, maxItems: 4 })),
    count: Type.Optional(Type.Integer({ minimum: 0 })),
    snapshot: Type.Optional(Type.String({ format: 'uri' })),
  },
  { description: 'Checked by the handler (refusals are kept as dead letters, reason bad_payload)' },
);

export const DetectionAccepted = Type.Object({
  id: Type.String(),
  camera: Type.String(),
  type: Type.String(),
  confidence: Type.Number(),
  observedAt: Type.String(),
});

export const WallSchema = Type.Array(
  Type.Object({
    cameraId: Type.String(),
    score: Type.Number({ description: 'Σ weight × confidence × 2^(−age / half-life)' }),
    events: Type.Integer(),
    lastAt: Type.String(),
    top: Type.String({ description: 'Detection type contributing most' }),
    camera: Nullable(CameraSchema),
  }),
  { description: 'Highest score first' },
);
