// One result (科技成果): every field, the owner, inventors and the rights a job-related result
// gives them (赋权), its legal status; the open licence panel — the declared terms and, for an
// admin of another organisation, a one-click acceptance that gives the licence at once (its
// record number and contract shown); for the owner's admin, declaring (refusals by the law's bars
// shown as the law's reason) and withdrawing with a reason (the withdrawal then announced). The
// demands it matches, each with why; proposing a contract and starting an auction.
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Radio,
  Result,
  Row,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import {
  ArrowLeftOutlined,
  AuditOutlined,
  CheckCircleOutlined,
  CloseCircleOutlined,
  EditOutlined,
  FileProtectOutlined,
  RiseOutlined,
  StopOutlined,
  UnlockOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatFen, yuanToFen } from '../../app/money';
import { formatDate, formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { ContactOwnerButton, MessageThread } from '../../components/messages/ContactOwner';
import { useFeedback } from '../../components/feedback';
import { ProblemAlert } from '../../components/IntegrityRecordAlert';
import { ReasonModal } from '../../components/vouchers/tags';
import { ProposeContractModal } from '../../components/deals/ProposeContractModal';
import { CreateAuctionModal } from '../../components/deals/CreateAuctionModal';
import { MAX_ROYALTY_PCT, PAYMENT_METHODS, marketApi, type ContractDetail, type Listing, type OpenLicence, type PaymentMethod } from '../../api/transfer';
import { ListingFormModal } from './ListingFormModal';
import {
  FieldTags,
  MStatusTag,
  MatchReasons,
  OpenLicenceTag,
  OpenLicenceTerms,
  ResultTypeTag,
  ScoreBar,
  ScoreLegend,
  WordTags,
  declarationBars,
  pct,
  useMarketLabels,
  useTermsLine,
} from './shared';
import { localizeFieldErrors } from './problems';

export default function ResultPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const result = useQuery({ queryKey: ['market-result', id], queryFn: ({ signal }) => marketApi.result(id, signal), enabled: id > 0 });
  if (result.isError) {
    const e = result.error;
    return (
      <Result
        status={e instanceof ApiError && e.status === 404 ? '404' : 'error'}
        title={e instanceof ApiError ? e.problem.title : t('error.generic')}
        subTitle={e instanceof ApiError ? e.problem.detail : undefined}
        extra={<Link to="/market">{t('market.back')}</Link>}
      />
    );
  }
  if (!result.data) return <Skeleton active />;
  return <ResultView r={result.data} />;
}

