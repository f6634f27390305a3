// Published calls (joint funds, 揭榜挂帅, 赛马) for everybody.
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../../api/portal';
import { DemoTag, Failed, JURISDICTIONS, Loading, Pager, Tag, bjDate, isDemo, money, useLabel, useListParams } from './ui';

const PAGE_SIZE = 12;
const KINDS = ['joint_fund', 'challenge', 'horse_race'] as const;

export default function CallsPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { get, page, set } = useListParams();
  const kind = get('kind');
  const jurisdiction = get('jurisdiction');
  const query = useQuery({
    queryKey: ['portal', 'calls', kind, jurisdiction, page],
    queryFn: ({ signal }) =>
      portalApi.calls({ kind: kind || undefined, jurisdiction: jurisdiction || undefined, sort: '-createdAt', page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="pt-page" data-testid="portal-calls">
      <h1>{t('portal.calls.title')}</h1>
      <p className="pt-muted">{t('portal.calls.subtitle')}</p>
      <div className="pt-filters">
        <label className="pt-filter">
          <span>{t('portal.calls.kind')}</span>
          <select value={kind} onChange={(e) => set({ kind: e.target.value })}>
            <option value="">{t('portal.all')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {label('calls.kind', k)}
              </option>
            ))}
          </select>
        </label>
        <label className="pt-filter">
          <span>{t('portal.calls.jurisdiction')}</span>
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
          {query.data.items.length === 0 ? <p className="pt-empty">{t('portal.calls.none')}</p> : null}
          <ul className="pt-cards">
            {query.data.items.map((c) => (
              <li key={c.id} className="pt-card" data-testid="portal-call-card">
                <div className="pt-row pt-wrap">
                  <Tag>{label('calls.kind', c.kind)}</Tag>
                  <Tag tone="green">{label('calls.status', c.status)}</Tag>
                  <Tag tone="grey">{label('jurisdictionShort', c.jurisdictionCode)}</Tag>
                  <DemoTag show={isDemo(c.title, c.description)} />
                </div>
                <h2 className="pt-card-title">
                  <Link to={`/research/calls/${c.id}`}>{c.title}</Link>
                </h2>
                <p className="pt-muted pt-clip">{c.description.slice(0, 140)}</p>
                <div className="pt-row pt-between pt-wrap">
                  <span className="pt-muted">
                    {t('portal.calls.deadline')} {bjDate(c.deadline)}
                  </span>
                  <span className="pt-price">
                    {t('portal.calls.budget')} {money(c.budgetFen)}
                  </span>
                </div>
              </li>
            ))}
          </ul>
          <Pager page={page} pageSize={PAGE_SIZE} total={query.data.total} onPage={(p) => set({ page: String(p) })} />
        </>
      )}
    </div>
  );
}
