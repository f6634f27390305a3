// The public catalogue: search, filter by kind and jurisdiction, sort, pages. The address holds
// the query, so a search can be shared and Back works.
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portalApi, type PublicResourceItem } from '../../api/portal';
import { CardList, DemoTag, JURISDICTIONS, SearchField, SelectFilter, Tag, isDemo, money, useLabel, useListParams } from './ui';

const KINDS = ['instrument', 'facility', 'compute', 'dataset', 'germplasm'] as const;
const SORTS = ['relevance', 'newest', 'price', '-price', 'name'] as const;
const PAGE_SIZE = 12;

export function PriceLine(props: { r: Pick<PublicResourceItem, 'pricePublic' | 'hourlyFeeFen' | 'perSampleFen' | 'listPriceFen'> }) {
  const { t } = useTranslation();
  const r = props.r;
  if (!r.pricePublic) return <span className="pt-price pt-muted">{t('portal.catalogue.priceHidden')}</span>;
  if (r.hourlyFeeFen) return <span className="pt-price">{t('portal.catalogue.perHour', { price: money(r.hourlyFeeFen) })}</span>;
  if (r.perSampleFen) return <span className="pt-price">{t('portal.catalogue.perSample', { price: money(r.perSampleFen) })}</span>;
  if (r.listPriceFen) return <span className="pt-price">{t('portal.catalogue.from', { price: money(r.listPriceFen) })}</span>;
  return null;
}

export default function CataloguePage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { get, page, set } = useListParams();
  const q = get('q');
  const kind = get('kind');
  const jurisdiction = get('jurisdiction');
  const sort = get('sort');

  const query = useQuery({
    queryKey: ['portal', 'resources', q, kind, jurisdiction, sort, page],
    queryFn: ({ signal }) =>
      portalApi.resources(
        { q: q || undefined, kind: kind || undefined, jurisdiction: jurisdiction || undefined, sort: sort || undefined, page, pageSize: PAGE_SIZE },
        signal,
      ),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="pt-page" data-testid="portal-catalogue">
      <h1>{t('portal.catalogue.title')}</h1>
      <p className="pt-muted">{t('portal.catalogue.subtitle')}</p>
      <div className="pt-filters">
        <SearchField label={t('portal.catalogue.searchLabel')} placeholder={t('portal.catalogue.placeholder')} maxLength={200} testId="portal-catalogue-q" />
        <SelectFilter
          label={t('portal.catalogue.kind')}
          value={kind}
          onChange={(v) => set({ kind: v })}
          allLabel={t('portal.all')}
          options={KINDS.map((k) => ({ value: k, label: label('resourceKind', k) }))}
          testId="portal-catalogue-kind"
        />
        <SelectFilter
          label={t('portal.catalogue.jurisdiction')}
          value={jurisdiction}
          onChange={(v) => set({ jurisdiction: v })}
          allLabel={t('portal.all')}
          options={JURISDICTIONS.map((j) => ({ value: j, label: label('jurisdiction', j) }))}
          testId="portal-catalogue-jurisdiction"
        />
        <SelectFilter
          label={t('portal.catalogue.sort')}
          value={sort}
          onChange={(v) => set({ sort: v })}
          allLabel={t('portal.catalogue.sorts.relevance')}
          options={SORTS.slice(1).map((s) => ({ value: s, label: t(`portal.catalogue.sorts.${s}`) }))}
        />
      </div>
      <CardList query={query} none={t('portal.catalogue.none')} page={page} pageSize={PAGE_SIZE} onPage={(p) => set({ page: String(p) })}>
        {(r) => (
          <li key={r.id} className="pt-card pt-res-card" data-testid="portal-resource-card">
            <div className="pt-row pt-wrap">
              <Tag>{label('resourceKind', r.kind)}</Tag>
              <Tag tone="grey">{label('jurisdictionShort', r.jurisdictionCode)}</Tag>
              <DemoTag show={isDemo(r.name, r.ownerName)} />
            </div>
            <h2 className="pt-card-title">
              <Link to={`/resources/${r.id}`}>{r.name}</Link>
            </h2>
            <p className="pt-muted pt-clip">
              {r.highlights.description.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
            </p>
            <p className="pt-muted">
              {r.ownerName}
              {r.city ? ` · ${r.city}` : ''}
              {r.model ? ` · ${r.model}` : ''}
            </p>
            <div className="pt-row pt-between pt-wrap">
              <span className="pt-row pt-wrap">
                {r.serviceModes.map((m) => (
                  <Tag key={m} tone="green">
                    {label('serviceMode', m)}
                  </Tag>
                ))}
              </span>
              <PriceLine r={r} />
            </div>
          </li>
        )}
      </CardList>
    </div>
  );
}
