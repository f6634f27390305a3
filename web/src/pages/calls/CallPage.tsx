// One call: its details (goals, indicators, disciplines, milestones, the jurisdictions' shares),
// where it stands on draft → … → completed, and by role:
//  - an applicant applies or bids (team from several organisations, budget, plan, files) and
//    follows its own application;
//  - the publishing department runs the console: transitions, applications, reviewer
//    assignment with its figures, ranking and the award decision, funding and milestones;
//  - the posing organisation (揭榜挂帅) reads the ranking and states its preference.
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Popconfirm, Result, Row, Skeleton, Steps, Table, Tabs, Tooltip, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, EditOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatFen } from '../../app/money';
import { formatDate, formatTime, isFuture } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { ProblemAlert } from '../../components/IntegrityRecordAlert';
import { ReasonModal } from '../../components/vouchers/tags';
import { CALL_FLOW, NEXT, callsApi, type Application, type CallDetail, type CallStatus } from '../../api/calls';
import { ApplyModal, typedUpload } from './ApplyModal';
import { ApplicationsPanel } from './ApplicationsPanel';
import { AssignmentPanel } from './AssignmentPanel';
import { FundingPanel } from './FundingPanel';
import { RankingPanel } from './RankingPanel';
import { DisciplineTags, KeywordTags, KindTag, RStatusTag, pct, useResearchLabels } from '../../components/research/tags';
import { AttachmentList, MembersList } from '../../components/research/ApplicationDetails';

const AFTER_REVIEW: string[] = ['review', 'decision', 'notice', 'awarded', 'milestones', 'completed'];
const AFTER_DECISION: string[] = ['notice', 'awarded', 'milestones', 'completed'];

export default function CallPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const call = useQuery({ queryKey: ['call', id], queryFn: ({ signal }) => callsApi.get(id, signal), enabled: id > 0 });
  if (call.isError) {
    const e = call.error;
    return (
      <Result
        status={e instanceof ApiError && e.status === 404 ? '404' : 'error'}
        title={e instanceof ApiError ? e.problem.title : t('error.generic')}
        subTitle={e instanceof ApiError ? e.problem.detail : undefined}
        extra={<Link to="/research/calls">{t('calls.back')}</Link>}
      />
    );
  }
  if (!call.data) return <Skeleton active />;
  return <CallView call={call.data} />;
}

