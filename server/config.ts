// Every environment variable the server reads, parsed and typed in one place.
import path from 'node:path';

export interface Config {
  databaseUrl: string;
  host: string;
  port: number;
  nodeEnv: string;
  logLevel: string;
  bodyLimitBytes: number;
  demoPassword: string;
  seedDemo: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginIpMaxFailures: number;
  loginIpWindowMinutes: number;
  cookieSecure: boolean;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy: boolean;
  webDist: string;
  /** Where uploaded files live (resource photos under photos/); DATA_DIR, default ./data. */
  dataDir: string;
  /** Bookings (DOMAIN.md, instrument sharing): no-show grace, suspension after repeated no-shows. */
  noShowGraceMinutes: number;
  noShowLimit: number;
  noShowWindowDays: number;
  suspensionDays: number;
  waitlistOfferMinutes: number;
  maxRecurrences: number;
  /** Vouchers (DOMAIN.md, innovation vouchers): days of public notice before a provider is listed. */
  providerNoticeDays: number;
  /** Years a provider must have operated (established_on) to be recognised. */
  providerMinYears: number;
  /** Joint calls: days of public notice of the awards before they are confirmed. */
  callNoticeDays: number;
  /** Printed to stdout once listening (scripts that start a server read the port from it). */
  printAddress: boolean;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  return {
    databaseUrl: env.DATABASE_URL || 'sqlite:./data/yrd.sqlite',
    host: env.HOST || '0.0.0.0',
    port: int(env, 'PORT', 3000),
    nodeEnv,
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024),
    demoPassword: env.YRD_DEMO_PASSWORD || 'Yrd@demo2025',
    // Demo accounts are never created in production, whatever else is set.
    seedDemo: nodeEnv !== 'production' && env.YRD_SEED_DEMO !== 'false',
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 8 * 60),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 7 * 24),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5),
    loginLockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15),
    loginIpMaxFailures: int(env, 'LOGIN_IP_MAX_FAILURES', 20),
    loginIpWindowMinutes: int(env, 'LOGIN_IP_WINDOW_MINUTES', 15),
    cookieSecure: env.COOKIE_SECURE === 'true' || (nodeEnv === 'production' && env.COOKIE_SECURE !== 'false'),
    trustProxy: env.TRUST_PROXY === 'true',
    webDist: env.WEB_DIST || path.resolve('web/dist'),
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    noShowGraceMinutes: int(env, 'NO_SHOW_GRACE_MINUTES', 60),
    noShowLimit: int(env, 'NO_SHOW_LIMIT', 3),
    noShowWindowDays: int(env, 'NO_SHOW_WINDOW_DAYS', 90),
    suspensionDays: int(env, 'SUSPENSION_DAYS', 30),
    waitlistOfferMinutes: int(env, 'WAITLIST_OFFER_MINUTES', 120),
    maxRecurrences: int(env, 'MAX_RECURRENCES', 52),
    providerNoticeDays: int(env, 'PROVIDER_NOTICE_DAYS', 7),
    providerMinYears: int(env, 'PROVIDER_MIN_YEARS', 2),
    callNoticeDays: int(env, 'CALL_NOTICE_DAYS', 7),
    printAddress: env.YRD_PRINT_ADDRESS === '1',
  };
}
