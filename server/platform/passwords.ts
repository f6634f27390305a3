// Password hashing (argon2id) and the password policy.
import { hash, verify } from '@node-rs/argon2';
import type { FieldError } from './errors';

// @node-rs/argon2 defaults to argon2id; these are OWASP's minimum recommendation (19 MiB, t=2).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

// Verifying against this when the user does not exist keeps the answer time the same.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-' + Math.random());
  return dummyHash;
}

export const PASSWORD_MIN_LENGTH = 10;

/** Policy: ≥ 10 characters, three of four character classes, not containing the username. */
export function passwordProblems(password: string, username: string, field = '/password'): FieldError[] {
  const out: FieldError[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) out.push({ field, code: 'password-too-short', params: { min: PASSWORD_MIN_LENGTH } });
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) out.push({ field, code: 'password-too-simple' });
  if (username && password.toLowerCase().includes(username.toLowerCase())) out.push({ field, code: 'password-contains-username' });
  return out;
}
