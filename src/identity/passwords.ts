// Password hashing with argon2id (RFC 9106), parameters of the OWASP password storage cheat sheet:
// 19 MiB memory, 2 passes, 1 lane. The PHC string records them, so they can be raised later.
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, algorithm: 2 /* Argon2id */ } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false; // a malformed stored hash never authenticates
  }
}

/**
 * Spends the same time as a real verification; used when the user is unknown or disabled,
 * so response time does not tell which user names exist.
 */
export function dummyVerifier(): (password: string) => Promise<void> {
  let dummy: Promise<string> | undefined;
  return async (password) => {
    dummy ??= hashPassword(randomBytes(24).toString('base64url'));
    await verifyPassword(await dummy, password);
  };
}
