// The identity module's use cases in one object: tenants, users, tokens, API keys and the
// authentication of requests. Wired by server.ts and the CLI; the HTTP routes only call this.
import type { Config } from '../config/index.ts';
import type { Clock, Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { createApiKeys } from './api-keys.ts';
import { createAuthenticator } from './authenticate.ts';
import { ensureDemo, type DemoOptions, type DemoResult } from './demo.ts';
import { createTokenIssuer } from './issue-token.ts';
import { assertCan, can } from './permissions.ts';
import { createTenants } from './tenants.ts';
import { createTokenSigner } from './tokens.ts';
import type { TokenClaims } from './types.ts';
import { createUsers } from './users.ts';

export interface IdentityDeps {
  db: Db;
  config: Pick<Config, 'jwtSecret' | 'jwtIssuer' | 'tokenTtlSeconds' | 'auth'>;
  clock: Clock;
  log: Logger;
}

export function createIdentityService(deps: IdentityDeps) {
  const log = deps.log.child({ module: 'identity' });
  const base = { db: deps.db, clock: deps.clock, log };
  const tenants = createTenants(base);
  const users = createUsers({ ...base, tenants });
  const apiKeys = createApiKeys({ ...base, tenants });
  const signer = createTokenSigner({ ...base, config: deps.config });
  const issuer = createTokenIssuer({ signer, users, tenants, defaultTtl: deps.config.tokenTtlSeconds });
  const { userRecord: _internal, ...userOps } = users;

  return {
    authMode: deps.config.auth,
    ...tenants,
    ...userOps,
    ...apiKeys,
    issueToken: issuer.issueToken,
    /** Claims of a valid token, or E.UNAUTHENTICATED saying why (expired, bad signature, malformed). */
    verifyToken: (token: string): Promise<TokenClaims> => signer.verify(token),
    authenticate: createAuthenticator({ db: deps.db, config: deps.config, tenants, signer, apiKeys }),
    can,
    assertCan,
    ensureDemo: (opts?: DemoOptions): Promise<DemoResult> => ensureDemo({ tenants, users }, opts),
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
