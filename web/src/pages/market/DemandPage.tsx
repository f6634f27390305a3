// One demand (技术需求) and what matches it: results ranked by score with why (the shared words
// as tags, shared IPC classes and fields, TRL, same jurisdiction, the score's parts as a bar),
// each linking to its page; the technology-transfer service institutions with their products and
// prices, and the experts (title, organisation, keywords), each with their reasons. The owner
// edits, publishes or withdraws it.
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, List, Popconfirm, Result, Row, Skeleton, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, EnvironmentOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { marketApi, type DemandMatches, type Listing } from '../../api/transfer';
import { ListingFormModal } from './ListingFormModal';
import { FieldTags, MStatusTag, MatchReasons, OpenLicenceTag, ResultTypeTag, ScoreBar, ScoreLegend, WordTags, useMarketLabels } from './shared';

export default function DemandPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const demand = useQuery({ queryKey: ['market-demand', id], queryFn: ({ signal }) => marketApi.demand(id, signal), enabled: id > 0 });
  if (demand.isError) {
    const e = demand.error;
    return (
      <Result
        status={e instanceof ApiError && e.status === 404 ? '404' : 'error'}
        title={e instanceof ApiError ? e.problem.title : t('error.generic')}
        subTitle={e instanceof ApiError ? e.problem.detail : undefined}
        extra={<Link to="/market?tab=demands">{t('market.back')}</Link>}
      />
    );
  }
  if (!demand.data) return <Skeleton active />;
  return <DemandView d={demand.data} />;
}