function CallView(props: { call: CallDetail }) {
  const c = props.call;
  const { t } = useTranslation();
  const labels = useLabels();
  const rl = useResearchLabels();
  const access = useAccess();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const [applyOpen, setApplyOpen] = useState(false);
  const [terminateOpen, setTerminateOpen] = useState(false);
  const [transitionError, setTransitionError] = useState<unknown>(null);

  const refresh = (nc?: CallDetail) => {
    if (nc) qc.setQueryData(['call', c.id], nc);
    void qc.invalidateQueries({ queryKey: ['call', c.id] });
    void qc.invalidateQueries({ queryKey: ['calls'] });
    void qc.invalidateQueries({ queryKey: ['call-applications', c.id] });
    void qc.invalidateQueries({ queryKey: ['call-assignment', c.id] });
    void qc.invalidateQueries({ queryKey: ['call-ranking', c.id] });
    void qc.invalidateQueries({ queryKey: ['call-funding', c.id] });
  };

  const transition = useMutation({
    mutationFn: (v: { to: CallStatus; note?: string }) => callsApi.transition(c.id, v.to, v.note),
    onMutate: () => setTransitionError(null),
    onSuccess: (nc) => {
      fb.success(t('calls.console.moved', { status: rl.callStatus(nc.status) }));
      refresh(nc);
    },
    onError: (err) => setTransitionError(err),
  });

  const open = c.status === 'open' && isFuture(c.deadline) && !isFuture(c.opensAt);
  const canApply = access.canApplyToCalls && open && !(c.kind === 'challenge' && c.isPoser);
  const showMine = access.canApplyToCalls && !c.canManage && !c.isPoser;
  const noticeRunning = c.status === 'notice' && isFuture(c.noticeEndsAt);

  const transitions = c.canManage
    ? (NEXT[c.status as CallStatus] ?? []).map((to) =>
        to === 'terminated' ? (
          <Button key={to} danger icon={<StopOutlined />} onClick={() => setTerminateOpen(true)} data-testid="call-transition-terminated">
            {rl.transition(to)}
          </Button>
        ) : (
          <Popconfirm
            key={to}
            title={t('calls.console.confirmMove', { status: rl.callStatus(to) })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            okButtonProps={{ 'data-testid': 'call-transition-confirm' }}
            onConfirm={() => transition.mutateAsync({ to }).catch(() => undefined)}
            disabled={to === 'awarded' && noticeRunning}
          >
            <Tooltip title={to === 'awarded' && noticeRunning ? t('calls.console.noticeRunning', { time: formatTime(c.noticeEndsAt) }) : undefined}>
              <Button
                type={to === 'completed' ? 'default' : 'primary'}
                loading={transition.isPending && transition.variables?.to === to}
                disabled={to === 'awarded' && noticeRunning}
                data-testid={`call-transition-${to}`}
              >
                {rl.transition(to)}
              </Button>
            </Tooltip>
          </Popconfirm>
        ),
      )
    : [];

  const tab = params.get('tab') ?? 'overview';
  const setTab = (k: string) => {
    const p = new URLSearchParams(params);
    if (k === 'overview') p.delete('tab');
    else p.set('tab', k);
    setParams(p, { replace: true });
  };

  const items = [
    { key: 'overview', label: <span data-testid="call-tab-overview">{t('calls.tabs.overview')}</span>, children: <Overview call={c} /> },
    ...(showMine
      ? [
          {
            key: 'mine',
            label: <span data-testid="call-tab-mine">{c.kind === 'challenge' ? t('calls.tabs.myBid') : t('calls.tabs.mine')}</span>,
            children: <MyApplications call={c} onApply={canApply ? () => setApplyOpen(true) : undefined} />,
          },
        ]
      : []),
    ...(c.canManage || c.isPoser
      ? [
          {
            key: 'applications',
            label: <span data-testid="call-tab-applications">{t('calls.tabs.applications', { n: c.applications })}</span>,
            children: <ApplicationsPanel call={c} />,
          },
        ]
      : []),
    ...(c.canManage && AFTER_REVIEW.includes(c.status)
      ? [{ key: 'assignment', label: <span data-testid="call-tab-assignment">{t('calls.tabs.assignment')}</span>, children: <AssignmentPanel call={c} /> }]
      : []),
    ...((c.canManage || c.isPoser) && AFTER_REVIEW.includes(c.status)
      ? [
          {
            key: 'ranking',
            label: <span data-testid="call-tab-ranking">{c.canManage ? t('calls.tabs.ranking') : t('calls.tabs.poserRanking')}</span>,
            children: <RankingPanel call={c} onChanged={refresh} />,
          },
        ]
      : []),
    ...(AFTER_DECISION.includes(c.status) || c.kind === 'joint_fund'
      ? [
          {
            key: 'funding',
            label: (
              <span data-testid="call-tab-funding">
                {c.kind === 'horse_race' || c.milestones.length ? t('calls.tabs.fundingMilestones') : t('calls.tabs.funding')}
              </span>
            ),
            children: <FundingPanel call={c} onChanged={refresh} />,
          },
        ]
      : []),
  ];
  const activeTab = items.some((i) => i.key === tab) ? tab : 'overview';

  const flowIndex = CALL_FLOW.indexOf(c.status as (typeof CALL_FLOW)[number]);

  return (
    <div data-testid="call-page" data-call-id={c.id} data-status={c.status}>
      <Link to="/research/calls" style={{ display: 'inline-block', marginBottom: 8 }} data-testid="call-back">
        <ArrowLeftOutlined /> {t('calls.back')}
      </Link>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="call-title">{c.title}</span>
            <KindTag kind={c.kind} testId="call-kind" />
            <RStatusTag status={c.status} label={rl.callStatus(c.status)} testId="call-status" />
          </Flex>
        }
        subtitle={[
          labels.jurisdiction(c.jurisdictionCode),
          c.poserName ? t('calls.posedBy', { name: c.poserName }) : null,
          t('calls.deadlineShort', { time: formatTime(c.deadline) }),
        ]
          .filter(Boolean)
          .join(' · ')}
        extra={
          <>
            {canApply ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setApplyOpen(true)} data-testid="call-apply">
                {c.kind === 'challenge' ? t('calls.apply.bidButton') : t('calls.apply.button')}
              </Button>
            ) : null}
            {transitions}
          </>
        }
      />
      {transitionError ? (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={transitionError} testId="call-transition-error" />
        </div>
      ) : null}
      {c.status === 'terminated' ? (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('calls.terminated')} data-testid="call-terminated" />
      ) : (
        <Card size="small" style={{ marginBottom: 16 }} styles={{ body: { overflowX: 'auto' } }}>
          <Steps
            size="small"
            type="dot"
            current={flowIndex}
            responsive={false}
            maxCount={isPhone ? 4 : undefined}
            items={CALL_FLOW.map((s) => ({ title: <span data-testid={`call-step-${s}`}>{rl.callStatus(s)}</span> }))}
            data-testid="call-steps"
            style={{ minWidth: isPhone ? undefined : 760 }}
          />
        </Card>
      )}
      {c.status === 'notice' ? (
        <Alert
          type={noticeRunning ? 'info' : 'success'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="call-notice"
          title={noticeRunning ? t('calls.noticeUntil', { time: formatTime(c.noticeEndsAt) }) : t('calls.noticeOver', { time: formatTime(c.noticeEndsAt) })}
        />
      ) : null}
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs activeKey={activeTab} onChange={setTab} items={items} destroyOnHidden />
      </Card>
      <ApplyModal
        call={applyOpen ? c : null}
        onClose={() => setApplyOpen(false)}
        onDone={() => {
          setApplyOpen(false);
          refresh();
          setTab('mine');
        }}
      />
      <ReasonModal
        open={terminateOpen}
        title={t('calls.console.terminateTitle')}
        label={t('calls.console.terminateNote')}
        danger
        required
        okText={rl.transition('terminated')}
        testPrefix="call-terminate"
        onSubmit={async (note) => refresh(await callsApi.transition(c.id, 'terminated', note))}
        onClose={() => setTerminateOpen(false)}
      />
    </div>
  );
}

