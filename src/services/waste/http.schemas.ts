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

// ---- Collection plans -----------------------------------------------------------------------------

const LonLat = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[lon, lat]' });
const TruckSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  capacityL: Type.Number({ exclusiveMinimum: 0, description: 'Litres of waste the truck carries' }),
});
export const FleetSchema = Type.Object(
  {
    depot: Nullable(
      Type.Object(
        { name: Type.String({ minLength: 1, maxLength: 200 }), location: LonLat },
        { additionalProperties: false },
      ),
    ),
    trucks: Type.Array(TruckSchema, { minItems: 1, maxItems: 200 }),
    shiftStartHour: Type.Number({ minimum: 0, maximum: 23.99, description: 'Hour of the day, Asia/Seoul' }),
    shiftHours: Type.Number({ exclusiveMinimum: 0, maximum: 24 }),
    speedKmh: Type.Number({ exclusiveMinimum: 0, maximum: 120 }),
    serviceMin: Type.Number({ minimum: 0, maximum: 60, description: 'Minutes spent at each bin' }),
    detourFactor: Type.Number({ minimum: 1, maximum: 5, description: 'Road distance ÷ straight line' }),
    opportunisticFill: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'A bin not yet due is taken on the way from this fill at the shift start',
    }),
    maxDetourM: Type.Number({ minimum: 0, description: 'Longest detour for a bin taken on the way' }),
    defaultBinL: Type.Number({ exclusiveMinimum: 0, description: 'Capacity of bins without one' }),
  },
  { additionalProperties: false },
);
export const FleetBody = Type.Partial(FleetSchema, { additionalProperties: false, minProperties: 1 });

const StopSchema = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  binId: Type.String(),
  deviceId: Nullable(Type.String()),
  name: Nullable(Type.String()),
  location: LonLat,
  reason: Type.String({ enum: ['due', 'onTheWay'] }),
  expectedFill: Type.Number({ description: 'Fill expected at the shift start (above 1: overflowing)' }),
  demandL: Type.Number(),
  eta: DateTime,
  state: Type.String({ enum: ['pending', 'done'] }),
  doneAt: Nullable(DateTime),
  doneBy: Nullable(Type.String()),
});
const RouteSchema = Type.Object({
  truckId: Type.String(),
  truckName: Type.String(),
  capacityL: Type.Number(),
  loadL: Type.Number(),
  distanceKm: Type.Number(),
  start: DateTime,
  end: DateTime,
  overtime: Type.Boolean({ description: 'The route ends after the shift' }),
  stops: Type.Array(StopSchema),
});
export const PlanSchema = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  createdAt: DateTime,
  createdBy: Nullable(Type.String()),
  shiftStart: DateTime,
  shiftEnd: DateTime,
  status: Type.String({ enum: ['active', 'superseded', 'completed'] }),
  depot: Type.Object({ name: Type.String(), location: LonLat }),
  routes: Type.Array(RouteSchema),
  unserved: Type.Array(
    Type.Object({
      binId: Type.String(),
      name: Nullable(Type.String()),
      reason: Type.String({ enum: ['fleetCapacity', 'binLargerThanTruck'] }),
      demandL: Type.Number(),
    }),
  ),
  figures: Type.Object({
    candidates: Type.Integer(),
    due: Type.Integer(),
    onTheWay: Type.Integer(),
    stops: Type.Integer(),
    distanceKm: Type.Number(),
    loadL: Type.Number(),
    solverMs: Type.Number(),
  }),
  params: Type.Object({ fleet: FleetSchema, timeLimitMs: Type.Number(), seed: Type.Number() }),
  updatedAt: DateTime,
});
export const PlanBody = Type.Object(
  {
    shiftStart: Type.Optional(DateTime),
    timeLimitMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 60_000 })),
    seed: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export const PlanListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});
export const PlanListSchema = Type.Object({
  plans: Type.Array(
    Type.Object({
      id: Type.String(),
      createdAt: DateTime,
      shiftStart: DateTime,
      shiftEnd: DateTime,
      status: Type.String(),
      routes: Type.Integer(),
      stops: Type.Integer(),
      done: Type.Integer(),
      distanceKm: Type.Number(),
    }),
  ),
  total: Type.Integer(),
});
export const PlanIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export const ExportQuery = Type.Object({
  truck: Type.Optional(Type.String({ description: 'Only this truck' })),
});

export const SimulationQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 92, default: 30 })),
  seed: Type.Optional(Type.Integer({ minimum: 0, default: 1 })),
});
const Policy = {
  collections: Type.Integer(),
  distanceKm: Type.Number(),
  overflowEvents: Type.Integer({ description: 'A bin reaching 100 %, once per fill cycle' }),
  overflowBinHours: Type.Integer(),
  avgFillAtCollection: Nullable(Type.Number()),
  trucksMax: Type.Integer({ description: 'Most trucks needed on one day' }),
};
export const SimulationSchema = Type.Object({
  start: DateTime,
  days: Type.Integer(),
  bins: Type.Integer(),
  trucks: Type.Integer(),
  fixed: Type.Object(Policy),
  planned: Type.Object({ ...Policy, unservedBinShifts: Type.Integer() }),
  saving: Type.Object({
    collections: Nullable(Type.Number({ description: '1 − planned ÷ fixed' })),
    distanceKm: Nullable(Type.Number()),
    overflowEvents: Nullable(Type.Number()),
  }),
  elapsedMs: Type.Number(),
});
