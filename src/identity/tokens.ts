// Access tokens: HS256-signed JWTs (RFC 7519) with OIDC-style claims.
//
// Design note — why HS256 and no JWKS: dosi is both the issuer and the only verifier of its tokens,
// so one symmetric secret shared by the dosi processes (through config or platform_secrets) is
// enough and needs no key distribution. Accepting tokens of external identity providers
// (Keycloak, municipal SSO) needs RS256/ES256 verification against their JWKS endpoint; that is
// future work and would sit beside verifyToken as a second verifier chosen by the `iss` claim.
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import type { Config } from '../config/index.ts';
import { DosiError, E, type Clock, type Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { isRole } from './rules.ts';
import type { TokenClaims } from './types.ts';

export const TOKEN_AUDIENCE = 'dosi';
const SECRET_NAME = 'jwt_hs256';
/** Tolerated clock skew between dosi processes, seconds. */
const CLOCK_TOLERANCE = 5;

export interface TokenDeps {
  db: Db;
  config: Pick<Config, 'jwtSecret' | 'jwtIssuer'>;
  clock: Clock;
  log: Logger;
}

/** The claims a caller chooses; the signer adds iss, aud, iat, exp and jti. */
export type TokenSubjectClaims = Omit<TokenClaims, 'iss' | 'aud' | 'iat' | 'exp' | 'jti'>;

export function createTokenSigner(deps: TokenDeps) {
  let key: Promise<Uint8Array> | undefined;
  const signingKey = (): Promise<Uint8Array> =>
    (key ??= loadSecret(deps)
      .then((s) => new TextEncoder().encode(s))
      .catch((err: unknown) => {
        key = undefined; // a failed load (database down) must not be remembered
        throw err;
      }));

  return {
    async issue(
      claims: TokenSubjectClaims,
      ttlSeconds: number,
    ): Promise<{ token: string; claims: TokenClaims }> {
      const iat = Math.floor(deps.clock.now().getTime() / 1000);
      const full: TokenClaims = {
        ...claims,
        iss: deps.config.jwtIssuer,
        aud: TOKEN_AUDIENCE,
        iat,
        exp: iat + ttlSeconds,
        jti: randomUUID(),
      };
      const token = await new SignJWT({ ...full })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(await signingKey());
      return { token, claims: full };
    },
    async verify(token: string): Promise<TokenClaims> {
      try {
        const { payload } = await jwtVerify(token, await signingKey(), {
          algorithms: ['HS256'],
          issuer: deps.config.jwtIssuer,
          audience: TOKEN_AUDIENCE,
          currentDate: deps.clock.now(),
          clockTolerance: CLOCK_TOLERANCE,
          requiredClaims: ['sub', 'iat', 'exp'],
        });
        return checkClaims(payload);
      } catch (err) {
        throw new DosiError(E.UNAUTHENTICATED, { detail: describeJoseError(err) }, { cause: err });
      }
    },
  };
}

export type TokenSigner = ReturnType<typeof createTokenSigner>;

/** config.jwtSecret, else the one stored in platform_secrets, else a new one stored for everyone. */
async function loadSecret(deps: TokenDeps): Promise<string> {
  if (deps.config.jwtSecret) return deps.config.jwtSecret;
  const read = async () =>
    (
      await deps.db.query<{ value: string }>('SELECT value FROM platform_secrets WHERE name = $1', [
        SECRET_NAME,
      ])
    ).rows[0]?.value;
  const found = await read();
  if (found) return found;
  // Two processes starting together may both generate; ON CONFLICT keeps the first and both re-read it.
  const res = await deps.db.query(
    'INSERT INTO platform_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
    [SECRET_NAME, randomBytes(48).toString('base64url')],
  );
  if (res.rowCount > 0)
    deps.log.info(
      { secret: SECRET_NAME },
      'generated the token signing secret and stored it in platform_secrets',
    );
  const stored = await read();
  if (!stored) throw new Error('platform secret jwt_hs256 vanished after insert');
  return stored;
}

function checkClaims(p: Record<string, unknown>): TokenClaims {
  const str = (k: string) => typeof p[k] === 'string';
  const ok =
    str('iss') &&
    str('sub') &&
    str('jti') &&
    str('tenant') &&
    str('preferred_username') &&
    str('name') &&
    typeof p.iat === 'number' &&
    typeof p.exp === 'number' &&
    typeof p.platform_admin === 'boolean' &&
    Array.isArray(p.tenants) &&
    p.tenants.every((t) => typeof t === 'string') &&
    Array.isArray(p.roles) &&
    p.roles.every(isRole);
  if (!ok) throw new errors.JWTClaimValidationFailed('the token lacks dosi claims', p, 'tenant', 'missing');
  return { ...(p as unknown as TokenClaims), aud: TOKEN_AUDIENCE };
}

function describeJoseError(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'the token algorithm is not allowed (HS256 expected)';
  if (err instanceof errors.JWTClaimValidationFailed)
    return `the token claim ${err.claim} is invalid (${err.reason})`;
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return 'the token is malformed';
  if (err instanceof errors.JOSEError) return `the token was rejected (${err.code})`;
  throw err; // not a token problem (for example the database is down): let it surface as such
}
