// The public technology market: results, demands and open licence declarations.
import { Link, NavLink, useSearchParams } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portalApi, type PublicListing } from '../../api/portal';
import { CardList, DemoTag, Failed, JURISDICTIONS, Loading, Pager, SearchField, SelectFilter, Tag, bjDate, isDemo, money, useLabel, useListParams } from './ui';

const PAGE_SIZE = 12;

function ListingCard(props: { l: PublicListing }) {
  const { t } = useTranslation();
  const label = useLabel();
  const l = props.l;
  const result = l.kind === 'result';
  const amount = result ? l.askingPriceFen : l.budgetFen;
  return (
    <li className="pt-card" data-testid={`portal-${l.kind}-card`}>
      <div className="pt-row pt-wrap">
        {result ? <Tag>{label('market.resultTypes', l.resultType)}</Tag> : null}
        <Tag tone="grey">{label('jurisdictionShort', l.jurisdictionCode)}</Tag>
        {result && l.trl ? <Tag tone="green">{t('portal.market.trl', { trl: l.trl })}</Tag> : null}
        {l.openLicence ? <Tag tone="orange">{t('portal.market.openLicence')}</Tag> : null}
        <DemoTag show={isDemo(l.title, l.ownerName, l.summary, l.problem)} />
      </div>
      <h2 className="pt-card-title">
        <Link to={`/market/${l.kind}s/${l.id}`}>{l.title}</Link>
      </h2>
      <p className="pt-muted pt-clip">
        {l.highlights
          ? l.highlights.body.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))
          : (l.summary ?? l.problem ?? '').slice(0, 120)}
      </p>
      <div className="pt-row pt-between pt-wrap">
        <span className="pt-muted">
          {l.ownerName}
          {!result && l.deadline ? ` · ${t('portal.market.deadline')} ${l.deadline}` : ''}
        </span>
        <span className="pt-price">
          {result ? t('portal.market.askingPrice') : t('portal.market.budget')}：
          {l.pricePublic !== false && amount ? money(amount) : <span className="pt-muted">{t('portal.market.priceHidden')}</span>}
        </span>
      </div>
    </li>
  );
}

function Listings(props: { kind: 'result' | 'demand' }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { get, page, set } = useListParams();
  const q = get('q');
  const jurisdiction = get('jurisdiction');
  const query = useQuery({
    queryKey: ['portal', props.kind, q, jurisdiction, page],
    queryFn: async ({ signal }): Promise<{ items: PublicListing[]; total: number }> => {
      const qq = { q: q || undefined, jurisdiction: jurisdiction || undefined, page, pageSize: PAGE_SIZE };
      return props.kind === 'result' ? portalApi.results(qq, signal) : portalApi.demands(qq, signal);
    },
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <div className="pt-filters">
        <SearchField label={t('portal.market.searchLabel')} placeholder={t('portal.market.placeholder')} maxLength={200} testId="portal-market-q" />
        <SelectFilter
          label={t('portal.catalogue.jurisdiction')}
          value={jurisdiction}
          onChange={(v) => set({ jurisdiction: v })}
          allLabel={t('portal.all')}
          options={JURISDICTIONS.map((j) => ({ value: j, label: label('jurisdiction', j) }))}
        />
      </div>
      <CardList query={query} none={t('portal.market.none')} page={page} pageSize={PAGE_SIZE} onPage={(p) => set({ page: String(p) })}>
        {(l) => <ListingCard key={l.id} l={l} />}
      </CardList>
    </>
  );
}

function Licences() {
  const { t } = useTranslation();
  const label = useLabel();
  const { page, set } = useListParams();
  const query = useQuery({ queryKey: ['portal', 'licences', page], queryFn: ({ signal }) => portalApi.openLicences({ page, pageSize: PAGE_SIZE }, signal) });
  if (query.isPending) return <Loading />;
  if (query.isError) return <Failed error={query.error} retry={() => void query.refetch()} />;
  return (
    <>
      <p className="pt-muted">{t('portal.total', { total: query.data.total })}</p>
      <ul className="pt-cards">
        {query.data.items.map((o) => (
          <li key={o.id} className="pt-card" data-testid="portal-licence-card">
            <div className="pt-row pt-wrap">
              <Tag tone="orange">{label('portal.market.ways', o.paymentMethod)}</Tag>
              {o.patent ? <Tag tone="grey">{label('jurisdictionShort', o.patent.jurisdictionCode)}</Tag> : null}
              <DemoTag show={isDemo(o.patent?.title, o.patent?.ownerName, o.statement)} />
            </div>
            <h2 className="pt-card-title">{o.patent ? <Link to={`/market/results/${o.patent.id}`}>{o.patent.title}</Link> : `#${o.listingId}`}</h2>
            <p className="pt-muted">
              {o.patent?.ownerName}
              {o.patent?.applicationNo ? ` · ${o.patent.applicationNo}` : ''}
            </p>
            <p>
              {o.feeFen ? `${t('portal.market.licenceFee')} ${money(o.feeFen)}` : ''}
              {o.royaltyBp ? ` ${t('portal.market.royalty', { pct: (o.royaltyBp / 100).toFixed(2) })}` : ''} ·{' '}
              {t('portal.market.term', { months: o.termMonths })} · {t('portal.market.declaredAt')} {bjDate(o.declaredAt)}
            </p>
          </li>
        ))}
      </ul>
      <Pager page={page} pageSize={PAGE_SIZE} total={query.data.total} onPage={(p) => set({ page: String(p) })} />
    </>
  );
}

export default function MarketPage(props: { tab?: 'licences' }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const tab = props.tab ?? (params.get('tab') === 'demands' ? 'demands' : 'results');
  return (
    <div className="pt-page" data-testid="portal-market">
      <h1>{t('portal.market.title')}</h1>
      <p className="pt-muted">{t('portal.market.subtitle')}</p>
      <nav className="pt-tabs" aria-label={t('portal.market.tabsLabel')}>
        <NavLink
          to="/market"
          end
          className={() => (tab === 'results' ? 'active' : '')}
          aria-current={tab === 'results' ? 'page' : undefined}
          data-testid="portal-tab-results"
        >
          {t('portal.market.tabs.results')}
        </NavLink>
        <NavLink
          to="/market?tab=demands"
          className={() => (tab === 'demands' ? 'active' : '')}
          aria-current={tab === 'demands' ? 'page' : undefined}
          data-testid="portal-tab-demands"
        >
          {t('portal.market.tabs.demands')}
        </NavLink>
        <NavLink
          to="/market/open-licences"
          className={() => (tab === 'licences' ? 'active' : '')}
          aria-current={tab === 'licences' ? 'page' : undefined}
          data-testid="portal-tab-licences"
        >
          {t('portal.market.tabs.licences')}
        </NavLink>
      </nav>
      {tab === 'licences' ? <Licences /> : <Listings key={tab} kind={tab === 'demands' ? 'demand' : 'result'} />}
    </div>
  );
}
