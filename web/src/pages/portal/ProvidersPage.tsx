// Listed (recognised) service providers, mutually recognised across the region.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../../api/portal';
import { CardList, DemoTag, JURISDICTIONS, SearchField, SelectFilter, Tag, bjDate, isDemo, useLabel, useListParams } from './ui';

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
        <SelectFilter
          label={t('portal.providers.category')}
          value={category}
          onChange={(v) => set({ category: v })}
          allLabel={t('portal.all')}
          options={CATEGORIES.map((c) => ({ value: c, label: label('serviceCategory', c) }))}
        />
        <SelectFilter
          label={t('portal.providers.jurisdiction')}
          value={jurisdiction}
          onChange={(v) => set({ jurisdiction: v })}
          allLabel={t('portal.all')}
          options={JURISDICTIONS.map((j) => ({ value: j, label: label('jurisdiction', j) }))}
        />
      </div>
      <CardList query={query} none={t('portal.providers.none')} page={page} pageSize={PAGE_SIZE} onPage={(p) => set({ page: String(p) })}>
        {(p) => (
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
              {p.recognisedIn.length ? `${t('portal.providers.recognisedIn')}：${p.recognisedIn.map((j) => label('jurisdictionShort', j)).join('、')} · ` : ''}
              {t('portal.providers.products', { count: p.products })}
              {p.listedAt ? ` · ${t('portal.providers.listedAt')} ${bjDate(p.listedAt)}` : ''}
            </p>
          </li>
        )}
      </CardList>
    </div>
  );
}
