// Listed (recognised) service providers, mutually recognised across the region.
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../../api/portal';
import { DemoTag, Failed, JURISDICTIONS, Loading, Pager, Tag, bjDate, isDemo, useLabel } from './ui';

const PAGE_SIZE = 12;
const CATEGORIES = ['testing', 'analysis', 'instrument_sharing', 'design', 'consulting', 'tech_transfer', 'ip_service'] as const;

export default function ProvidersPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  const jurisdiction = params.get('jurisdiction') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
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
      <form
        className="pt-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: text.trim() });
        }}
      >
        <label className="pt-filter pt-filter-wide">
          <span>{t('portal.providers.searchLabel')}</span>
          <span className="pt-row">
            <input type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={100} />
            <button type="submit" className="pt-btn pt-btn-primary">
              {t('portal.search')}
            </button>
          </span>
        </label>
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
      </form>
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
