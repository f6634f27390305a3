// Forgotten passwords (issue 15): anyone may ask for a link for an e-mail address and always
// gets the same answer (no account enumeration); each active account with that address gets a
// single-use link that expires after RESET_MINUTES. Using it sets a new password (the policy),
// ends every session and revokes the API tokens of the account.
import type { Deps } from '../../platform/deps';
import { inTransaction } from '../../platform/deps';
import { AppError, invalid } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { hashPassword, passwordProblems } from '../../platform/passwords';
import { addMinutes, shanghaiDateTime } from '../../platform/clock';
import { enqueueEmail } from '../notifications/notify';
import { announceAuthChange } from '../auth/auth.service';
import * as repo from './accounts.repository';
import { EMAIL, newToken, sha256, throttle } from './throttle';

export const RESET_MINUTES = 30;
/** At most this many links per account an hour: the address cannot be flooded with mail. */
const RESETS_PER_HOUR = 3;
/** Every request takes at least this long (wall time), so the answer's timing does not tell whether mail was queued. */
const ANSWER_FLOOR_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function requestReset(deps: Deps, emailInput: string, ip: string): Promise<void> {
  const email = (emailInput ?? '').trim();
  if (!EMAIL.test(email)) throw invalid([{ field: 'body:/email', code: 'email-invalid' }]);
  await throttle(deps, 'password-reset', ip);
  const started = performance.now();
  try {
    await sendLinks(deps, email, ip);
  } finally {
    await sleep(Math.max(0, ANSWER_FLOOR_MS - (performance.now() - started)));
  }
}

async function sendLinks(deps: Deps, email: string, ip: string): Promise<void> {
  const users = await repo.activeUsersByEmail(deps.db.db, email);
  const nowIso = deps.clock.now().toISOString();
  const expiresAt = addMinutes(nowIso, RESET_MINUTES);
  for (const u of users) {
    if ((await repo.countRecentResets(deps.db.db, Number(u.id), addMinutes(nowIso, -60))) >= RESETS_PER_HOUR) continue;
    const token = newToken();
    const link = `${deps.config.publicUrl}/reset-password/${token}`;
    await inTransaction(deps, async (trx) => {
      await repo.insertReset(trx, { user_id: Number(u.id), token_hash: sha256(token), created_at: nowIso, expires_at: expiresAt, ip: ip.slice(0, 64) });
      await enqueueEmail(trx, nowIso, {
        to: u.email!,
        userId: Number(u.id),
        subject: '重设密码 / Reset your password — 长三角科创协同平台',
        text: [
          `有人（希望是您）为账号 ${u.username} 申请了重设密码。请在北京时间 ${shanghaiDateTime(expiresAt)} 前打开以下链接设置新密码（仅可使用一次）：`,
          link,
          '如果不是您本人操作，请忽略此邮件，您的密码不会改变。',
          '',
          `Someone (we hope you) asked to reset the password of the account ${u.username}. Open this link before ${shanghaiDateTime(expiresAt)} Beijing time to set a new one (it works once):`,
          link,
          'If it was not you, ignore this e-mail: the password stays as it is.',
        ].join('\n'),
      });
    });
  }
}

export async function confirmReset(deps: Deps, input: { token: string; password: string }): Promise<void> {
  const row = await repo.resetByToken(deps.db.db, sha256(input.token));
  if (!row) throw new AppError('link-invalid');
  const nowIso = deps.clock.now().toISOString();
  const again = { zh: '请重新申请重设密码。', en: 'ask for a new link.' };
  if (row.used_at)
    throw new AppError('link-used', {
      at: shanghaiDateTime(row.used_at),
      next: { zh: '如需再次重设，请重新申请。', en: 'Ask for a new link to reset it again.' },
    });
  if (row.expires_at <= nowIso) throw new AppError('link-expired', { at: shanghaiDateTime(row.expires_at), next: again });
  const user = await repo.userForReset(deps.db.db, Number(row.user_id));
  if (!user || user.status !== 'active') throw new AppError('link-invalid');
  const problems = passwordProblems(input.password ?? '', user.username, 'body:/password');
  if (problems.length) throw invalid(problems);
  const password_hash = await hashPassword(input.password);
  await inTransaction(deps, async (trx) => {
    if (!(await repo.useReset(trx, Number(row.id), nowIso))) throw new AppError('link-used', { at: shanghaiDateTime(nowIso), next: '' });
    await repo.closeOtherResets(trx, Number(user.id), nowIso);
    await repo.setPassword(trx, Number(user.id), password_hash, nowIso);
    const sessionsEnded = await repo.deleteSessionsOf(trx, Number(user.id));
    const tokensRevoked = await repo.revokeTokensOf(trx, Number(user.id), nowIso);
    await announceAuthChange(deps, trx, { user: Number(user.id) });
    await recordAudit(trx, deps.db.helpers, nowIso, {
      actor: { userId: Number(user.id), username: user.username },
      action: 'user.password_reset',
      entityType: 'user',
      entityId: Number(user.id),
      jurisdictionCode: user.jurisdiction_code,
      change: { via: 'e-mail link', sessionsEnded, tokensRevoked, lockCleared: true },
    });
  });
}
