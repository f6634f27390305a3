// The guard of the anonymous routes that write or send mail: at most `max` requests of an action
// per client address within a window, counted in the database (several processes share it).
// The same idea as sign-in's per-address limit (auth.service), for registration, password-reset
// requests and invitation acceptance.
import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { addMinutes } from '../../platform/clock';
import { windowRetryAfter } from '../../platform/ratelimit';
import * as repo from './accounts.repository';

export const LIMITS = {
  registration: { max: 5, windowMinutes: 60 },
  'password-reset': { max: 5, windowMinutes: 15 },
  invitation: { max: 20, windowMinutes: 15 },
} as const;
export type ThrottledAction = keyof typeof LIMITS;

/** Counts this request, or refuses it with 429 and Retry-After when the address used its share. */
export async function throttle(deps: Deps, action: ThrottledAction, ip: string): Promise<void> {
  const { max, windowMinutes } = LIMITS[action];
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const recent = await repo.countRequests(deps.db.db, action, ip, addMinutes(nowIso, -windowMinutes));
  const seconds = windowRetryAfter(Number(recent.n), recent.oldest ? String(recent.oldest) : null, max, windowMinutes * 60_000, now);
  if (seconds !== null) throw new AppError('too-many-requests', { seconds }, [], { retryAfterSeconds: seconds });
  await repo.insertRequest(deps.db.db, { action, ip: ip.slice(0, 64), at: nowIso });
  await repo.pruneRequests(deps.db.db, action, addMinutes(nowIso, -24 * 60));
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** 256 random bits, URL-safe: the secret part of an invitation or reset link. */
export const newToken = () => randomBytes(32).toString('base64url');
/** Tokens are URL-safe base64 of 32 bytes; anything else is refused before a look-up. */
export const TOKEN_PATTERN = '^[A-Za-z0-9_-]{20,100}$';

export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
export const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
