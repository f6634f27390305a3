// Messages to owners (issue 15, defect 12, 我要洽谈): a signed-in user writes about a published
// resource or technology listing; the owning organisation's admins (and the resource's manager)
// are told through notify() and read the thread; the sender reads what they sent. Rate-limited
// per sender; each message audited.
import { windowRetryAfter } from '../../platform/ratelimit';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError, notFound, ruleError } from '../../platform/errors';
import { inTransaction, type Deps } from '../../platform/deps';
import { isoNow } from '../../platform/clock';
import { notify, recipientsOf } from '../notifications/notify';
import { resourceForMessages, resourceIdsManagedBy } from '../resources/resources.service';
import { listingForMessages } from '../transfer/listings.service';
import * as repo from './messages.repository';

export const TARGET_TYPES = ['resource', 'listing'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];
/** Per sender: at most 5 messages in 10 minutes and 30 a day. */
export const RATE_LIMITS = [
  { n: 5, seconds: 600 },
  { n: 30, seconds: 86_400 },
] as const;
const TARGET = { resource: { zh: '资源', en: 'Resource' }, listing: { zh: '成果', en: 'Listing' } };

interface Target {
  type: TargetType;
  id: number;
  title: string;
  ownerOrgId: number | null;
  managerUserId: number | null;
  jurisdictionCode: string;
  published: boolean;
  link: string;
}

async function targetOf(deps: Deps, actor: Actor | null, type: TargetType, id: number): Promise<Target | null> {
  if (type === 'resource') {
    const r = await resourceForMessages(deps, actor, id);
    return (
      r && {
        type,
        id,
        title: r.title,
        ownerOrgId: r.ownerOrgId,
        managerUserId: r.managerUserId,
        jurisdictionCode: r.jurisdictionCode,
        published: r.published,
        link: `/resources/${id}`,
      }
    );
  }
  const l = await listingForMessages(deps, actor, id);
  return (
    l && {
      type,
      id,
      title: l.title,
      ownerOrgId: l.ownerOrgId,
      managerUserId: null,
      jurisdictionCode: l.jurisdictionCode,
      published: l.published,
      link: l.kind === 'demand' ? `/market/demands/${id}` : `/market/results/${id}`,
    }
  );
}

export async function sendMessage(deps: Deps, actor: Actor, input: { targetType: TargetType; targetId: number; body: string }) {
  const text = input.body.trim();
  const t = await targetOf(deps, actor, input.targetType, input.targetId);
  if (!t || !t.published) throw notFound(TARGET[input.targetType], input.targetId);
  if (t.ownerOrgId === null)
    throw ruleError(
      'no-owner-on-platform',
      '该成果的权利人未在平台注册，无法留言',
      'The owner of this listing is not on the platform: no one would read the message',
    );
  if (t.ownerOrgId === actor.organizationId) throw ruleError('own-organisation', '不能给本机构发洽谈留言', 'You cannot message your own organisation');
  const at = isoNow(deps.clock);
  const now = deps.clock.now();
  for (const lim of RATE_LIMITS) {
    const since = new Date(now.getTime() - lim.seconds * 1000).toISOString();
    const { n, oldest } = await repo.sentSince(deps.db.db, actor.userId, since);
    const seconds = windowRetryAfter(n, oldest ?? at, lim.n, lim.seconds * 1000, now);
    if (seconds !== null) throw new AppError('too-many-messages', { seconds }, [], { retryAfterSeconds: seconds });
  }
  const ownerOrgId = t.ownerOrgId;
  const id = await inTransaction(deps, async (trx) => {
    const { id } = await repo.insert(trx, {
      sender_user_id: actor.userId,
      sender_org_id: actor.organizationId,
      target_type: t.type,
      target_id: t.id,
      target_org_id: ownerOrgId,
      body: text,
      created_at: at,
    });
    const admins = await recipientsOf.orgUsers(trx, ownerOrgId, ['org_admin']);
    const to = [...admins.map(Number), ...(t.managerUserId !== null ? [t.managerUserId] : [])].filter((u) => u !== actor.userId);
    await notify(trx, at, {
      userIds: to,
      kind: 'message.received',
      params: { sender: actor.displayName, senderOrg: actor.organizationName, target: t.title, excerpt: text.length > 80 ? `${text.slice(0, 80)}…` : text },
      // the target's page, where its owners read the thread
      link: `${t.link}#messages`,
    });
    await recordAudit(trx, deps.db.helpers, at, {
      actor,
      action: 'message.send',
      entityType: 'message',
      entityId: Number(id),
      jurisdictionCode: t.jurisdictionCode,
      change: { targetType: t.type, targetId: t.id, targetOrgId: ownerOrgId, length: text.length },
    });
    return Number(id);
  });
  return (await listMessages(deps, actor, { box: 'sent', targetType: t.type, targetId: t.id, pageSize: 50 })).items.find((m) => m.id === id)!;
}

export async function listMessages(
  deps: Deps,
  actor: Actor,
  q: { box?: 'all' | 'received' | 'sent'; targetType?: TargetType; targetId?: number; page?: number; pageSize?: number },
) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const managed = await resourceIdsManagedBy(deps, actor.userId);
  const { rows, total } = await repo.list(
    deps.db.db,
    {
      scope: { senderUserId: actor.userId, targetOrgId: actor.role === 'org_admin' ? actor.organizationId : undefined, managedResourceIds: managed },
      box: q.box ?? 'all',
      readerId: actor.userId,
      targetType: q.targetType,
      targetId: q.targetId,
    },
    pageSize,
    (page - 1) * pageSize,
  );
  const titles = new Map<string, { title: string; link: string } | null>();
  for (const r of rows) {
    const key = `${r.target_type}:${r.target_id}`;
    if (!titles.has(key)) {
      const t = await targetOf(deps, actor, r.target_type as TargetType, Number(r.target_id));
      titles.set(key, t && { title: t.title, link: t.link });
    }
  }
  const items = rows.map((r) => {
    const t = titles.get(`${r.target_type}:${r.target_id}`);
    return {
      id: Number(r.id),
      targetType: r.target_type,
      targetId: Number(r.target_id),
      targetTitle: t?.title ?? null,
      targetLink: t?.link ?? null,
      targetOrgName: r.target_org_name,
      senderName: r.sender_name,
      senderOrgName: r.sender_org_name,
      mine: Number(r.sender_user_id) === actor.userId,
      body: r.body,
      createdAt: r.created_at,
    };
  });
  return { items, total, page, pageSize };
}
