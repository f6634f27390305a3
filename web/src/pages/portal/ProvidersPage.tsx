// Listed (recognised) service providers, mutually recognised across the region.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../../api/portal';
import { DemoTag, Failed, JURISDICTIONS, Loading, Pager, SearchField, Tag, bjDate, isDemo, useLabel, useListParams } from './ui';

const PAGE_SIZE = 12;
const CATEGORIES = ['testing', 'analysis', 'instrument_sharing', 'design', 'consulting', 'tech_transfer', 'ip_service'] as const;

export default function ProvidersPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { get, page, set } = useListParams();
  const q = get('q');
  const category = get('category');
  const jurisdiction = get('jurisdiction');
  const query = useQuery({
    queryKey: ['portal', 'providers', q, category, jurisdiction, page],
    queryFn: ({ signal }) =>
      portalApi.providers({ q: q || undefined, category: category || undefined, jurisdiction: jurisdiction || undefined, page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="pt-page" data-testid="portal-providers">
      <h1>{t('portal.providers.title')}</h1>
      <p className="pt-muted">{t('portal.providers.subtitle')}</p>
      <div className="pt-filters">
        <SearchField label={t('portal.providers.searchLabel')} maxLength={100} />
        <label className="pt-filter">
          <span>{t('portal.providers.category')}</span>
          <select value={category} onChange={(e) => set({ category: e.target.value })}>
            <option value="">{t('portal.all')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {label('serviceCategory', c)}
              </option>
            ))}
          </select>
        </label>
        <label className="pt-filter">
          <span>{t('portal.providers.jurisdiction')}</span>
          <select value={jurisdiction} onChange={(e) => set({ jurisdiction: e.target.value })}>
            <option value="">{t('portal.all')}</option>
            {JURISDICTIONS.map((j) => (
              <option key={j} value={j}>
                {label('jurisdiction', j)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <Failed error={query.error} retry={() => void query.refetch()} />
      ) : (
        <>
          <p className="pt-muted" aria-live="polite">
            {t('portal.total', { total: query.data.total })}
          </p>
          {query.data.items.length === 0 ? <p className="pt-empty">{t('portal.providers.none')}</p> : null}
          <ul className="pt-cards">
            {query.data.items.map((p) => (
              <li key={p.id} className="pt-card" data-testid="portal-provider-card">
                <div className="pt-row pt-wrap">
                  <Tag tone="grey">{label('jurisdictionShort', p.jurisdictionCode)}</Tag>
                  <DemoTag show={isDemo(p.organizationName, p.description)} />
                </div>
                <h2 className="pt-card-title">{p.organizationName}</h2>
                <p className="pt-muted pt-clip">{p.description}</p>
                <p className="pt-row pt-wrap">
                  {p.categories.map((c) => (
                    <Tag key={c} tone="green">
                      {label('serviceCategory', c)}
                    </Tag>
                  ))}
                </p>
                <p className="pt-muted">
                  {p.recognisedIn.length
                    ? `${t('portal.providers.recognisedIn')}：${p.recognisedIn.map((j) => label('jurisdictionShort', j)).join('、')} · `
                    : ''}
                  {t('portal.providers.products', { count: p.products })}
                  {p.listedAt ? ` · ${t('portal.providers.listedAt')} ${bjDate(p.listedAt)}` : ''}
                </p>
              </li>
            ))}
          </ul>
          <Pager page={page} pageSize={PAGE_SIZE} total={query.data.total} onPage={(p) => set({ page: String(p) })} />
        </>
      )}
    </div>
  );
}
