// Published calls (joint funds, 揭榜挂帅, 赛马) for everybody.
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../../api/portal';
import { CardList, DemoTag, JURISDICTIONS, SelectFilter, Tag, bjDate, isDemo, money, useLabel, useListParams } from './ui';

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
        <SelectFilter
          label={t('portal.calls.kind')}
          value={kind}
          onChange={(v) => set({ kind: v })}
          allLabel={t('portal.all')}
          options={KINDS.map((k) => ({ value: k, label: label('calls.kind', k) }))}
        />
        <SelectFilter
          label={t('portal.calls.jurisdiction')}
          value={jurisdiction}
          onChange={(v) => set({ jurisdiction: v })}
          allLabel={t('portal.all')}
          options={JURISDICTIONS.map((j) => ({ value: j, label: label('jurisdiction', j) }))}
        />
      </div>
      <CardList query={query} none={t('portal.calls.none')} page={page} pageSize={PAGE_SIZE} onPage={(p) => set({ page: String(p) })}>
        {(c) => (
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
        )}
      </CardList>
    </div>
  );
}
