// TypeBox schemas of the device registry routes; they also document the routes in the OpenAPI output.
// Bodies are checked for shape here; the rules with precise messages live in profile.ts and
// device-input.ts, so that the HTTP API and the CLI say the same thing.
import Type from 'typebox';
import { ATTRIBUTE_TYPES, CODEC_FIELD_TYPES } from './profile.ts';

export const LocationSchema = Type.Array(Type.Number(), {
  minItems: 2,
  maxItems: 2,
  description: '[lon, lat] in WGS 84 degrees / 설치 위치 [경도, 위도]',
  examples: [[127.2148, 37.5392]],
});

export const AttributeMappingSchema = Type.Object(
  {
    key: Type.String({ description: 'Key in the decoded payload / 페이로드 키', examples: ['fill'] }),
    attr: Type.String({ description: 'NGSI-LD attribute name / 속성 이름', examples: ['fillingLevel'] }),
    type: Type.Enum(ATTRIBUTE_TYPES, { description: 'Value type' }),
    unitCode: Type.Optional(Type.String({ description: 'UN/CEFACT unit code, e.g. P1, CEL' })),
    scale: Type.Optional(Type.Number({ description: 'stored = raw × scale + offset' })),
    offset: Type.Optional(Type.Number()),
    min: Type.Optional(Type.Number({ description: 'Valid range after scaling' })),
    max: Type.Optional(Type.Number()),
    enum: Type.Optional(Type.Array(Type.String(), { description: 'Allowed values of a string' })),
    required: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const CodecFieldSchema = Type.Object(
  {
    name: Type.String(),
    offset: Type.Integer({ description: 'Byte offset 0–242' }),
    type: Type.Enum(CODEC_FIELD_TYPES),
    bit: Type.Optional(Type.Integer({ description: 'Bit 0–7 of a byte (bool only)' })),
    scale: Type.Optional(Type.Number()),
    fPort: Type.Optional(Type.Integer({ description: 'Only decode on this LoRaWAN fPort' })),
  },
  { additionalProperties: false },
);

export const CodecSchema = Type.Object(
  { fields: Type.Array(CodecFieldSchema) },
  { additionalProperties: false, description: 'Declarative LoRaWAN binary payload codec' },
);

const DataClassSchema = Type.Union([Type.Literal('default'), Type.Literal('personal')], {
  description: 'personal: residents’ data, kept shorter / 개인정보: 보존 기간 단축',
});

const profileMembers = {
  name: Type.Optional(Type.String({ examples: ['음식물 쓰레기통 센서'] })),
  entityType: Type.String({ description: 'NGSI-LD type of the entities', examples: ['WasteContainer'] }),
  attributes: Type.Array(AttributeMappingSchema),
  reportingIntervalSec: Type.Integer({ description: 'Expected seconds between readings (1–86400)' }),
  codec: Type.Optional(Type.Union([CodecSchema, Type.Null()])),
  dataClass: Type.Optional(DataClassSchema),
};

export const NewProfileSchema = Type.Object(
  { id: Type.String({ examples: ['waste-bin-v1'] }), ...profileMembers },
  { additionalProperties: false },
);

export const ReplaceProfileSchema = Type.Object(
  { id: Type.Optional(Type.String()), ...profileMembers },
  { additionalProperties: false },
);

export const ProfileSchema = Type.Object({
  tenant: Type.String(),
  id: Type.String(),
  name: Type.String(),
  entityType: Type.String(),
  attributes: Type.Array(AttributeMappingSchema),
  reportingIntervalSec: Type.Integer(),
  codec: Type.Optional(CodecSchema),
  dataClass: DataClassSchema,
  createdAt: Type.String({ format: 'date-time' }),
});

export const DeviceSchema = Type.Object({
  tenant: Type.String(),
  id: Type.String({ examples: ['bin-001'] }),
  profileId: Type.String(),
  entityId: Type.String({ examples: ['urn:ngsi-ld:WasteContainer:hanam:bin-001'] }),
  entityType: Type.String(),
  name: Type.Optional(Type.String()),
  location: Type.Optional(LocationSchema),
  devEui: Type.Optional(Type.String({ description: 'LoRaWAN DevEUI, 16 lower-case hex digits' })),
  lastSeenAt: Type.Optional(Type.String({ format: 'date-time' })),
  online: Type.Boolean(),
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const NewDeviceSchema = Type.Object(
  {
    id: Type.String({ description: '1–64 letters, digits, _ or -', examples: ['bin-001'] }),
    profileId: Type.String(),
    name: Type.Optional(Type.String({ examples: ['하남시청 앞 1번'] })),
    location: Type.Optional(LocationSchema),
    devEui: Type.Optional(Type.String({ examples: ['70b3d57ed0051234'] })),
    entityId: Type.Optional(
      Type.String({ description: 'Entity to update; default urn:ngsi-ld:{entityType}:{tenant}:{id}' }),
    ),
  },
  { additionalProperties: false },
);

export const DevicePatchSchema = Type.Object(
  {
    name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    location: Type.Optional(Type.Union([LocationSchema, Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
    profileId: Type.Optional(Type.String()),
    devEui: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);

const SecretMembers = {
  secret: Type.String({
    description:
      'The device secret (MQTT password / HTTP device key), shown only in this response / 이 응답에서만 표시됩니다',
  }),
  mqttUsername: Type.String({
    description: 'MQTT user name: {deviceId}@{tenant}',
    examples: ['bin-001@hanam'],
  }),
};

export const CreatedDeviceSchema = Type.Object({ device: DeviceSchema, ...SecretMembers });
export const RotatedSecretSchema = Type.Object(SecretMembers);

export const DeviceListSchema = Type.Object({
  devices: Type.Array(DeviceSchema),
  total: Type.Integer({ description: 'Devices matching the filter' }),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

export const DeviceListQuery = Type.Object({
  profile: Type.Optional(Type.String({ description: 'Only devices of this profile' })),
  online: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const ImportResultSchema = Type.Object({
  created: Type.Array(Type.Object({ id: Type.String(), secret: Type.String() }), {
    description: 'Created devices and their secrets (shown once)',
  }),
  errors: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() }), {
    description: 'Rows that were not imported, by line number (the header is line 1)',
  }),
});

export const IdParams = Type.Object({ id: Type.String() });
export const DeleteDeviceQuery = Type.Object({
  keepEntity: Type.Optional(Type.Boolean({ description: 'Keep the NGSI-LD entity (default false)' })),
});