function DemandView(props: { d: Listing }) {
  const d = props.d;
  const { t } = useTranslation();
  const labels = useLabels();
  const ml = useMarketLabels();
  const me = useMe().data;
  const fb = useFeedback();
  const qc = useQueryClient();
  const [editOpen, setEditOpen] = useState(false);
  const own = !!me && d.ownerOrgId !== null && me.organization.id === d.ownerOrgId && d.source === 'yrd';
  const matches = useQuery({
    queryKey: ['market-demand-matches', d.id],
    queryFn: ({ signal }) => marketApi.demandMatches(d.id, signal),
    enabled: d.status !== 'draft',
  });
  const refresh = (l?: Listing) => {
    if (l) qc.setQueryData(['market-demand', d.id], l);
    void qc.invalidateQueries({ queryKey: ['market-demand', d.id] });
    void qc.invalidateQueries({ queryKey: ['market-demand-matches', d.id] });
    void qc.invalidateQueries({ queryKey: ['market'] });
    void qc.invalidateQueries({ queryKey: ['portfolio'] });
  };
  const setStatus = useMutation({
    mutationFn: (status: 'published' | 'withdrawn') => marketApi.updateDemand(d.id, { status }),
    onSuccess: (l) => {
      fb.success(l.status === 'published' ? t('market.form.published') : t('market.listing.withdrawnDone'));
      refresh(l);
    },
    onError: (err) => fb.error(err),
  });
  const m = matches.data;

  return (
    <div data-testid="demand-page" data-demand-id={d.id} data-status={d.status}>
      <Link to="/market?tab=demands" style={{ display: 'inline-block', marginBottom: 8 }} data-testid="demand-back">
        <ArrowLeftOutlined /> {t('market.back')}
      </Link>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="demand-title">{d.title}</span>
            {d.status !== 'published' ? <MStatusTag status={d.status} label={ml.status(d.status)} testId="demand-status" /> : null}
          </Flex>
        }
        subtitle={[
          d.ownerName,
          labels.jurisdiction(d.jurisdictionCode),
          d.publishedAt ? t('market.listing.publishedOn', { time: formatTime(d.publishedAt) }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
        extra={
          own ? (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditOpen(true)} data-testid="demand-edit">
                {t('common.edit')}
              </Button>
              {d.status !== 'published' ? (
                <Button icon={<UploadOutlined />} loading={setStatus.isPending} onClick={() => setStatus.mutate('published')} data-testid="demand-publish">
                  {t('market.listing.publish')}
                </Button>
              ) : (
                <Popconfirm
                  title={t('market.listing.withdrawConfirm')}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ 'data-testid': 'demand-withdraw-confirm' }}
                  onConfirm={() => setStatus.mutateAsync('withdrawn').catch(() => undefined)}
                >
                  <Button danger icon={<StopOutlined />} data-testid="demand-withdraw">
                    {t('market.listing.withdraw')}
                  </Button>
                </Popconfirm>
              )}
            </>
          ) : null
        }
      />
      {d.status === 'withdrawn' ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('market.listing.withdrawnBanner')} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('market.demand.facts')}>
              <Descriptions size="small" column={1} bordered data-testid="demand-facts" styles={{ label: { width: 110 } }}>
                <Descriptions.Item label={t('market.demand.budget')}>
                  <span data-testid="demand-budget">{d.budgetFen != null ? formatFen(d.budgetFen) : t('market.result.negotiable')}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('market.demand.deadline')}>
                  <span data-testid="demand-deadline">{d.deadline ?? '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('market.listing.owner')}>{d.ownerName}</Descriptions.Item>
                <Descriptions.Item label={t('market.listing.jurisdiction')}>{labels.jurisdiction(d.jurisdictionCode)}</Descriptions.Item>
                <Descriptions.Item label={t('market.listing.fields')}>
                  <FieldTags codes={d.fields} />
                </Descriptions.Item>
                <Descriptions.Item label={t('market.listing.ipc')}>
                  <WordTags words={d.ipc} code color="cyan" />
                </Descriptions.Item>
                <Descriptions.Item label={t('market.listing.keywords')}>
                  <WordTags words={d.keywords} />
                </Descriptions.Item>
                {d.source !== 'yrd' ? (
                  <Descriptions.Item label={t('market.listing.source')}>{t('market.listing.importedFrom', { source: d.source })}</Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
            <Card size="small" title={t('market.demand.problem')} data-testid="demand-problem">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{d.problem}</Typography.Paragraph>
            </Card>
            {d.indicators ? (
              <Card size="small" title={t('market.listing.indicators')}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{d.indicators}</Typography.Paragraph>
              </Card>
            ) : null}
          </Flex>
        </Col>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('market.match.title')} data-testid="demand-matches" styles={{ body: { paddingTop: 4 } }}>
            {d.status === 'draft' ? (
              <Typography.Text type="secondary">{t('market.match.draft')}</Typography.Text>
            ) : !m ? (
              <Skeleton active />
            ) : (
              <>
                {m.query.length ? (
                  <Flex wrap gap={4} align="center" style={{ margin: '8px 0' }} data-testid="match-query">
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('market.match.query')}
                    </Typography.Text>
                    {m.query.map((w) => (
                      <Tag key={w} bordered={false} style={{ marginInlineEnd: 0 }}>
                        {w}
                      </Tag>
                    ))}
                  </Flex>
                ) : null}
                <Tabs
                  items={[
                    {
                      key: 'results',
                      label: <span data-testid="match-tab-results">{t('market.match.results', { n: m.results.length })}</span>,
                      children: <MatchedResults m={m} />,
                    },
                    {
                      key: 'institutions',
                      label: <span data-testid="match-tab-institutions">{t('market.match.institutions', { n: m.institutions.length })}</span>,
                      children: <MatchedInstitutions m={m} />,
                    },
                    {
                      key: 'experts',
                      label: <span data-testid="match-tab-experts">{t('market.match.experts', { n: m.experts.length })}</span>,
                      children: <MatchedExperts m={m} />,
                    },
                  ]}
                />
              </>
            )}
          </Card>
        </Col>
      </Row>
      <ListingFormModal
        kind="demand"
        open={editOpen}
        listing={d}
        onClose={() => setEditOpen(false)}
        onSaved={(l) => {
          setEditOpen(false);
          refresh(l);
        }}
      />
    </div>
  );
}

