// TypeBox schemas of the time-series routes; they also document the routes in the OpenAPI output.
import Type from 'typebox';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, ROLLUP_RETENTION_DAYS } from './retention-policy.ts';
import { RESOLUTIONS } from './series.ts';

export const MAX_POINTS = 10_000;

export const SeriesQuerySchema = Type.Object({
  entityId: Type.String({
    minLength: 1,
    maxLength: 2048,
    examples: ['urn:ngsi-ld:AirQualityObserved:hanam-1'],
  }),
  attr: Type.String({
    minLength: 1,
    maxLength: 2048,
    description: 'Short name (expanded against the NGSI-LD default @context) or expanded IRI',
    examples: ['pm10'],
  }),
  resolution: Type.Optional(
    Type.Enum(RESOLUTIONS, { default: '1m', description: '1-minute or 1-hour rollups, or raw readings' }),
  ),
  from: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'Start (inclusive); default: to − 24 h (30 days for 1h)',
    }),
  ),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'End (exclusive); default: now' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_POINTS, default: 1000 })),
});

export const PointSchema = Type.Object({
  t: Type.String({ format: 'date-time', description: 'Bucket start, or the time of the raw reading' }),
  count: Type.Integer(),
  avg: Type.Number(),
  min: Type.Number(),
  max: Type.Number(),
  last: Type.Number({ description: 'Value of the reading with the latest observation time' }),
});

export const SeriesSchema = Type.Object({
  entityId: Type.String(),
  attr: Type.String({ description: 'Expanded attribute IRI' }),
  resolution: Type.Enum(RESOLUTIONS),
  points: Type.Array(PointSchema),
});

const Days = (description: string) =>
  Type.Integer({ minimum: MIN_RETENTION_DAYS, maximum: MAX_RETENTION_DAYS, description });

export const RetentionBodySchema = Type.Object(
  {
    default: Days('Days readings are kept'),
    personal: Days("Days residents' personal data is kept (at most `default`)"),
  },
  { additionalProperties: false },
);

export const RetentionSchema = Type.Object({
  tenant: Type.String(),
  default: Type.Integer(),
  personal: Type.Integer(),
  rollups: Type.Object(
    {
      '1m': Type.Integer({ examples: [ROLLUP_RETENTION_DAYS['1m']] }),
      '1h': Type.Integer({ examples: [ROLLUP_RETENTION_DAYS['1h']] }),
    },
    { description: 'Days the rollups are kept (fixed)' },
  ),
});
