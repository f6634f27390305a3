// One published call; applying asks to sign in and comes back here.
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../../api/portal';
import { DemoTag, Failed, Field, Loading, SignInAction, Tag, bjDate, isDemo, money, useLabel } from './ui';

const OPEN = new Set(['published', 'open']);

export default function CallPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const id = Number(useParams().id);
  const query = useQuery({ queryKey: ['portal', 'call', id], queryFn: () => portalApi.call(id), enabled: Number.isInteger(id) && id > 0 });
  if (query.isPending) return <Loading />;
  if (query.isError) return <Failed error={query.error} retry={() => void query.refetch()} />;
  const c = query.data;
  return (
    <article className="pt-page" data-testid="portal-call">
      <p>
        <Link to="/research/calls">← {t('portal.calls.back')}</Link>
      </p>
      <div className="pt-row pt-wrap">
        <Tag>{label('calls.kind', c.kind)}</Tag>
        <Tag tone="green">{label('calls.status', c.status)}</Tag>
        <Tag tone="grey">{label('jurisdiction', c.jurisdictionCode)}</Tag>
        <DemoTag show={isDemo(c.title, c.description)} />
      </div>
      <h1 data-testid="portal-call-title">{c.title}</h1>
      <div className="pt-detail">
        <div className="pt-detail-main">
          <section className="pt-card">
            <p className="pt-pre">{c.description}</p>
          </section>
          {c.goals ? (
            <section className="pt-card">
              <h2>{t('portal.calls.goals')}</h2>
              <p className="pt-pre">{c.goals}</p>
            </section>
          ) : null}
          {c.indicators ? (
            <section className="pt-card">
              <h2>{t('portal.calls.indicators')}</h2>
              <p className="pt-pre">{c.indicators}</p>
            </section>
          ) : null}
          {c.milestones.length ? (
            <section className="pt-card">
              <h2>{t('portal.calls.milestones')}</h2>
              <ol>
                {c.milestones.map((m, i) => (
                  <li key={i}>
                    {m.title} · {m.due}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
        </div>
        <aside className="pt-detail-side">
          <section className="pt-card">
            <dl className="pt-fields">
              <Field label={t('portal.calls.budget')}>{money(c.budgetFen)}</Field>
              <Field label={t('portal.calls.opensAt')}>{bjDate(c.opensAt)}</Field>
              <Field label={t('portal.calls.deadline')}>{bjDate(c.deadline)}</Field>
              <Field label={t('portal.calls.poser')}>{c.poserName ?? ''}</Field>
            </dl>
          </section>
          {OPEN.has(c.status) ? (
            <section className="pt-card">
              <SignInAction label={t('portal.calls.apply')} hint={t('portal.calls.applyHint')} testId="portal-apply" />
            </section>
          ) : null}
        </aside>
      </div>
    </article>
  );
}