function Overview(props: { call: CallDetail }) {
  const c = props.call;
  const { t } = useTranslation();
  const labels = useLabels();
  const shares = Object.entries(c.shares);
  const text = (s: string) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{s}</Typography.Paragraph>;
  return (
    <Row gutter={[16, 16]} data-testid="call-overview">
      <Col xs={24} xl={14}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered data-testid="call-facts" styles={{ label: { width: 116 } }}>
          <Descriptions.Item label={t('calls.budget')}>
            <span data-testid="call-budget">{formatFen(c.budgetFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('calls.jurisdiction')}>{labels.jurisdiction(c.jurisdictionCode)}</Descriptions.Item>
          <Descriptions.Item label={t('calls.opensAt')}>{formatTime(c.opensAt)}</Descriptions.Item>
          <Descriptions.Item label={t('calls.deadline')}>
            <span data-testid="call-deadline">{formatTime(c.deadline)}</span>
          </Descriptions.Item>
          {c.poserName ? (
            <Descriptions.Item label={t('calls.poser')} span={2}>
              <span data-testid="call-poser">{c.poserName}</span>
            </Descriptions.Item>
          ) : null}
          {c.kind === 'horse_race' ? (
            <>
              <Descriptions.Item label={t('calls.raceTeams')}>{c.raceTeams}</Descriptions.Item>
              <Descriptions.Item label={t('calls.firstTranche')}>{pct(c.firstTrancheBp)}</Descriptions.Item>
            </>
          ) : null}
          <Descriptions.Item label={t('calls.reviewersPerApplication')}>{c.reviewersPerApplication}</Descriptions.Item>
          <Descriptions.Item label={t('calls.applications')}>{c.applications}</Descriptions.Item>
          <Descriptions.Item label={t('calls.disciplines')} span={2}>
            {c.disciplines.length ? <DisciplineTags codes={c.disciplines} /> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('calls.keywords')} span={2}>
            {c.keywords.length ? <KeywordTags words={c.keywords} /> : '—'}
          </Descriptions.Item>
          {c.decisionNote ? (
            <Descriptions.Item label={t('calls.decisionNote')} span={2}>
              {c.decisionNote}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Card size="small" title={c.kind === 'challenge' ? t('calls.form.problem') : t('calls.description')} style={{ marginTop: 16 }}>
          {text(c.description)}
        </Card>
        {c.goals ? (
          <Card size="small" title={t('calls.goals')} style={{ marginTop: 16 }}>
            {text(c.goals)}
          </Card>
        ) : null}
        {c.indicators ? (
          <Card size="small" title={t('calls.indicators')} style={{ marginTop: 16 }} data-testid="call-indicators">
            {text(c.indicators)}
          </Card>
        ) : null}
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" title={t('calls.milestonesTitle')} data-testid="call-milestones">
          {c.milestones.length ? (
            <Steps
              orientation="vertical"
              size="small"
              current={-1}
              items={c.milestones.map((m, i) => ({
                title: <span data-testid={`call-milestone-${i + 1}`}>{m.title}</span>,
                content: t('calls.milestoneDueOn', { date: m.due }),
              }))}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calls.noMilestones')} />
          )}
        </Card>
        {c.kind === 'joint_fund' ? (
          <Card size="small" title={t('calls.shares')} style={{ marginTop: 16 }} data-testid="call-shares">
            <Table
              size="small"
              rowKey={(r) => r[0]}
              pagination={false}
              dataSource={shares}
              columns={[
                { key: 'j', title: t('calls.funder'), render: (_: unknown, r) => labels.jurisdiction(r[0]) },
                { key: 's', title: t('calls.share'), align: 'right', render: (_: unknown, r) => <span data-testid={`call-share-${r[0]}`}>{pct(r[1])}</span> },
                { key: 'a', title: t('calls.shareOfBudget'), align: 'right', render: (_: unknown, r) => formatFen(Math.floor((c.budgetFen * r[1]) / 10_000)) },
              ]}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('calls.sharesHint')}
            </Typography.Text>
          </Card>
        ) : null}
        {c.poserOpinion && (c.canManage || c.isPoser) ? (
          <Card size="small" title={t('calls.ranking.poserOpinion')} style={{ marginTop: 16 }}>
            <Typography.Text>{c.poserOpinion.note}</Typography.Text>
          </Card>
        ) : null}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
          {t('common.timezoneNote')} · {t('calls.updatedAt', { time: formatTime(c.updatedAt) })}
        </Typography.Paragraph>
      </Col>
    </Row>
  );
}

/** The applicant's own applications to the call, with attachments (addable while it is open). */
function MyApplications(props: { call: CallDetail; onApply?: () => void }) {
  const c = props.call;
  const { t } = useTranslation();
  const rl = useResearchLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const mine = useQuery({
    queryKey: ['call-applications', c.id, 'mine'],
    queryFn: ({ signal }) => callsApi.applications(c.id, { page: 1, pageSize: 20 }, signal),
  });
  const [busy, setBusy] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const canAttach = c.status === 'open' && isFuture(c.deadline);
  const upload = async (a: Application, file: File) => {
    const typed = typedUpload(file);
    if (typed === 'type') return fb.error(new Error(t('calls.apply.fileType')));
    if (typed === 'size') return fb.error(new Error(t('calls.apply.fileSize')));
    setBusy(a.id);
    setUploadError(null);
    try {
      await callsApi.attach(c.id, a.id, typed);
      fb.success(t('calls.apply.uploaded', { name: file.name }));
      void qc.invalidateQueries({ queryKey: ['call-applications', c.id] });
    } catch (err) {
      setUploadError(err);
    } finally {
      setBusy(null);
    }
  };
  const items = mine.data?.items ?? [];
  if (!mine.data) return <Skeleton active />;
  if (!items.length)
    return (
      <Empty description={props.onApply ? t('calls.mine.none') : t('calls.mine.noneClosed')} data-testid="call-mine-empty">
        {props.onApply ? (
          <Button type="primary" onClick={props.onApply} data-testid="call-mine-apply">
            {c.kind === 'challenge' ? t('calls.apply.bidButton') : t('calls.apply.button')}
          </Button>
        ) : null}
      </Empty>
    );
  return (
    <Flex vertical gap={16} data-testid="call-mine">
      {uploadError ? <ProblemAlert error={uploadError} testId="call-mine-upload-error" /> : null}
      {items.map((a) => (
        <Card
          key={a.id}
          size="small"
          data-testid={`my-application-${a.id}`}
          title={
            <Flex gap={8} align="center" wrap>
              <span style={{ whiteSpace: 'normal' }}>{a.title}</span>
              <RStatusTag status={a.status} label={rl.appStatus(a.status)} testId={`my-application-status-${a.id}`} />
            </Flex>
          }
        >
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('calls.apply.budget')}>{formatFen(a.budgetFen)}</Descriptions.Item>
            {a.awardFen != null ? (
              <Descriptions.Item label={t('calls.award')}>
                <Typography.Text strong data-testid={`my-application-award-${a.id}`}>
                  {formatFen(a.awardFen)}
                </Typography.Text>
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('calls.submittedAt')}>{formatTime(a.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('calls.apply.summary')} span={2}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{a.summary}</span>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text strong>{t('calls.apply.team')}</Typography.Text>
          <MembersList members={a.members} />
          <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 8 }}>
            <Typography.Text strong>{t('calls.attachments')}</Typography.Text>
            {canAttach && a.leadUserId === me?.id ? (
              <Upload
                accept=".pdf,.png,.jpg,.jpeg"
                showUploadList={false}
                beforeUpload={(file) => {
                  void upload(a, file);
                  return false;
                }}
              >
                <Button
                  size="small"
                  icon={<UploadOutlined />}
                  loading={busy === a.id}
                  disabled={a.attachments.length >= 10}
                  data-testid={`my-application-upload-${a.id}`}
                >
                  {t('calls.apply.addFile')}
                </Button>
              </Upload>
            ) : null}
          </Flex>
          <AttachmentList callId={c.id} files={a.attachments} testPrefix={`my-application-file-${a.id}`} />
        </Card>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDate(c.deadline) ? t('calls.deadlineShort', { time: formatTime(c.deadline) }) : null}
      </Typography.Text>
    </Flex>
  );
}
