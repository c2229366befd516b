/** argon2id password hashing (OWASP 2023: 19 MiB, t=2, p=1) on libuv's thread pool, off the event loop. */
import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id`; the package ships it as a const enum, which isolated modules cannot read. */
const ARGON2ID = 2;

export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Verifies in full; an unknown account is checked against a dummy hash so timing matches. */
  verify(hash: string | null, password: string): Promise<boolean>;
}

export async function createPasswordHasher(): Promise<PasswordHasher> {
  const dummy = await hash('shenfen-dummy-password-for-timing', ARGON2_OPTIONS);
  return {
    hash: (password) => hash(password, ARGON2_OPTIONS),
    async verify(stored, password) {
      const ok = await verify(stored ?? dummy, password).catch(() => false);
      return stored !== null && ok;
    },
  };
}
