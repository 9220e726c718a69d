// TypeBox schemas of the notify routes; they document the routes in OpenAPI.
import Type from 'typebox';
import { CAP_CERTAINTY, CAP_URGENCY } from './domain/cap.ts';
import { AGENCY_KINDS } from './store/agency.repository.ts';

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);

const agencyMembers = {
  name: Type.String({ minLength: 1, maxLength: 200, examples: ['하남경찰서 112 상황실'] }),
  kind: Type.String({ enum: [...AGENCY_KINDS] }),
  url: Type.String({ maxLength: 2000, description: 'Webhook receiving hand-overs (POST, JSON, signed)' }),
  email: Nullable(Type.String({ description: 'Also told by e-mail (needs DOSI_SMTP_URL)' })),
  categories: Type.Array(Type.String(), { description: 'Alarm categories handed over; empty = all' }),
  enabled: Type.Boolean(),
};

export const AgencySchema = Type.Object({ id: Type.String(), ...agencyMembers, createdAt: Type.String() });
export const NewAgencyBody = Type.Object(
  {
    name: agencyMembers.name,
    kind: agencyMembers.kind,
    url: agencyMembers.url,
    email: Type.Optional(Type.String({ maxLength: 320 })),
    secret: Type.Optional(
      Type.String({ minLength: 16, maxLength: 200, description: 'HMAC key; generated if absent' }),
    ),
    categories: Type.Optional(agencyMembers.categories),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const CreatedAgency = Type.Object({
  ...AgencySchema.properties,
  secret: Type.String({ description: 'Shown once: the HMAC-SHA256 key of X-Dosi-Signature' }),
});

export const IdParams = Type.Object({ id: Type.String() });
export const DeliveryQuery = Type.Object({
  state: Type.Optional(Type.String({ enum: ['pending', 'delivered', 'failed'] })),
  agencyId: Type.Optional(Type.String()),
  incidentId: Type.Optional(Type.String({ description: 'Only the hand-overs of this incident' })),
  alarmId: Type.Optional(Type.String({ description: 'Only the hand-overs of this alarm' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export const DeliverySchema = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  eventKey: Type.String(),
  channel: Type.String({ enum: ['webhook', 'email'] }),
  state: Type.String({ enum: ['pending', 'delivered', 'failed'] }),
  attempts: Type.Integer(),
  nextAt: Type.String(),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  history: Type.Array(
    Type.Object({
      at: Type.String(),
      status: Nullable(Type.Integer()),
      error: Nullable(Type.String()),
      ms: Type.Number(),
    }),
  ),
  createdAt: Type.String(),
  deliveredAt: Nullable(Type.String()),
  payload: Type.Object({}, { additionalProperties: true }),
});

export const PublishBody = Type.Object(
  {
    event: Type.Optional(Type.String({ maxLength: 200 })),
    headline: Type.Optional(Type.String({ maxLength: 160 })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    instruction: Type.Optional(Type.String({ maxLength: 4000 })),
    urgency: Type.Optional(Type.String({ enum: [...CAP_URGENCY] })),
    certainty: Type.Optional(Type.String({ enum: [...CAP_CERTAINTY] })),
    areaDesc: Type.Optional(Type.String({ maxLength: 400 })),
    radiusKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
    status: Type.Optional(Type.String({ enum: ['Actual', 'Exercise', 'System', 'Test', 'Draft'] })),
  },
  { additionalProperties: false },
);
export const PublishedSchema = Type.Object({
  identifier: Type.String(),
  href: Type.String({ description: 'The CAP 1.2 document' }),
  headline: Type.String(),
  severity: Type.String(),
});
