// The portal's home: what the platform is, a search of the catalogue, the regional overview
// (counts per jurisdiction and the map of the three provinces and Shanghai), the newest
// resources and results, and calls.
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portalApi, type Overview } from '../../api/portal';
import { DemoTag, Failed, Loading, Tag, bjDate, isDemo, useLabel } from './ui';

const RegionMap = lazy(() => import('./RegionMap'));

type Metric = 'resources' | 'providers' | 'results' | 'calls';
const METRICS: Metric[] = ['resources', 'providers', 'results', 'calls'];

function OverviewBlock(props: { data: Overview }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [metric, setMetric] = useState<Metric>('resources');
  const { data } = props;
  const links: Record<Metric, (code: string) => string> = {
    resources: (c) => `/resources?jurisdiction=${c}`,
    providers: (c) => `/providers?jurisdiction=${c}`,
    results: (c) => `/market?jurisdiction=${c}`,
    calls: (c) => `/research/calls?jurisdiction=${c}`,
  };
  return (
    <section className="pt-section" aria-labelledby="pt-overview-h">
      <h2 id="pt-overview-h">{t('portal.home.overview')}</h2>
      <p className="pt-muted">{t('portal.home.overviewHint')}</p>
      <ul className="pt-stats" data-testid="portal-totals">
        {(['resources', 'providers', 'results', 'demands', 'calls'] as const).map((k) => (
          <li key={k} className="pt-stat">
            <span className="pt-stat-n">{data.totals[k].toLocaleString()}</span>
            <span className="pt-stat-l">{t(`portal.counts.${k}`)}</span>
          </li>
        ))}
      </ul>
      <div className="pt-overview">
        <div className="pt-card pt-map-card">
          <div className="pt-row pt-between">
            <h3>{t('portal.home.mapTitle')}</h3>
            <label className="pt-inline">
              <span>{t('portal.home.metric')}</span>
              <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)} data-testid="portal-map-metric">
                {METRICS.map((m) => (
                  <option key={m} value={m}>
                    {t(`portal.counts.${m}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <Suspense fallback={<div className="pt-map-box" />}>
            <RegionMap regions={data.jurisdictions} metric={metric} linkOf={links[metric]} />
          </Suspense>
        </div>
        <div className="pt-card">
          <h3>{t('portal.home.table')}</h3>
          <div className="pt-table-wrap">
            <table className="pt-table" data-testid="portal-region-table">
              <thead>
                <tr>
                  <th scope="col">{t('portal.home.region')}</th>
                  {(['resources', 'providers', 'results', 'demands', 'calls'] as const).map((k) => (
                    <th key={k} scope="col" className="pt-num">
                      {t(`portal.counts.${k}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.jurisdictions.map((j) => (
                  <tr key={j.code}>
                    <th scope="row">
                      <Link to={`/resources?jurisdiction=${j.code}`}>{label('jurisdiction', j.code)}</Link>
                    </th>
                    <td className="pt-num">{j.resources}</td>
                    <td className="pt-num">{j.providers}</td>
                    <td className="pt-num">{j.results}</td>
                    <td className="pt-num">{j.demands}</td>
                    <td className="pt-num">{j.calls}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </section>
  );
}

function Latest() {
  const { t } = useTranslation();
  const label = useLabel();
  const resources = useQuery({ queryKey: ['portal', 'home', 'resources'], queryFn: () => portalApi.resources({ sort: 'newest', pageSize: 6 }) });
  const results = useQuery({ queryKey: ['portal', 'home', 'results'], queryFn: () => portalApi.results({ sort: 'newest', pageSize: 5 }) });
  const calls = useQuery({ queryKey: ['portal', 'home', 'calls'], queryFn: () => portalApi.calls({ sort: '-createdAt', pageSize: 5 }) });
  return (
    <div className="pt-columns">
      <section className="pt-section" aria-labelledby="pt-latest-res">
        <div className="pt-row pt-between">
          <h2 id="pt-latest-res">{t('portal.home.latestResources')}</h2>
          <Link to="/resources">{t('portal.home.viewAll')}</Link>
        </div>
        <ul className="pt-list">
          {resources.data?.items.map((r) => (
            <li key={r.id} className="pt-list-item">
              <Link to={`/resources/${r.id}`}>{r.name}</Link> <DemoTag show={isDemo(r.name, r.ownerName)} />
              <div className="pt-muted">
                {label('resourceKind', r.kind)} · {label('jurisdictionShort', r.jurisdictionCode)} · {r.ownerName}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section className="pt-section" aria-labelledby="pt-latest-results">
        <div className="pt-row pt-between">
          <h2 id="pt-latest-results">{t('portal.home.latestResults')}</h2>
          <Link to="/market">{t('portal.home.viewAll')}</Link>
        </div>
        <ul className="pt-list">
          {results.data?.items.map((r) => (
            <li key={r.id} className="pt-list-item">
              <Link to={`/market/results/${r.id}`}>{r.title}</Link> <DemoTag show={isDemo(r.title, r.ownerName, r.summary)} />
              <div className="pt-muted">
                {label('market.resultTypes', r.resultType)} · {label('jurisdictionShort', r.jurisdictionCode)} · {r.ownerName}
              </div>
            </li>
          ))}
        </ul>
        <div className="pt-row pt-between">
          <h2>{t('portal.home.openCalls')}</h2>
          <Link to="/research/calls">{t('portal.home.viewAll')}</Link>
        </div>
        <ul className="pt-list">
          {calls.data?.items.map((c) => (
            <li key={c.id} className="pt-list-item">
              <Link to={`/research/calls/${c.id}`}>{c.title}</Link> <DemoTag show={isDemo(c.title)} />
              <div className="pt-muted">
                <Tag>{label('calls.kind', c.kind)}</Tag> {label('calls.status', c.status)} · {t('portal.calls.deadline')} {bjDate(c.deadline)}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const overview = useQuery({ queryKey: ['portal', 'overview'], queryFn: portalApi.overview, staleTime: 60_000 });
  return (
    <div data-testid="portal-home">
      <section className="pt-hero">
        <div className="pt-hero-in">
          <h1>{t('portal.home.heroTitle')}</h1>
          <p>{t('portal.home.heroText')}</p>
          <form
            className="pt-search"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              navigate(q.trim() ? `/resources?q=${encodeURIComponent(q.trim())}` : '/resources');
            }}
          >
            <label htmlFor="pt-home-q" className="pt-sr">
              {t('portal.home.searchLabel')}
            </label>
            <input
              id="pt-home-q"
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('portal.home.searchPlaceholder')}
              maxLength={200}
            />
            <button type="submit" className="pt-btn pt-btn-primary">
              {t('portal.search')}
            </button>
          </form>
        </div>
      </section>
      <div className="pt-page">
        {overview.isPending ? (
          <Loading />
        ) : overview.isError ? (
          <Failed error={overview.error} retry={() => void overview.refetch()} />
        ) : (
          <OverviewBlock data={overview.data} />
        )}
        <Latest />
      </div>
    </div>
  );
}
