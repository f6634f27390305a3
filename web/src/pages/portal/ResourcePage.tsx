// One resource as the public sees it: what it is, where, its fees when the owner shows them,
// opening hours; booking asks to sign in and comes back here.
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../../api/portal';
import { DemoTag, Failed, Field, Loading, SignInAction, Tag, isDemo, money, useLabel } from './ui';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export default function ResourcePage() {
  const { t } = useTranslation();
  const label = useLabel();
  const id = Number(useParams().id);
  const query = useQuery({ queryKey: ['portal', 'resource', id], queryFn: () => portalApi.resource(id), enabled: Number.isInteger(id) && id > 0 });
  if (query.isPending) return <Loading />;
  if (query.isError) return <Failed error={query.error} retry={() => void query.refetch()} />;
  const r = query.data;
  const hours = r.openingHours as Record<string, Array<[string, string]>>;
  return (
    <article className="pt-page" data-testid="portal-resource">
      <p>
        <Link to="/resources">← {t('portal.resource.back')}</Link>
      </p>
      <div className="pt-row pt-wrap">
        <Tag>{label('resourceKind', r.kind)}</Tag>
        <Tag tone="grey">{label('jurisdiction', r.jurisdictionCode)}</Tag>
        <DemoTag show={isDemo(r.name, r.ownerName, r.description)} />
      </div>
      <h1 data-testid="portal-resource-name">{r.name}</h1>
      <div className="pt-detail">
        <div className="pt-detail-main">
          {r.uploadedPhotos.length ? (
            <section className="pt-card pt-row pt-wrap" data-testid="portal-resource-photos">
              {r.uploadedPhotos.map((p, i) => (
                <a key={p.url} href={p.url} target="_blank" rel="noreferrer">
                  <img src={p.thumbUrl} alt={`${r.name} ${i + 1}`} loading="lazy" style={{ maxWidth: 240, maxHeight: 180, borderRadius: 6 }} />
                </a>
              ))}
            </section>
          ) : null}
          {r.description ? (
            <section className="pt-card">
              <h2>{t('portal.resource.description')}</h2>
              <p className="pt-pre">{r.description}</p>
            </section>
          ) : null}
          {r.specifications ? (
            <section className="pt-card">
              <h2>{t('portal.resource.specifications')}</h2>
              <p className="pt-pre">{r.specifications}</p>
            </section>
          ) : null}
          {r.features ? (
            <section className="pt-card">
              <h2>{t('portal.resource.features')}</h2>
              <p className="pt-pre">{r.features}</p>
            </section>
          ) : null}
          <section className="pt-card">
            <h2>{t('portal.resource.openingHours')}</h2>
            <dl className="pt-fields pt-hours">
              {DAYS.map((d) => (
                <Field key={d} label={t(`portal.resource.days.${d}`)}>
                  {(hours[d] ?? []).length ? (hours[d] ?? []).map(([a, b]) => `${a}–${b}`).join('，') : t('portal.resource.closed')}
                </Field>
              ))}
            </dl>
          </section>
        </div>
        <aside className="pt-detail-side">
          <section className="pt-card">
            <dl className="pt-fields">
              <Field label={t('portal.resource.identifier')}>
                <span className="mono">{r.identifier}</span>
              </Field>
              <Field label={t('portal.resource.owner')}>{r.ownerName}</Field>
              <Field label={t('portal.resource.location')}>{[label('jurisdiction', r.jurisdictionCode), r.city].filter(Boolean).join(' · ')}</Field>
              <Field label={t('portal.resource.category')}>{r.category.filter(Boolean).join(' / ')}</Field>
              <Field label={t('portal.resource.model')}>{r.model}</Field>
              <Field label={t('portal.resource.manufacturer')}>{r.manufacturer}</Field>
              <Field label={t('portal.resource.originCountry')}>{r.originCountry}</Field>
              <Field label={t('portal.resource.serviceModes')}>{r.serviceModes.map((m) => label('serviceMode', m)).join('、')}</Field>
            </dl>
          </section>
          <section className="pt-card" data-testid="portal-resource-contact">
            <h2>{t('portal.resource.contact')}</h2>
            {r.contact ? (
              <dl className="pt-fields">
                <Field label={t('portal.resource.contactName')}>{r.contact.name}</Field>
                <Field label={t('portal.resource.contactPhone')}>{r.contact.phone}</Field>
                <Field label={t('portal.resource.contactEmail')}>{r.contact.email}</Field>
              </dl>
            ) : (
              <p className="pt-muted">{t('portal.resource.contactSignIn')}</p>
            )}
          </section>
          <section className="pt-card" data-testid="portal-resource-fees">
            <h2>{t('portal.resource.fees')}</h2>
            {r.pricePublic ? (
              <dl className="pt-fields">
                <Field label={t('portal.resource.startupFee')}>{r.startupFeeFen ? money(r.startupFeeFen) : ''}</Field>
                <Field label={t('portal.resource.hourlyFee')}>{r.hourlyFeeFen ? money(r.hourlyFeeFen) : ''}</Field>
                <Field label={t('portal.resource.perSample')}>{r.perSampleFen ? money(r.perSampleFen) : ''}</Field>
                <Field label={t('portal.resource.consumables')}>{r.consumablesFen ? money(r.consumablesFen) : ''}</Field>
                {(r.serviceItems ?? []).map((s, i) => (
                  <Field key={i} label={s.name}>
                    {money(s.priceFen)}
                    {s.unit ? ` / ${s.unit}` : ''}
                  </Field>
                ))}
              </dl>
            ) : (
              <p className="pt-muted" data-testid="portal-price-hidden">
                {t('portal.resource.priceHidden')}
              </p>
            )}
          </section>
          {r.bookable ? (
            <section className="pt-card">
              {r.needsApproval ? <p className="pt-muted">{t('portal.resource.needsApproval')}</p> : null}
              <SignInAction label={t('portal.resource.book')} hint={t('portal.resource.bookHint')} testId="portal-book" />
            </section>
          ) : null}
        </aside>
      </div>
    </article>
  );
}