function ResultView(props: { r: Listing }) {
  const r = props.r;
  const { t } = useTranslation();
  const labels = useLabels();
  const ml = useMarketLabels();
  const access = useAccess();
  const me = useMe().data;
  const fb = useFeedback();
  const qc = useQueryClient();
  const [editOpen, setEditOpen] = useState(false);
  const [contractOpen, setContractOpen] = useState(false);
  const [auctionOpen, setAuctionOpen] = useState(false);
  const isPhone = useIsPhone();
  const own = !!me && r.ownerOrgId !== null && me.organization.id === r.ownerOrgId;
  const ownerAdmin = own && access.canTrade;
  const published = r.status === 'published';

  const refresh = (l?: Listing) => {
    if (l) qc.setQueryData(['market-result', r.id], l);
    void qc.invalidateQueries({ queryKey: ['market-result', r.id] });
    void qc.invalidateQueries({ queryKey: ['market'] });
    void qc.invalidateQueries({ queryKey: ['portfolio'] });
  };
  const setStatus = useMutation({
    mutationFn: (status: 'published' | 'withdrawn') => marketApi.updateResult(r.id, { status }),
    onSuccess: (l) => {
      fb.success(l.status === 'published' ? t('market.form.published') : t('market.listing.withdrawnDone'));
      refresh(l);
    },
    onError: (err) => fb.error(err),
  });

  // On phones the open licence comes right after the facts, not below everything.
  const olPanel =
    r.applicationNo || r.openLicence || PATENT_LIKE.includes(r.resultType ?? '') ? <OpenLicencePanel r={r} ownerAdmin={ownerAdmin} own={own} /> : null;
  const text = (s: string | undefined) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{s}</Typography.Paragraph>;
  const rights = r.inventorRights;

  return (
    <div data-testid="result-page" data-result-id={r.id} data-status={r.status}>
      <Link to="/market" style={{ display: 'inline-block', marginBottom: 8 }} data-testid="result-back">
        <ArrowLeftOutlined /> {t('market.back')}
      </Link>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="result-title">{r.title}</span>
            <ResultTypeTag type={r.resultType} testId="result-type" />
            {r.status !== 'published' ? <MStatusTag status={r.status} label={ml.status(r.status)} testId="result-status" /> : null}
            {r.openLicence ? <OpenLicenceTag testId="result-ol-tag" /> : null}
          </Flex>
        }
        subtitle={[
          r.ownerName,
          labels.jurisdiction(r.jurisdictionCode),
          r.publishedAt ? t('market.listing.publishedOn', { time: formatTime(r.publishedAt) }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
        extra={
          <>
            {published && r.ownerOrgId !== null ? <ContactOwnerButton targetType="listing" targetId={r.id} ownerName={r.ownerName} own={own} /> : null}
            {access.canTrade && published && r.ownerOrgId !== null ? (
              <Button
                type={own ? 'default' : 'primary'}
                icon={<FileProtectOutlined />}
                onClick={() => setContractOpen(true)}
                data-testid="result-propose-contract"
              >
                {t('market.result.proposeContract')}
              </Button>
            ) : null}
            {ownerAdmin && published ? (
              <Button icon={<RiseOutlined />} onClick={() => setAuctionOpen(true)} data-testid="result-create-auction">
                {t('market.result.createAuction')}
              </Button>
            ) : null}
            {own && r.source === 'yrd' ? (
              <Button icon={<EditOutlined />} onClick={() => setEditOpen(true)} data-testid="result-edit">
                {t('common.edit')}
              </Button>
            ) : null}
            {own && r.source === 'yrd' && r.status !== 'published' ? (
              <Button icon={<UploadOutlined />} loading={setStatus.isPending} onClick={() => setStatus.mutate('published')} data-testid="result-publish">
                {t('market.listing.publish')}
              </Button>
            ) : null}
            {own && r.source === 'yrd' && published ? (
              <Popconfirm
                title={t('market.listing.withdrawConfirm')}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                okButtonProps={{ 'data-testid': 'result-withdraw-confirm' }}
                onConfirm={() => setStatus.mutateAsync('withdrawn').catch(() => undefined)}
              >
                <Button danger icon={<StopOutlined />} data-testid="result-withdraw">
                  {t('market.listing.withdraw')}
                </Button>
              </Popconfirm>
            ) : null}
          </>
        }
      />
      {r.ownerOrgId !== null ? <MessageThread targetType="listing" targetId={r.id} owner={ownerAdmin} /> : null}
      {r.status === 'withdrawn' ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('market.listing.withdrawnBanner')} data-testid="result-withdrawn" />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('market.result.facts')}>
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered data-testid="result-facts" styles={{ label: { width: isPhone ? 96 : 120 } }}>
                <Descriptions.Item label={t('market.result.type')}>{ml.resultType(r.resultType)}</Descriptions.Item>
                <Descriptions.Item label={t('market.result.applicationNo')}>
                  {r.applicationNo ? (
                    <span data-testid="result-application-no">
                      <code>{r.applicationNo}</code>
                      {r.patentStatus ? <Typography.Text type="secondary"> · {ml.patentStatus(r.patentStatus)}</Typography.Text> : null}
                    </span>
                  ) : (
                    '—'
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('market.result.askingPrice')}>
                  <span data-testid="result-price">{r.askingPriceFen != null ? formatFen(r.askingPriceFen) : t('market.result.negotiable')}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('market.result.trl')}>
                  <span data-testid="result-trl">{r.trl != null ? `TRL ${r.trl}` : '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('market.result.transferModes')} span={2}>
                  <WordTags words={r.transferModes} label={ml.transferMode} color="blue" />
                </Descriptions.Item>
                <Descriptions.Item label={t('market.listing.ipc')} span={2}>
                  <WordTags words={r.ipc} code color="cyan" testId="result-ipc" />
                </Descriptions.Item>
                <Descriptions.Item label={t('market.listing.fields')} span={2}>
                  <FieldTags codes={r.fields} />
                </Descriptions.Item>
                <Descriptions.Item label={t('market.listing.keywords')} span={2}>
                  <WordTags words={r.keywords} />
                </Descriptions.Item>
                <Descriptions.Item label={t('market.listing.owner')} span={2}>
                  <span data-testid="result-owner">{r.ownerName}</span>
                  <Typography.Text type="secondary"> · {labels.jurisdiction(r.jurisdictionCode)}</Typography.Text>
                </Descriptions.Item>
                {r.askingTerms ? (
                  <Descriptions.Item label={t('market.result.askingTerms')} span={2}>
                    {r.askingTerms}
                  </Descriptions.Item>
                ) : null}
                {r.source !== 'yrd' ? (
                  <Descriptions.Item label={t('market.listing.source')} span={2}>
                    {t('market.listing.importedFrom', { source: r.source })} {r.externalId ? <code>{r.externalId}</code> : null}
                  </Descriptions.Item>
                ) : null}
                <Descriptions.Item label={t('common.updatedAt')} span={2}>
                  {formatTime(r.updatedAt)}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            {isPhone ? olPanel : null}
            <Card size="small" title={t('market.result.summary')} data-testid="result-summary">
              {text(r.summary)}
            </Card>
            {r.indicators ? (
              <Card size="small" title={t('market.listing.indicators')} data-testid="result-indicators">
                {text(r.indicators)}
              </Card>
            ) : null}
            <Card size="small" title={t('market.result.inventorsTitle')} data-testid="result-inventors">
              <Descriptions size="small" column={1} styles={{ label: { width: 110 } }}>
                <Descriptions.Item label={t('market.result.inventors')}>
                  <span data-testid="result-inventor-names">{r.inventors?.length ? r.inventors.join(t('common.listSep')) : '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('market.result.jobRelated')}>{r.jobRelated ? t('common.yes') : t('common.no')}</Descriptions.Item>
                {rights ? (
                  <Descriptions.Item label={t('market.result.rightsKind')}>
                    <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="result-rights-kind">
                      {ml.rightsKind(rights.kind)}
                    </Tag>
                  </Descriptions.Item>
                ) : null}
                {rights?.note ? <Descriptions.Item label={t('market.result.rightsNote')}>{rights.note}</Descriptions.Item> : null}
              </Descriptions>
              {rights?.shares.length ? (
                <Table
                  size="small"
                  rowKey="name"
                  pagination={false}
                  dataSource={rights.shares}
                  data-testid="result-shares"
                  columns={[
                    { key: 'name', dataIndex: 'name', title: t('market.result.shareName') },
                    { key: 'bp', title: t('market.result.sharePct'), align: 'right', render: (_: unknown, s: { bp: number }) => pct(s.bp) },
                  ]}
                  summary={() => (
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0}>
                        <Typography.Text type="secondary">{t('market.result.sharesTotal')}</Typography.Text>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={1} align="right">
                        {pct(rights.shares.reduce((a, s) => a + s.bp, 0))}
                      </Table.Summary.Cell>
                    </Table.Summary.Row>
                  )}
                />
              ) : null}
            </Card>
            {r.legal ? <LegalCard r={r} /> : null}
          </Flex>
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            {!isPhone ? olPanel : null}
            <MatchedDemands r={r} />
          </Flex>
        </Col>
      </Row>
      <ListingFormModal
        kind="result"
        open={editOpen}
        listing={r}
        onClose={() => setEditOpen(false)}
        onSaved={(l) => {
          setEditOpen(false);
          refresh(l);
        }}
      />
      {contractOpen ? (
        <ProposeContractModal result={{ id: r.id, title: r.title, ownerOrgId: r.ownerOrgId }} open={contractOpen} onClose={() => setContractOpen(false)} />
      ) : null}
      {auctionOpen ? <CreateAuctionModal result={{ id: r.id, title: r.title }} open={auctionOpen} onClose={() => setAuctionOpen(false)} /> : null}
    </div>
  );
}

const PATENT_LIKE = ['invention', 'utility_model', 'design'];

function LegalCard(props: { r: Listing }) {
  const { t } = useTranslation();
  const g = props.r.legal!;
  const flag = (ok: boolean, okText: string, badText: string, testId: string) => (
    <Tag
      color={ok ? 'green' : 'red'}
      icon={ok ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
      style={{ marginInlineEnd: 0 }}
      data-testid={testId}
      data-ok={ok}
    >
      {ok ? okText : badText}
    </Tag>
  );
  return (
    <Card size="small" title={t('market.result.legalTitle')} data-testid="result-legal">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} styles={{ label: { width: 120 } }}>
        <Descriptions.Item label={t('market.legal.exclusiveLicence')}>
          {flag(!g.exclusiveLicence, t('market.legal.none'), t('market.legal.inForce'), 'legal-exclusive')}
        </Descriptions.Item>
        <Descriptions.Item label={t('market.legal.pledged')}>
          {g.pledged
            ? flag(g.pledgeeConsent, t('market.legal.pledgedConsent'), t('market.legal.pledgedNoConsent'), 'legal-pledged')
            : flag(true, t('market.legal.notPledged'), '', 'legal-pledged')}
        </Descriptions.Item>
        <Descriptions.Item label={t('market.legal.annualFeePaid')}>
          {flag(g.annualFeePaid, t('market.legal.paid'), t('market.legal.unpaid'), 'legal-fee')}
        </Descriptions.Item>
        <Descriptions.Item label={t('market.legal.ownershipDisputed')}>
          {flag(!g.ownershipDisputed, t('market.legal.noDispute'), t('market.legal.disputed'), 'legal-disputed')}
        </Descriptions.Item>
        <Descriptions.Item label={t('market.legal.evaluationReport')} span={2}>
          <span data-testid="legal-report">{g.evaluationReport || '—'}</span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

// ---- open licence --------------------------------------------------------------------------------

function OpenLicencePanel(props: { r: Listing; ownerAdmin: boolean; own: boolean }) {
  const { r, ownerAdmin, own } = props;
  const { t } = useTranslation();
  const access = useAccess();
  const qc = useQueryClient();
  const termsLine = useTermsLine();
  const [declareOpen, setDeclareOpen] = useState(false);
  const [acceptOpen, setAcceptOpen] = useState(false);
  const [withdrawOpen, setWithdrawOpen] = useState(false);
  const [accepted, setAccepted] = useState<ContractDetail | null>(null);

  const active = useQuery({
    queryKey: ['market-ol', r.id, 'active'],
    queryFn: ({ signal }) => marketApi.openLicences({ listingId: r.id, status: 'active', pageSize: 1 }, signal),
  });
  const withdrawn = useQuery({
    queryKey: ['market-ol', r.id, 'withdrawn'],
    queryFn: ({ signal }) => marketApi.openLicences({ listingId: r.id, status: 'withdrawn', pageSize: 1, sort: '-declaredAt' }, signal),
  });
  const ol = active.data?.items[0] ?? null;
  const lastWithdrawn = withdrawn.data?.items[0] ?? null;
  const mayAccept = access.canTrade && !own && !!ol;
  // Whether our organisation already holds this licence (its record and contract).
  const mine = useQuery({
    queryKey: ['market-ol-mine', r.id, ol?.id],
    enabled: mayAccept,
    queryFn: async ({ signal }) => {
      const list = await marketApi.contracts({ role: 'licensee', listingId: r.id, pageSize: 50 }, signal);
      const c = list.items.find((x) => x.openLicenceId === ol!.id && x.status !== 'cancelled' && x.status !== 'terminated');
      return c ? marketApi.contract(c.id, signal) : null;
    },
  });
  const held = accepted ?? mine.data ?? null;
  // The patentee sees who took the licence.
  const licensees = useQuery({
    queryKey: ['market-ol-licensees', r.id, ol?.id],
    enabled: ownerAdmin && !!ol,
    queryFn: async ({ signal }) =>
      (await marketApi.contracts({ role: 'licensor', listingId: r.id, pageSize: 100, sort: '-createdAt' }, signal)).items.filter(
        (c) => c.openLicenceId === ol!.id,
      ),
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['market-ol', r.id] });
    void qc.invalidateQueries({ queryKey: ['market-ol-mine', r.id] });
    void qc.invalidateQueries({ queryKey: ['market-ol-licensees', r.id] });
    void qc.invalidateQueries({ queryKey: ['market-result', r.id] });
    void qc.invalidateQueries({ queryKey: ['market'] });
    void qc.invalidateQueries({ queryKey: ['open-licences'] });
    void qc.invalidateQueries({ queryKey: ['portfolio'] });
  };
  const bars = declarationBars(r);

  return (
    <Card
      size="small"
      title={
        <span>
          <UnlockOutlined /> {t('market.ol.panelTitle')}
        </span>
      }
      data-testid="ol-panel"
      data-state={ol ? 'active' : lastWithdrawn ? 'withdrawn' : 'none'}
    >
      {active.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : ol ? (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('market.ol.explain')}
          </Typography.Text>
          <OpenLicenceTerms ol={ol} testId="ol-terms" />
          {held ? (
            <Alert
              type="success"
              showIcon
              data-testid="ol-held"
              title={accepted ? t('market.ol.acceptedTitle') : t('market.ol.heldTitle')}
              description={
                <Flex vertical gap={2}>
                  <span>
                    {t('market.ol.recordNo')}
                    {t('common.colon')}
                    <Typography.Text strong copyable data-testid="ol-record-no">
                      {held.licence?.recordNo ?? '—'}
                    </Typography.Text>
                  </span>
                  {held.licence ? (
                    <span>
                      {t('market.ol.licencePeriod')}
                      {t('common.colon')}
                      {formatDate(held.licence.startsAt)} – {formatDate(held.licence.endsAt)}
                    </span>
                  ) : null}
                  <span>
                    {t('market.ol.contract')}
                    {t('common.colon')}
                    <Link to={`/market/contracts/${held.id}`} data-testid="ol-contract-link">
                      {held.contractNo}
                    </Link>
                    {held.nextDue ? (
                      <Typography.Text type="secondary">
                        {' '}
                        · {t('market.ol.nextDue', { amount: formatFen(held.nextDue.amountFen), date: formatDate(held.nextDue.dueAt) || '—' })}
                      </Typography.Text>
                    ) : null}
                  </span>
                </Flex>
              }
            />
          ) : null}
          {mayAccept && !held ? (
            <Button
              type="primary"
              size="large"
              icon={<AuditOutlined />}
              block
              onClick={() => setAcceptOpen(true)}
              loading={mine.isPending}
              data-testid="ol-accept"
            >
              {t('market.ol.accept')}
            </Button>
          ) : null}
          {!access.canTrade && !own ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('market.ol.adminsAccept')}
            </Typography.Text>
          ) : null}
          {ownerAdmin && licensees.data?.length ? (
            <div data-testid="ol-licensees">
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('market.ol.licenseeList')}
              </Typography.Text>
              <Flex vertical gap={2} style={{ marginTop: 4 }}>
                {licensees.data.map((c) => (
                  <Flex key={c.id} justify="space-between" gap={8} wrap style={{ fontSize: 13 }}>
                    <span style={{ minWidth: 0 }}>{c.licenseeName}</span>
                    <Link to={`/market/contracts/${c.id}`} data-testid={`ol-licensee-contract-${c.id}`}>
                      {c.contractNo}
                    </Link>
                  </Flex>
                ))}
              </Flex>
            </div>
          ) : null}
          {ownerAdmin ? (
            <Button danger icon={<StopOutlined />} onClick={() => setWithdrawOpen(true)} data-testid="ol-withdraw">
              {t('market.ol.withdraw')}
            </Button>
          ) : null}
        </Flex>
      ) : (
        <Flex vertical gap={12}>
          {lastWithdrawn ? (
            <Alert
              type="warning"
              showIcon
              data-testid="ol-withdrawal-notice"
              title={t('market.ol.withdrawnNotice', { date: formatTime(lastWithdrawn.withdrawnAt) })}
              description={
                <Flex vertical gap={2}>
                  <span data-testid="ol-withdrawal-reason">
                    {t('market.ol.withdrawalReason')}
                    {t('common.colon')}
                    {lastWithdrawn.withdrawalReason}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('market.ol.formerTerms', { terms: termsLine(lastWithdrawn) })}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('market.ol.grantedStay', { n: lastWithdrawn.licensees })}
                  </Typography.Text>
                </Flex>
              }
            />
          ) : (
            <Typography.Text type="secondary" data-testid="ol-none">
              {t('market.ol.none')}
            </Typography.Text>
          )}
          {ownerAdmin && r.status === 'published' ? (
            <>
              {bars.length ? (
                <Alert
                  type="error"
                  showIcon
                  data-testid="ol-bars"
                  title={t('market.ol.barsTitle')}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                      {bars.map((b) => (
                        <li key={b} data-rule={b}>
                          <BarText rule={b} />
                        </li>
                      ))}
                    </ul>
                  }
                />
              ) : null}
              <Button type="primary" icon={<UnlockOutlined />} onClick={() => setDeclareOpen(true)} data-testid="ol-declare">
                {t('market.ol.declare')}
              </Button>
            </>
          ) : null}
        </Flex>
      )}
      <DeclareModal
        open={declareOpen}
        r={r}
        onClose={() => setDeclareOpen(false)}
        onDone={() => {
          setDeclareOpen(false);
          refresh();
        }}
      />
      {ol ? (
        <AcceptModal
          open={acceptOpen}
          ol={ol}
          r={r}
          onClose={() => setAcceptOpen(false)}
          onDone={(c) => {
            setAccepted(c);
            setAcceptOpen(false);
            refresh();
          }}
        />
      ) : null}
      {ol ? (
        <ReasonModal
          open={withdrawOpen}
          title={t('market.ol.withdrawTitle')}
          label={t('market.ol.withdrawalReason')}
          required
          danger
          okText={t('market.ol.withdraw')}
          testPrefix="ol-withdraw"
          extra={<Alert type="info" showIcon title={t('market.ol.withdrawHint', { n: ol.licensees })} />}
          onSubmit={async (reason) => {
            await marketApi.withdrawDeclaration(ol.id, reason);
            refresh();
          }}
          onClose={() => setWithdrawOpen(false)}
        />
      ) : null}
    </Card>
  );
}