function MatchedResults(props: { m: DemandMatches }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const items = props.m.results;
  // The matches' listings come without their open licence: the declarations in force say which.
  const declared = useQuery({
    queryKey: ['open-licences', 'listing-ids'],
    queryFn: ({ signal }) => marketApi.openLicences({ status: 'active', pageSize: 200 }, signal),
    staleTime: 30_000,
  });
  const open = new Set((declared.data?.items ?? []).map((o) => o.listingId));
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.match.none')} />;
  return (
    <Flex vertical gap={8}>
      <ScoreLegend />
      <List
        dataSource={items}
        pagination={items.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        data-testid="match-results"
        renderItem={(x, i) => {
          const r = x.listing;
          return (
            <List.Item key={r.id} data-testid={`match-result-${r.id}`} data-rank={i + 1} style={{ paddingInline: 0 }}>
              <Flex gap={12} style={{ width: '100%', minWidth: 0 }} align="flex-start">
                <div
                  style={{
                    flex: 'none',
                    width: 28,
                    height: 28,
                    borderRadius: 14,
                    background: i === 0 ? '#2f6fed' : '#eef1f6',
                    color: i === 0 ? '#fff' : '#475467',
                    display: 'flex',
                    alignItems: 'center',
                    justifyContent: 'center',
                    fontWeight: 600,
                  }}
                  data-testid={`match-result-rank-${r.id}`}
                >
                  {i + 1}
                </div>
                <Flex vertical gap={6} style={{ flex: 1, minWidth: 0 }}>
                  <Flex gap={8} align="center" wrap>
                    <ResultTypeTag type={r.resultType} />
                    <Link to={`/market/results/${r.id}`} style={{ fontWeight: 600, fontSize: 15, minWidth: 0 }} data-testid={`match-result-link-${r.id}`}>
                      {r.title}
                    </Link>
                    {r.openLicence || open.has(r.id) ? <OpenLicenceTag testId={`match-result-ol-${r.id}`} /> : null}
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[r.ownerName, labels.jurisdiction(r.jurisdictionCode), r.applicationNo, r.askingPriceFen != null ? formatFen(r.askingPriceFen) : null]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography.Text>
                  <Flex gap={isPhone ? 6 : 16} wrap={isPhone} align="flex-start">
                    <div style={{ width: isPhone ? '100%' : 220, flex: 'none' }}>
                      <ScoreBar score={x.score} parts={x.reason.parts} testId={`match-result-score-${r.id}`} />
                    </div>
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <MatchReasons reason={x.reason} testId={`match-result-reason-${r.id}`} />
                    </div>
                  </Flex>
                </Flex>
              </Flex>
            </List.Item>
          );
        }}
      />
    </Flex>
  );
}

function MatchedInstitutions(props: { m: DemandMatches }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const items = props.m.institutions;
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.match.noInstitutions')} />;
  return (
    <List
      dataSource={items}
      data-testid="match-institutions"
      renderItem={(x) => (
        <List.Item key={x.item.providerId} data-testid={`match-institution-${x.item.providerId}`} style={{ paddingInline: 0 }}>
          <Flex vertical gap={6} style={{ width: '100%', minWidth: 0 }}>
            <Flex justify="space-between" gap={8} wrap>
              <Link to={`/vouchers/providers/${x.item.providerId}`} style={{ fontWeight: 600 }}>
                {x.item.name}
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <EnvironmentOutlined /> {labels.jurisdiction(x.item.jurisdictionCode)}
              </Typography.Text>
            </Flex>
            {x.item.description ? (
              <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }} ellipsis={{ rows: 2 }}>
                {x.item.description}
              </Typography.Paragraph>
            ) : null}
            {x.item.products.length ? (
              <Flex vertical gap={2} data-testid={`match-institution-products-${x.item.providerId}`}>
                {x.item.products.slice(0, 5).map((p) => (
                  <Flex key={p.id} justify="space-between" gap={8} style={{ fontSize: 13 }}>
                    <span style={{ minWidth: 0 }}>{p.name}</span>
                    <Typography.Text style={{ whiteSpace: 'nowrap', fontSize: 13 }}>
                      {formatFen(p.priceFen)}
                      {p.unit ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {' '}
                          / {p.unit}
                        </Typography.Text>
                      ) : null}
                    </Typography.Text>
                  </Flex>
                ))}
              </Flex>
            ) : null}
            <ScoreBar score={x.score} width={220} />
            <MatchReasons reason={x.reason} />
          </Flex>
        </List.Item>
      )}
    />
  );
}

function MatchedExperts(props: { m: DemandMatches }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const ml = useMarketLabels();
  const items = props.m.experts;
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.match.noExperts')} />;
  return (
    <List
      dataSource={items}
      data-testid="match-experts"
      renderItem={(x) => (
        <List.Item key={x.item.userId} data-testid={`match-expert-${x.item.userId}`} style={{ paddingInline: 0 }}>
          <Flex vertical gap={6} style={{ width: '100%', minWidth: 0 }}>
            <Flex justify="space-between" gap={8} wrap>
              <Typography.Text strong>{x.item.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[x.item.title, x.item.organizationName, labels.jurisdictionShort(x.item.jurisdictionCode)].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Flex>
            <Flex wrap gap={4} align="center">
              <Tag color={x.item.availability === 'available' ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
                {ml.availability(x.item.availability)}
              </Tag>
              {x.item.keywords.slice(0, 8).map((k) => (
                <Tag key={k} style={{ marginInlineEnd: 0 }}>
                  {k}
                </Tag>
              ))}
            </Flex>
            <ScoreBar score={x.score} width={220} />
            <MatchReasons reason={x.reason} />
          </Flex>
        </List.Item>
      )}
    />
  );
}
