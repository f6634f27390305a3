// The e-mail outbox worker: every few seconds it claims due pending mails (a lease in
// locked_until, so the mail of a worker that died is claimed again once the lease runs out),
// sends them through SMTP and marks them sent; a refused or failed send is retried with
// exponential backoff (attempts, next_attempt_at, last_error) and given up ('dead') after
// MAIL_MAX_ATTEMPTS. Any number of processes may run one on the same database: the claim is
// atomic (PostgreSQL FOR UPDATE SKIP LOCKED; SQLite one writer), so each mail is sent once.
// Without SMTP_URL no worker runs and the outbox keeps the mail.
import nodemailer from 'nodemailer';
import type { Deps } from '../../platform/deps';
import type { SmtpConfig } from '../../config';
import * as repo from './notifications.repository';

export interface Mail {
  from: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** Sends must finish well inside the lease, or another worker could claim the mail meanwhile. */
const LEASE_MS = 5 * 60_000;
const BATCH = 20;
/** A send starts only while this much of the lease is left (nodemailer gives up on a socket within 60 s). */
const LEASE_MARGIN_MS = 2 * 60_000;

export function smtpTransport(smtp: SmtpConfig): MailTransport {
  const t = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      await t.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => t.close(),
  };
}

/** The delay before attempt n+1 after n failed attempts: base, 2·base, 4·base, … capped at a day. */
export const backoffMs = (baseSeconds: number, failedAttempts: number) => Math.min(baseSeconds * 1000 * 2 ** (failedAttempts - 1), 86_400_000);

export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private deps: Deps,
    private transport: MailTransport,
    private onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Drains every due mail once (claiming in batches until none is left); what a tick does. */
  async drainOnce(): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (;;) {
      if (this.stopped) break;
      const now = this.deps.clock.now();
      const nowIso = now.toISOString();
      const lease = new Date(now.getTime() + LEASE_MS).toISOString();
      const batch = await repo.claimDue(this.deps.db.db, this.deps.db.helpers, nowIso, lease, BATCH);
      if (batch.length === 0) break;
      for (const [i, m] of batch.entries()) {
        const id = Number(m.id);
        // A slow server must not let the lease run out under a send (another worker would then
        // claim the mail too): what is left of the batch is handed back for the next drain.
        if (this.deps.clock.now().getTime() > Date.parse(lease) - LEASE_MARGIN_MS) {
          await repo.release(
            this.deps.db.db,
            batch.slice(i).map((x) => Number(x.id)),
            lease,
          );
          return { sent, failed };
        }
        try {
          await this.transport.send({ from: this.deps.config.mailFrom, to: m.to_address, subject: m.subject, text: m.body_text });
          await repo.markSent(this.deps.db.db, id, lease, this.deps.clock.now().toISOString());
          sent++;
        } catch (err) {
          failed++;
          const attempts = Number(m.attempts) + 1;
          const last = attempts >= this.deps.config.mailMaxAttempts;
          const next = last ? null : new Date(this.deps.clock.now().getTime() + backoffMs(this.deps.config.mailRetryBaseSeconds, attempts)).toISOString();
          const message = err instanceof Error ? err.message : String(err);
          await repo.markFailed(this.deps.db.db, id, lease, { attempts, nextAttemptAt: next, error: message || 'send failed' });
        }
      }
      if (batch.length < BATCH) break;
    }
    return { sent, failed };
  }

  /** Looks for due mail every intervalMs until stop(). */
  start(intervalMs: number): this {
    const tick = () => {
      if (this.stopped || this.running) return;
      this.running = this.drainOnce()
        .catch(this.onError)
        .finally(() => {
          this.running = null;
        });
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    tick();
    return this;
  }

  /** Stops the timer and waits for a drain under way (its claims end sent, retried, or leased). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    this.transport.close();
  }
}

/** The worker a server process runs when SMTP_URL is set (null otherwise: the outbox keeps the mail). */
export function startOutboxWorker(deps: Deps, onError: (err: unknown) => void): OutboxWorker | null {
  if (!deps.config.smtp) return null;
  return new OutboxWorker(deps, smtpTransport(deps.config.smtp), onError).start(deps.config.mailPollSeconds * 1000);
}