/** A bar of the law, with the provision that sets it. */
function BarText(props: { rule: string }) {
  const ml = useMarketLabels();
  const { t } = useTranslation();
  return (
    <span>
      {ml.bar(props.rule)}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {' '}
        （{(t as (k: string) => string)(`market.barsLaw.${props.rule}`)}）
      </Typography.Text>
    </span>
  );
}

function AcceptModal(props: { open: boolean; ol: OpenLicence; r: Listing; onClose: () => void; onDone: (c: ContractDetail) => void }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const [note, setNote] = useState('');
  const accept = useMutation({
    mutationFn: () => marketApi.accept(props.ol.id, note.trim() || undefined),
    onSuccess: (c) => props.onDone(c),
  });
  // A fresh start each time it opens (in an effect, not after the opening animation, which could
  // wipe what was already typed).
  useEffect(() => {
    if (props.open) {
      accept.reset();
      setNote('');
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open]);
  return (
    <Modal
      open={props.open}
      title={t('market.ol.acceptTitle')}
      onCancel={props.onClose}
      onOk={() => accept.mutate()}
      okText={t('market.ol.acceptConfirm')}
      cancelText={t('common.cancel')}
      confirmLoading={accept.isPending}
      okButtonProps={{ 'data-testid': 'ol-accept-confirm' }}
      cancelButtonProps={{ 'data-testid': 'ol-accept-cancel' }}
      destroyOnHidden
    >
      <Flex vertical gap={12} data-testid="ol-accept-modal">
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          {t('market.ol.acceptIntro', { licensee: me?.organization.name ?? '', patent: props.r.title, owner: props.r.ownerName })}
        </Typography.Paragraph>
        <OpenLicenceTerms ol={props.ol} testId="ol-accept-terms" />
        <Alert type="info" showIcon title={t('market.ol.acceptEffect')} />
        <Input.TextArea
          aria-label={t('market.ol.notePlaceholder')}
          rows={2}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('market.ol.notePlaceholder')}
          data-testid="ol-accept-note"
        />
        {accept.error ? <ProblemAlert error={accept.error} testId="ol-accept-error" /> : null}
      </Flex>
    </Modal>
  );
}

