// TypeBox schemas of the rules, alarms and incidents routes; they document the routes in OpenAPI.
// Rule bodies are checked for shape only here: the precise checks, with DOSI_ERR_RULE_* codes, are
// in domain/validate.ts (run on save), so a wrong condition type is named as such.
import Type from 'typebox';
import { CATEGORIES, SEVERITIES } from './domain/types.ts';
import { STATES } from './alarms/domain/lifecycle.ts';

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Open = (description: string, examples?: unknown[]) =>
  Type.Object(
    { type: Type.String() },
    { additionalProperties: true, description, ...(examples ? { examples } : {}) },
  );

export const IdParams = Type.Object({ id: Type.String({ description: 'URN, URL-encoded' }) });
export const VersionParams = Type.Object({ id: Type.String(), version: Type.Integer({ minimum: 1 }) });

const ruleMembers = {
  name: Type.String({ examples: ['음식물 수거함 넘침 / bin overflow'] }),
  description: Type.Optional(Type.String()),
  enabled: Type.Optional(Type.Boolean()),
  severity: Type.String({ enum: [...SEVERITIES] }),
  category: Type.String({ enum: CATEGORIES.filter((c) => c !== 'rule-failure') }),
  subCategory: Type.Optional(Type.String({ examples: ['overflow'] })),
  target: Type.Object(
    {
      entityType: Type.Optional(Type.String({ examples: ['WasteContainer'] })),
      entityIds: Type.Optional(Type.Array(Type.String())),
      idPattern: Type.Optional(
        Type.String({ description: 'Regular expression matched against the whole id' }),
      ),
    },
    { additionalProperties: true },
  ),
  condition: Open(
    'threshold | rateOfChange | geofence | inactivity | deviceOffline | all | any — see docs/RULES.md',
    [{ type: 'threshold', attr: 'fillingLevel', op: '>=', value: 90, forSec: 300, hysteresis: 10 }],
  ),
  escalateAfterMin: Type.Optional(
    Type.Integer({ description: 'Escalate unacknowledged alarms every N minutes' }),
  ),
};

export const RuleBody = Type.Object(ruleMembers, { additionalProperties: true });

export const RuleSchema = Type.Object(
  {
    ...ruleMembers,
    id: Type.String(),
    tenant: Type.String(),
    version: Type.Integer(),
    enabled: Type.Boolean(),
    disabledReason: Type.Optional(Type.String()),
    updatedAt: Type.String({ format: 'date-time' }),
    updatedBy: Type.String(),
  },
  { additionalProperties: true },
);

export const RuleVersionSchema = Type.Object({
  version: Type.Integer(),
  change: Type.String({ examples: ['created', 'replaced', 'enabled', 'disabled', 'deleted'] }),
  savedAt: Type.String({ format: 'date-time' }),
  savedBy: Type.String(),
  rule: RuleSchema,
});

export const RangeBody = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
});
export const PostedDryRunBody = Type.Object({
  rule: RuleBody,
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
});

export const EffectSchema = Type.Object({
  kind: Type.String({ enum: ['raise', 'clear'] }),
  ruleId: Type.String(),
  entityId: Type.String(),
  at: Type.String({ format: 'date-time' }),
  detail: Type.Object({}, { additionalProperties: true }),
});

export const DryRunSchema = Type.Object({
  ruleId: Nullable(Type.String()),
  version: Nullable(Type.Integer()),
  from: Type.String(),
  to: Type.String(),
  observations: Type.Integer(),
  entities: Type.Integer(),
  truncated: Type.Boolean(),
  events: Type.Array(EffectSchema),
});

const StateSchema = Type.String({ enum: [...STATES] });

export const AuditSchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  by: Type.String(),
  action: Type.String(),
  from: Type.Optional(StateSchema),
  to: Type.Optional(StateSchema),
  note: Type.Optional(Type.String()),
});

export const AlarmSchema = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  ruleId: Nullable(Type.String()),
  ruleVersion: Nullable(Type.Integer()),
  entityId: Type.String(),
  entityType: Nullable(Type.String()),
  severity: Type.String({ enum: [...SEVERITIES] }),
  category: Type.String({ description: 'FIWARE Alert category' }),
  subCategory: Nullable(Type.String()),
  title: Type.String(),
  state: StateSchema,
  clearedAt: Nullable(Type.String({ format: 'date-time' })),
  count: Type.Integer(),
  firstSeen: Type.String({ format: 'date-time' }),
  lastSeen: Type.String({ format: 'date-time' }),
  assignee: Nullable(Type.String()),
  escalationLevel: Type.Integer(),
  escalateAfterMin: Type.Integer(),
  nextEscalationAt: Nullable(Type.String({ format: 'date-time' })),
  incidentId: Nullable(Type.String()),
  detail: Type.Object({}, { additionalProperties: true }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  audit: Type.Optional(Type.Array(AuditSchema)),
});

const csv = (description: string) => Type.Optional(Type.String({ description }));

export const AlarmListQuery = Type.Object({
  state: csv('Comma-separated states, e.g. open,acknowledged'),
  severity: csv('Comma-separated severities'),
  category: csv('Comma-separated categories'),
  entityId: Type.Optional(Type.String()),
  ruleId: Type.Optional(Type.String()),
  incidentId: Type.Optional(Type.String()),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'lastSeen ≥ since' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'lastSeen < until' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const AlarmListSchema = Type.Object({ alarms: Type.Array(AlarmSchema), total: Type.Integer() });

export const NoteBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 4000 })) });
export const CommentBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 4000 }) });
export const AssignBody = Type.Object({
  assignee: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
});
export const ActionParams = Type.Object({
  id: Type.String(),
  action: Type.String({ enum: ['ack', 'dispatch', 'resolve', 'close'] }),
});

export const IncidentSchema = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  severity: Type.String({ enum: [...SEVERITIES] }),
  state: StateSchema,
  assignee: Nullable(Type.String()),
  alarmIds: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  audit: Type.Optional(Type.Array(AuditSchema)),
});

export const NewIncidentBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200, examples: ['덕풍동 화재 / fire in Deokpung-dong'] }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  severity: Type.Optional(Type.String({ enum: [...SEVERITIES] })),
  alarmIds: Type.Array(Type.String(), { minItems: 1, maxItems: 500 }),
});
export const AlarmIdsBody = Type.Object({
  alarmIds: Type.Array(Type.String(), { minItems: 1, maxItems: 500 }),
});
export const IncidentAlarmParams = Type.Object({ id: Type.String(), alarmId: Type.String() });
export const IncidentListQuery = Type.Object({
  state: csv('Comma-separated states'),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});
