// Public face of the identity module: tenants, users, roles, tokens, API keys, authentication.
export { createIdentityService, type IdentityService, type IdentityDeps } from './identity.service.ts';
export { identityMigrations } from './migrations.ts';
export { PERMISSIONS, can, assertCan, type Action } from './permissions.ts';
export { TENANT_CODE_RE, USERNAME_RE, PASSWORD_MIN, isTenantCode } from './rules.ts';
export { HANAM, randomPassword, type DemoOptions, type DemoResult } from './demo.ts';
export { DEFAULT_TENANT, type IssueTokenInput } from './issue-token.ts';
export { FALLBACK_TENANT } from './authenticate.ts';
export type { NewApiKey } from './api-keys.ts';
export * from './types.ts';