interface DeclareValues {
  paymentMethod: PaymentMethod;
  fee?: number | null;
  royaltyPct?: number | null;
  termMonths: number;
  statement?: string;
}

function DeclareModal(props: { open: boolean; r: Listing; onClose: () => void; onDone: (o: OpenLicence) => void }) {
  const { t } = useTranslation();
  const ml = useMarketLabels();
  const fb = useFeedback();
  const [form] = Form.useForm<DeclareValues>();
  const method = Form.useWatch('paymentMethod', form);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  useEffect(() => {
    if (props.open) setRefusal(null);
  }, [props.open]);
  const hasFee = method === 'one_off' || method === 'entry_royalty';
  const hasRoyalty = method === 'royalty' || method === 'entry_royalty';
  const declare = useMutation({
    mutationFn: (v: DeclareValues) =>
      marketApi.declare({
        listingId: props.r.id,
        paymentMethod: v.paymentMethod,
        ...(hasFee ? { feeFen: yuanToFen(v.fee ?? undefined) ?? 0 } : {}),
        ...(hasRoyalty ? { royaltyBp: Math.round(Number(v.royaltyPct ?? 0) * 100) } : {}),
        termMonths: v.termMonths,
        statement: v.statement?.trim() || undefined,
      }),
    onMutate: () => setRefusal(null),
    onSuccess: (o) => {
      fb.success(t('market.ol.declared'));
      props.onDone(o);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status !== 400) setRefusal(err);
      else
        fb.formError(form, localizeFieldErrors(err, t), ['paymentMethod', 'fee', 'royaltyPct', 'termMonths', 'statement'], {
          feeFen: 'fee',
          royaltyBp: 'royaltyPct',
        });
    },
  });
  const rule = refusal && typeof refusal.problem.rule === 'string' ? refusal.problem.rule : null;
  const allBars = refusal && Array.isArray(refusal.problem.bars) ? (refusal.problem.bars as string[]) : rule ? [rule] : [];
  const isLawBar = !!rule && rule.startsWith('open-licence-') && rule !== 'open-licence-exists';
  return (
    <Modal
      open={props.open}
      title={t('market.ol.declareTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('market.ol.declareSubmit')}
      cancelText={t('common.cancel')}
      confirmLoading={declare.isPending}
      okButtonProps={{ 'data-testid': 'ol-declare-submit' }}
      cancelButtonProps={{ 'data-testid': 'ol-declare-cancel' }}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('market.ol.declareHint')}
      </Typography.Paragraph>
      {/* Defaults as initial values of the (freshly mounted) form: set after the opening
          animation instead, they overwrote what a quick hand had already chosen. */}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ paymentMethod: 'one_off', termMonths: 36 }}
        onFinish={(v) => declare.mutate(v)}
        data-testid="ol-declare-form"
      >
        <Form.Item name="paymentMethod" label={t('market.ol.paymentMethod')} rules={[{ required: true, message: t('market.form.required') }]}>
          <Radio.Group optionType="button" style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
            {PAYMENT_METHODS.map((m) => (
              <Radio.Button key={m} value={m}>
                <span data-testid={`ol-declare-method-${m}`}>{ml.paymentMethod(m)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(170px, 1fr))', columnGap: 16 }}>
          {hasFee ? (
            <Form.Item
              name="fee"
              label={method === 'entry_royalty' ? t('market.ol.entryFeeYuan') : t('market.ol.feeYuan')}
              rules={[{ required: true, message: t('market.form.required') }]}
            >
              <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="ol-declare-fee" />
            </Form.Item>
          ) : null}
          {hasRoyalty ? (
            <Form.Item
              name="royaltyPct"
              label={t('market.ol.royaltyPct')}
              extra={t('market.ol.royaltyMax', { max: MAX_ROYALTY_PCT })}
              rules={[
                { required: true, message: t('market.form.required') },
                { type: 'number', min: 0.01, max: MAX_ROYALTY_PCT, message: t('market.ol.royaltyMax', { max: MAX_ROYALTY_PCT }) },
              ]}
            >
              <InputNumber precision={2} suffix="%" style={{ width: '100%' }} data-testid="ol-declare-royalty" />
            </Form.Item>
          ) : null}
          <Form.Item name="termMonths" label={t('market.ol.termMonths')} rules={[{ required: true, message: t('market.form.required') }]}>
            <InputNumber min={1} max={240} precision={0} suffix={t('market.ol.monthsUnit')} style={{ width: '100%' }} data-testid="ol-declare-term" />
          </Form.Item>
        </div>
        <Form.Item name="statement" label={t('market.ol.statement')}>
          <Input.TextArea rows={3} maxLength={3000} placeholder={t('market.ol.statementPlaceholder')} data-testid="ol-declare-statement" />
        </Form.Item>
      </Form>
      {refusal && isLawBar ? (
        <Alert
          type="error"
          showIcon
          data-testid="ol-declare-refusal"
          data-rule={rule}
          title={t('market.ol.refusedByLaw')}
          description={
            <Flex vertical gap={4}>
              <span data-testid="ol-declare-refusal-detail">{refusal.problem.detail}</span>
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {allBars.map((b) => (
                  <li key={b} data-rule={b}>
                    <BarText rule={b} />
                  </li>
                ))}
              </ul>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('market.ol.refusedHint')}
              </Typography.Text>
            </Flex>
          }
        />
      ) : refusal ? (
        <ProblemAlert error={refusal} testId="ol-declare-refusal" />
      ) : null}
    </Modal>
  );
}

