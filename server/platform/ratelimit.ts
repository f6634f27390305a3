// Sliding-window limits counted in the database (so several processes share them): given how many
// requests fell in the window and when the oldest of them was, whether one more may go, and if not
// how long until the oldest leaves the window (the Retry-After of a 429).

/** null: within the limit; otherwise the seconds (≥ 1) until one more request is allowed. */
export function windowRetryAfter(count: number, oldest: string | Date | null | undefined, max: number, windowMs: number, now: Date): number | null {
  if (count < max) return null;
  const start = oldest ? new Date(oldest).getTime() : now.getTime();
  return Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000));
}
