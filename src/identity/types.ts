// Identity model: tenants (municipalities), users with roles per tenant, API keys, principals.

export const ROLES = ['admin', 'operator', 'service-manager', 'caseworker', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Tenant {
  /** Lower-case code, e.g. 'hanam'; also the NGSILD-Tenant header value. */
  code: string;
  nameKo: string;
  nameEn: string;
  /** KOSTAT/행정표준코드 administrative code, e.g. '41450' (Hanam-si). */
  adminCode: string;
  timeZone: string;
  /** [minLon, minLat, maxLon, maxLat] */
  bounds: [number, number, number, number] | null;
  createdAt: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  /** Platform administrators manage all tenants. */
  platformAdmin: boolean;
  /** A disabled user cannot log in; tokens already issued stay valid until they expire. */
  disabled: boolean;
  /** Roles by tenant code. */
  roles: Record<string, Role[]>;
  createdAt: string;
}

/** Who is making a request, after authentication. */
export interface Principal {
  kind: 'user' | 'apikey' | 'anonymous';
  subject: string;
  /** The tenant the request is scoped to. */
  tenant: string;
  roles: Role[];
  platformAdmin: boolean;
}

/** [minLon, minLat, maxLon, maxLat] in WGS 84 degrees. */
export type Bounds = [number, number, number, number];

export interface NewTenant {
  code: string;
  nameKo?: string;
  nameEn?: string;
  adminCode?: string;
  timeZone?: string;
  bounds?: Bounds | null;
}

export interface NewUser {
  username: string;
  password: string;
  displayName?: string;
  email?: string;
  platformAdmin?: boolean;
}

/** An API key as listed: the secret is shown once at creation and never stored. */
export interface ApiKey {
  id: string;
  tenant: string;
  name: string;
  /** The 8 characters after `dosi_`, enough to recognise a key in logs. */
  prefix: string;
  roles: Role[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Claims of the access tokens dosi signs (OIDC-style names). */
export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
  preferred_username: string;
  name: string;
  /** The tenant the token is issued for. */
  tenant: string;
  /** Every tenant the subject may switch to with NGSILD-Tenant. */
  tenants: string[];
  /** Roles in `tenant`. */
  roles: Role[];
  platform_admin: boolean;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
  tenant: string;
  roles: Role[];
  claims: TokenClaims;
}

/** Request headers relevant to authentication, already extracted by the HTTP layer. */
export interface AuthRequest {
  authorization?: string;
  /** X-API-Key header. */
  apiKey?: string;
  /** NGSILD-Tenant header (NGSI-LD 1.8 multi-tenancy). */
  tenantHeader?: string;
}