// ---- matched demands ----------------------------------------------------------------------------

function MatchedDemands(props: { r: Listing }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const matches = useQuery({
    queryKey: ['market-result-matches', props.r.id],
    queryFn: ({ signal }) => marketApi.resultMatches(props.r.id, signal),
    enabled: props.r.status !== 'draft',
  });
  const items = useMemo(() => matches.data?.demands ?? [], [matches.data]);
  return (
    <Card
      size="small"
      title={t('market.match.demandsTitle')}
      data-testid="result-matches"
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {items.length ? t('market.match.count', { n: items.length }) : null}
        </Typography.Text>
      }
    >
      {props.r.status === 'draft' ? (
        <Typography.Text type="secondary">{t('market.match.draft')}</Typography.Text>
      ) : matches.isPending ? (
        <Skeleton active />
      ) : !items.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('market.match.none')} />
      ) : (
        <>
          <ScoreLegend />
          <List
            size="small"
            dataSource={items}
            pagination={items.length > 5 ? { pageSize: 5, size: 'small', showSizeChanger: false } : false}
            renderItem={(m, i) => (
              <List.Item key={m.listing.id} data-testid={`match-demand-${m.listing.id}`} style={{ paddingInline: 0 }}>
                <Flex vertical gap={6} style={{ width: '100%', minWidth: 0 }}>
                  <Flex gap={8} align="baseline" wrap={false} style={{ minWidth: 0 }}>
                    <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {i + 1}.
                    </Typography.Text>
                    <Link to={`/market/demands/${m.listing.id}`} style={{ fontWeight: 600, minWidth: 0 }} data-testid={`match-demand-link-${m.listing.id}`}>
                      {m.listing.title}
                    </Link>
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {m.listing.ownerName} · {labels.jurisdiction(m.listing.jurisdictionCode)}
                    {m.listing.budgetFen != null ? ` · ${t('market.demand.budget')} ${formatFen(m.listing.budgetFen)}` : ''}
                  </Typography.Text>
                  <ScoreBar score={m.score} parts={m.reason.parts} testId={`match-demand-score-${m.listing.id}`} />
                  <MatchReasons reason={m.reason} testId={`match-demand-reason-${m.listing.id}`} showTrl={false} />
                </Flex>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
