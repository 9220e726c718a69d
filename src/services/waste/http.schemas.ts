// TypeBox schemas of the waste routes; they also document the routes in the OpenAPI output.
import Type from 'typebox';

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const BinSchema = Type.Object({
  id: Type.String({ description: 'WasteContainer entity id' }),
  deviceId: Nullable(Type.String()),
  name: Nullable(Type.String()),
  area: Nullable(Type.String({ description: '동 (neighbourhood) from the device name' })),
  location: Nullable(Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[lon, lat]' })),
  fillingLevel: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
  observedAt: Nullable(DateTime),
  threshold: Type.Number({ description: 'Collection threshold (fraction)' }),
  capacityL: Nullable(Type.Number()),
  fillRatePerHour: Nullable(Type.Number({ description: 'Expected fill per hour over the next 24 h' })),
  predictedFullAt: Nullable(DateTime),
  status: Type.String({ examples: ['ok', 'lidOpen', 'dropped', 'burning'] }),
  temperature: Nullable(Type.Number()),
  dateLastEmptying: Nullable(DateTime),
});

export const EmptyingSchema = Type.Object({
  at: DateTime,
  fillBefore: Nullable(Type.Number()),
  fillAfter: Nullable(Type.Number()),
  source: Type.String({ enum: ['sensor', 'report'] }),
  reportedBy: Nullable(Type.String()),
});

export const BinDetailSchema = Type.Intersect([
  BinSchema,
  Type.Object({
    history: Type.Object({
      learnedHours: Type.Number(),
      learnedSlots: Type.Integer({ description: 'Hour-of-week slots (of 168) with a learned rate' }),
      meanRatePerHour: Nullable(Type.Number()),
      rateNext24hPerHour: Type.Number(),
      hourOfDayRatePerHour: Type.Array(Nullable(Type.Number()), { minItems: 24, maxItems: 24 }),
      cycleStartedAt: Nullable(DateTime),
      rateSinceEmptyingPerHour: Nullable(Type.Number()),
    }),
    emptyings: Type.Array(EmptyingSchema),
  }),
]);

export const BinListQuery = Type.Object({
  dong: Type.Optional(Type.String({ description: 'Only bins of this 동' })),
  bbox: Type.Optional(
    Type.String({ description: 'minLon,minLat,maxLon,maxLat', examples: ['127.19,37.53,127.23,37.56'] }),
  ),
  predictedFullBefore: Type.Optional(DateTime),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const BinListSchema = Type.Object({ bins: Type.Array(BinSchema), total: Type.Integer() });
export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export const DueQuery = Type.Object({ before: DateTime });
export const DueSchema = Type.Object({ before: DateTime, bins: Type.Array(BinSchema) });
export const EmptiedBody = Type.Object(
  { at: Type.Optional(DateTime), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export const EmptiedSchema = Type.Object({
  emptying: EmptyingSchema,
  recorded: Type.Boolean({ description: 'false when this emptying was already recorded' }),
  bin: BinSchema,
});
export const BinPatchBody = Type.Object(
  {
    threshold: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    capacityL: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const KpiQuery = Type.Object({ from: DateTime, to: DateTime });
export const KpiSchema = Type.Object({
  from: DateTime,
  to: DateTime,
  collections: Type.Integer(),
  binsCollected: Type.Integer(),
  avgFillAtCollection: Nullable(Type.Number()),
  overflowEvents: Type.Integer({ description: 'Overflow alarms first raised in the range' }),
  overflowBins: Type.Integer(),
});
export const ProfileSchema = Type.Object({ id: Type.String(), entityType: Type.String() });
