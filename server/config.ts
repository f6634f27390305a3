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
  /** The address people open the web app at: the links in e-mails (invitations, password resets) start with it. */
  publicUrl: string;
  /** Printed to stdout once listening (scripts that start a server read the port from it). */
  printAddress: boolean;
  /** Notifications: the SMTP server e-mail goes through (null: the outbox keeps the mail, unsent). */
  smtp: SmtpConfig | null;
  /** The From: of every e-mail. */
  mailFrom: string;
  /** The outbox worker: how often it looks for due mail, attempts before a mail is given up, first retry delay. */
  mailPollSeconds: number;
  mailMaxAttempts: number;
  mailRetryBaseSeconds: number;
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** smtps:// (TLS from the start); smtp:// upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  pass: string | null;
}

/** SMTP_URL: smtp://[user:pass@]host[:port] or smtps://…; anything else is a start-up error. */
export function parseSmtpUrl(raw: string | undefined): SmtpConfig | null {
  if (raw === undefined || raw.trim() === '') return null;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new Error(`SMTP_URL must look like smtp://user:pass@host:port, got "${raw}"`);
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps://, got "${u.protocol}"`);
  if (!u.hostname) throw new Error('SMTP_URL names no host');
  const secure = u.protocol === 'smtps:';
  const port = u.port ? Number(u.port) : secure ? 465 : 587;
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    secure,
    user: u.username ? decodeURIComponent(u.username) : null,
    pass: u.password ? decodeURIComponent(u.password) : null,
  };
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
    smtp: parseSmtpUrl(env.SMTP_URL),
    mailFrom: env.MAIL_FROM || 'YRD Commons <no-reply@yrd-commons.local>',
    mailPollSeconds: int(env, 'MAIL_POLL_SECONDS', 10),
    mailMaxAttempts: Math.max(1, int(env, 'MAIL_MAX_ATTEMPTS', 8)),
    mailRetryBaseSeconds: int(env, 'MAIL_RETRY_BASE_SECONDS', 60),
    // Never taken from the request's Host header: a forged host would send reset links elsewhere.
    publicUrl: (env.PUBLIC_URL || `http://localhost:${int(env, 'PORT', 3000)}`).replace(/\/+$/, ''),
  };
}
