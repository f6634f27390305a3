// Who is behind a session cookie or API token, remembered for a moment so that an ordinary
// request does not pay a database round trip. The database stays the truth: every change that
// could alter the answer (sign-out, a disabled account, a new password or role, a revoked token,
// an organisation moved) drops the entries at once — in this process directly, in the others
// through the database's change feed (PostgreSQL NOTIFY; SQLite's data_version) — and no entry
// outlives TTL_MS even if a notification were lost.
//
// A NOTIFY reaches the other processes a little after the commit. A request arriving in that gap
// (signed out on B, asked again on A at once) would have been let in on what A remembered — a CI
// run on a busy machine saw it. So on PostgreSQL a remembered answer is used only after
// sync(): one shared round trip on the listening connection, which delivers every notification
// committed before it. Many requests share one round trip; a miss goes to the database as before.
import type { Db, Subscription } from '../../db/index';
import type { Actor } from '../../platform/access';

const TTL_MS = 2_000;
const MAX_ENTRIES = 20_000;
export const AUTH_CHANNEL = 'yrd_auth';

export interface CachedSession {
  actor: Actor;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  refreshedAt: string;
}
export interface CachedToken {
  actor: Actor;
  tokenId: number;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

interface Entry<T> {
  value: T;
  userId: number;
  storedAt: number;
}

/** What a change invalidates: one session, everything of one user, or everything. */
export type AuthScope = { session: string } | { user: number } | 'all';

export function scopeToPayload(scope: AuthScope): string {
  if (scope === 'all') return '*';
  return 'session' in scope ? `s:${scope.session}` : `u:${scope.user}`;
}

export class AuthCache {
  private sessions = new Map<string, Entry<CachedSession>>();
  private tokens = new Map<string, Entry<CachedToken>>();
  // One subscription per app started on this database handle (tests build several apps on one).
  private subscriptions: Subscription[] = [];

  constructor(private db: Db) {}

  async start(): Promise<void> {
    this.subscriptions.push(await this.db.changes.subscribe(AUTH_CHANNEL, (payload) => this.applyPayload(payload)));
  }

  async close(): Promise<void> {
    await this.subscriptions.pop()?.stop();
  }

  /**
   * Whether a remembered entry must wait for confirm*() before use: on PostgreSQL, or before any
   * app has subscribed (then nothing is trusted).
   */
  get needsConfirmation(): boolean {
    const subscription = this.subscriptions[0];
    return !subscription || subscription.sync !== undefined;
  }

  /** The remembered entry, once every change committed before this call has been heard. */
  private async confirmed<T>(map: Map<string, Entry<T>>, key: string): Promise<T | undefined> {
    if (this.fresh(map, key) === undefined) return undefined;
    const subscription = this.subscriptions[0];
    // Not listening (no app started on this handle): nothing heard, nothing trusted.
    if (!subscription) return undefined;
    try {
      await subscription.sync?.();
    } catch {
      return undefined;
    }
    return this.fresh(map, key);
  }

  private fresh<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
    // Another process wrote to this SQLite database: anything may have changed.
    if (this.db.changes.externalWritesSince()) this.clear();
    const e = map.get(key);
    if (!e) return undefined;
    if (Date.now() - e.storedAt > TTL_MS) {
      map.delete(key);
      return undefined;
    }
    return e.value;
  }

  private put<T>(map: Map<string, Entry<T>>, key: string, value: T, userId: number) {
    if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
    map.set(key, { value, userId, storedAt: Date.now() });
  }

  /** The remembered session as it stands; use only when !needsConfirmation. */
  peekSession = (id: string) => this.fresh(this.sessions, id);
  confirmSession = (id: string) => this.confirmed(this.sessions, id);
  putSession = (id: string, v: CachedSession) => this.put(this.sessions, id, v, v.actor.userId);
  /** The remembered token as it stands; use only when !needsConfirmation. */
  peekToken = (hash: string) => this.fresh(this.tokens, hash);
  confirmToken = (hash: string) => this.confirmed(this.tokens, hash);
  putToken = (hash: string, v: CachedToken) => this.put(this.tokens, hash, v, v.actor.userId);

  clear() {
    this.sessions.clear();
    this.tokens.clear();
  }

  applyPayload(payload: string) {
    if (payload === '*' || payload === '') return this.clear();
    if (payload.startsWith('s:')) return void this.sessions.delete(payload.slice(2));
    if (payload.startsWith('u:')) {
      const user = Number(payload.slice(2));
      for (const map of [this.sessions, this.tokens] as Array<Map<string, Entry<unknown>>>) {
        for (const [k, e] of map) if (e.userId === user) map.delete(k);
      }
    }
  }
}

const caches = new WeakMap<Db, AuthCache>();

/** The cache of one app (one database handle); buildApp starts it and closes it. */
export function authCacheOf(db: Db): AuthCache {
  let c = caches.get(db);
  if (!c) {
    c = new AuthCache(db);
    caches.set(db, c);
  }
  return c;
}
