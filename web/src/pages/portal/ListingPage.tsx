// One published result or demand as the public sees it; negotiating asks to sign in.
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../../api/portal';
import { DemoTag, Failed, Field, Loading, SignInAction, Tag, bjDate, isDemo, money, useLabel } from './ui';

export default function ListingPage(props: { kind: 'result' | 'demand' }) {
  const { t } = useTranslation();
  const label = useLabel();
  const id = Number(useParams().id);
  const query = useQuery({
    queryKey: ['portal', 'listing', props.kind, id],
    queryFn: () => portalApi.listing(props.kind, id),
    enabled: Number.isInteger(id) && id > 0,
  });
  if (query.isPending) return <Loading />;
  if (query.isError) return <Failed error={query.error} retry={() => void query.refetch()} />;
  const l = query.data;
  const result = l.kind === 'result';
  const amount = result ? l.askingPriceFen : l.budgetFen;
  const priceText = l.pricePublic === false || !amount ? t('portal.market.priceHidden') : money(amount);
  return (
    <article className="pt-page" data-testid={`portal-${l.kind}`}>
      <p>
        <Link to={result ? '/market' : '/market?tab=demands'}>← {t('portal.market.backResults')}</Link>
      </p>
      <div className="pt-row pt-wrap">
        {result ? <Tag>{label('market.resultTypes', l.resultType)}</Tag> : <Tag>{t('portal.market.tabs.demands')}</Tag>}
        <Tag tone="grey">{label('jurisdiction', l.jurisdictionCode)}</Tag>
        {result && l.trl ? <Tag tone="green">{t('portal.market.trl', { trl: l.trl })}</Tag> : null}
        <DemoTag show={isDemo(l.title, l.ownerName, l.summary, l.problem)} />
      </div>
      <h1 data-testid="portal-listing-title">{l.title}</h1>
      <div className="pt-detail">
        <div className="pt-detail-main">
          <section className="pt-card">
            <h2>{result ? t('portal.market.summary') : t('portal.market.problem')}</h2>
            <p className="pt-pre">{result ? l.summary : l.problem}</p>
          </section>
          {l.indicators ? (
            <section className="pt-card">
              <h2>{t('portal.market.indicators')}</h2>
              <p className="pt-pre">{l.indicators}</p>
            </section>
          ) : null}
          {result && l.legal ? (
            <section className="pt-card">
              <h2>{t('portal.market.legal')}</h2>
              <ul className="pt-row pt-wrap pt-plain">
                <li>
                  <Tag tone={l.legal.annualFeePaid ? 'green' : 'orange'}>
                    {t('portal.market.feePaid')}：{l.legal.annualFeePaid ? '✓' : '✗'}
                  </Tag>
                </li>
                {l.legal.pledged ? (
                  <li>
                    <Tag tone="orange">{t('portal.market.pledged')}</Tag>
                  </li>
                ) : null}
                {l.legal.exclusiveLicence ? (
                  <li>
                    <Tag tone="orange">{t('portal.market.exclusive')}</Tag>
                  </li>
                ) : null}
                {l.legal.ownershipDisputed ? (
                  <li>
                    <Tag tone="orange">{t('portal.market.disputed')}</Tag>
                  </li>
                ) : null}
              </ul>
            </section>
          ) : null}
        </div>
        <aside className="pt-detail-side">
          <section className="pt-card">
            <dl className="pt-fields">
              <Field label={result ? t('portal.market.owner') : t('portal.market.demander')}>{l.ownerName}</Field>
              <Field label={result ? t('portal.market.askingPrice') : t('portal.market.budget')}>
                <span data-testid="portal-listing-price">{priceText}</span>
              </Field>
              {result && l.pricePublic !== false && l.askingTerms ? <Field label="">{l.askingTerms}</Field> : null}
              <Field label={t('portal.market.applicationNo')}>{l.applicationNo ? <span className="mono">{l.applicationNo}</span> : ''}</Field>
              <Field label={t('portal.market.transferModes')}>{(l.transferModes ?? []).map((m) => label('market.transferModes', m)).join('、')}</Field>
              <Field label={t('portal.market.inventors')}>{(l.inventors ?? []).join('、')}</Field>
              <Field label={t('portal.market.deadline')}>{l.deadline ?? ''}</Field>
              <Field label={t('portal.market.keywords')}>{l.keywords.join('、')}</Field>
            </dl>
          </section>
          {l.openLicence ? (
            <section className="pt-card">
              <h2>{t('portal.market.openLicence')}</h2>
              <dl className="pt-fields">
                <Field label={t('portal.market.licenceWay')}>{label('portal.market.ways', l.openLicence.paymentMethod)}</Field>
                <Field label={t('portal.market.licenceFee')}>{l.openLicence.feeFen ? money(l.openLicence.feeFen) : ''}</Field>
                <Field label="">{l.openLicence.royaltyBp ? t('portal.market.royalty', { pct: (l.openLicence.royaltyBp / 100).toFixed(2) }) : ''}</Field>
                <Field label={t('portal.market.declaredAt')}>{bjDate(l.openLicence.declaredAt)}</Field>
              </dl>
            </section>
          ) : null}
          <section className="pt-card">
            {result ? (
              <SignInAction label={t('portal.market.contact')} hint={t('portal.market.contactHint')} testId="portal-contact" />
            ) : (
              <SignInAction label={t('portal.market.respond')} hint={t('portal.market.respondHint')} testId="portal-respond" />
            )}
          </section>
        </aside>
      </div>
    </article>
  );
}
