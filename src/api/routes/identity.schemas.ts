// TypeBox schemas of the identity routes; they also document the routes in the OpenAPI output.
import Type from 'typebox';
import { PASSWORD_MIN, ROLES } from '../../identity/index.ts';

export const RoleSchema = Type.Enum(ROLES, { description: 'Role within one tenant' });

export const BoundsSchema = Type.Union([
  Type.Array(Type.Number(), {
    minItems: 4,
    maxItems: 4,
    description: '[minLon, minLat, maxLon, maxLat] (WGS 84)',
  }),
  Type.Null(),
]);

export const TenantSchema = Type.Object({
  code: Type.String({ description: 'Tenant code; the NGSILD-Tenant header value', examples: ['hanam'] }),
  nameKo: Type.String({ examples: ['하남시'] }),
  nameEn: Type.String({ examples: ['Hanam-si'] }),
  adminCode: Type.String({ description: 'Administrative code (행정표준코드)', examples: ['41450'] }),
  timeZone: Type.String({ examples: ['Asia/Seoul'] }),
  bounds: BoundsSchema,
  createdAt: Type.String({ format: 'date-time' }),
});

export const NewTenantSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_-]{1,39}$' }),
    nameKo: Type.Optional(Type.String({ maxLength: 200 })),
    nameEn: Type.Optional(Type.String({ maxLength: 200 })),
    adminCode: Type.Optional(Type.String({ maxLength: 20 })),
    timeZone: Type.Optional(Type.String({ maxLength: 64 })),
    bounds: Type.Optional(BoundsSchema),
  },
  { additionalProperties: false },
);

export const UserSchema = Type.Object({
  id: Type.String({ examples: ['urn:dosi:user:0b7c…'] }),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  platformAdmin: Type.Boolean(),
  disabled: Type.Boolean(),
  roles: Type.Record(Type.String(), Type.Array(RoleSchema), {
    description: 'Roles by tenant code (only the current tenant unless you are a platform administrator)',
  }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const NewUserSchema = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64 }),
    password: Type.String({ minLength: PASSWORD_MIN, maxLength: 1024 }),
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    roles: Type.Optional(Type.Array(RoleSchema, { description: 'Roles granted in the current tenant' })),
    platformAdmin: Type.Optional(Type.Boolean({ description: 'Only platform administrators may set this' })),
  },
  { additionalProperties: false },
);

export const ApiKeySchema = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The 8 characters after dosi_, to recognise a key' }),
  roles: Type.Array(RoleSchema),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const NewApiKeySchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), roles: Type.Array(RoleSchema, { minItems: 1 }) },
  { additionalProperties: false },
);

export const CreatedApiKeySchema = Type.Object({
  key: Type.String({
    description: 'The secret, shown only in this response. Send it as X-API-Key or Authorization: Bearer.',
  }),
  apiKey: ApiKeySchema,
});

export const LoginSchema = Type.Object(
  {
    username: Type.String({ maxLength: 64 }),
    password: Type.String({ maxLength: 1024 }),
    tenant: Type.Optional(
      Type.String({ description: 'Tenant to log in to; default: one you have a role in (hanam first)' }),
    ),
  },
  { additionalProperties: false },
);

export const TokenSchema = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds' }),
  tenant: Type.String(),
  roles: Type.Array(RoleSchema),
});

export const MeSchema = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('apikey'), Type.Literal('anonymous')]),
  subject: Type.String(),
  tenant: Type.String(),
  roles: Type.Array(RoleSchema),
  platformAdmin: Type.Boolean(),
  username: Type.Optional(Type.String()),
  displayName: Type.Optional(Type.String()),
  tenants: Type.Optional(
    Type.Array(Type.String(), { description: 'Tenants the user may switch to with NGSILD-Tenant' }),
  ),
});

export const CodeParams = Type.Object({ code: Type.String() });
export const IdParams = Type.Object({
  id: Type.String({ description: 'User id (urn:dosi:user:…) or user name' }),
});
export const KeyIdParams = Type.Object({ id: Type.String() });
export const RoleParams = Type.Object({ id: Type.String(), role: RoleSchema });
export const GrantSchema = Type.Object({ role: RoleSchema }, { additionalProperties: false });
