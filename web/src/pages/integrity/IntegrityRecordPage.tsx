// One integrity record with its appeals. The subject (the person, or the admin of the recorded
// organisation) appeals; the recording jurisdiction's administrators correct the record (with a
// reason), revoke it, and decide appeals (an upheld appeal revokes the record).
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, List, Result, Row, Skeleton, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, MessageOutlined, StopOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAccess } from '../../app/access';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatDate, formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { ReasonModal } from '../../components/vouchers/tags';
import { RStatusTag, useResearchLabels } from '../../components/research/tags';
import { integrityApi, type Appeal, type IntegrityRecordDetail } from './api';
import { RecordFormModal } from './RecordFormModal';

type Action = 'revoke' | 'appeal' | { decide: Appeal; upheld: boolean };

export default function IntegrityRecordPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const record = useQuery({ queryKey: ['integrity-record', id], queryFn: ({ signal }) => integrityApi.get(id, signal), enabled: id > 0 });
  if (record.isError) {
    const e = record.error;
    return (
      <Result
        status={e instanceof ApiError && e.status === 404 ? '404' : 'error'}
        title={e instanceof ApiError ? e.problem.title : t('error.generic')}
        subTitle={e instanceof ApiError ? e.problem.detail : undefined}
        extra={<Link to="/research/integrity">{t('integrity.back')}</Link>}
      />
    );
  }
  if (!record.data) return <Skeleton active />;
  return <RecordView record={record.data} />;
}

function RecordView(props: { record: IntegrityRecordDetail }) {
  const r = props.record;
  const { t } = useTranslation();
  const labels = useLabels();
  const rl = useResearchLabels();
  const access = useAccess();
  const fb = useFeedback();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const [action, setAction] = useState<Action | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const recorder = access.callJurisdictions === 'all' || access.callJurisdictions.includes(r.jurisdictionCode);
  const live = r.state !== 'revoked';
  const openAppeal = r.appeals.find((a) => a.status === 'open');
  const subject =
    (r.userId !== null && r.userId === me?.id) || (r.organizationId !== null && r.organizationId === me?.organization.id && me?.role === 'org_admin');
  const changed = (nr: IntegrityRecordDetail) => {
    qc.setQueryData(['integrity-record', r.id], nr);
    void qc.invalidateQueries({ queryKey: ['integrity-records'] });
  };

  const run = async (text: string) => {
    const a = action!;
    let nr: IntegrityRecordDetail;
    if (a === 'revoke') nr = await integrityApi.revoke(r.id, text);
    else if (a === 'appeal') nr = await integrityApi.appeal(r.id, text);
    else nr = await integrityApi.decide(r.id, a.decide.id, a.upheld, text);
    fb.success(t('integrity.done'));
    changed(nr);
  };
  const modal = (() => {
    if (!action) return { title: '', label: '', danger: false };
    if (action === 'revoke') return { title: t('integrity.revokeTitle'), label: t('integrity.reason'), danger: true };
    if (action === 'appeal') return { title: t('integrity.appealTitle'), label: t('integrity.appealReason'), danger: false };
    return { title: action.upheld ? t('integrity.upholdTitle') : t('integrity.dismissTitle'), label: t('integrity.decisionNote'), danger: action.upheld };
  })();

  return (
    <div data-testid="record-page" data-record-id={r.id} data-state={r.state}>
      <Link to="/research/integrity" style={{ display: 'inline-block', marginBottom: 8 }} data-testid="record-back">
        <ArrowLeftOutlined /> {t('integrity.back')}
      </Link>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="record-subject">{r.subjectName}</span>
            <RStatusTag status={r.state} label={rl.recordState(r.state)} testId="record-state" />
          </Flex>
        }
        subtitle={`${t('integrity.recordNo')} #${r.id} · ${rl.subjectType(r.subjectType)} · ${labels.jurisdiction(r.jurisdictionCode)}`}
        extra={
          <>
            {recorder && live ? (
              <Button icon={<EditOutlined />} onClick={() => setCorrecting(true)} data-testid="record-correct">
                {t('integrity.correct')}
              </Button>
            ) : null}
            {recorder && live ? (
              <Button danger icon={<StopOutlined />} onClick={() => setAction('revoke')} data-testid="record-revoke">
                {t('integrity.revoke')}
              </Button>
            ) : null}
            {subject && live && !openAppeal ? (
              <Button type="primary" icon={<MessageOutlined />} onClick={() => setAction('appeal')} data-testid="record-appeal">
                {t('integrity.appeal')}
              </Button>
            ) : null}
          </>
        }
      />
      {r.state === 'active' ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('integrity.activeHint', { date: formatDate(r.endsAt) })}
          data-testid="record-active-hint"
        />
      ) : null}
      {r.state === 'revoked' ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('integrity.revokedHint')} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('integrity.details')}>
            <Descriptions size="small" column={1} bordered data-testid="record-details" styles={{ label: { width: 120 } }}>
              <Descriptions.Item label={t('integrity.subject')}>
                {r.subjectName}
                {r.subjectType === 'person' && r.subjectOrganization ? <Typography.Text type="secondary"> · {r.subjectOrganization}</Typography.Text> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('integrity.misconduct')}>
                <span data-testid="record-misconduct" style={{ whiteSpace: 'pre-wrap' }}>
                  {r.misconduct}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('integrity.outcome')}>
                <span data-testid="record-outcome" style={{ whiteSpace: 'pre-wrap' }}>
                  {r.outcome}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('integrity.decidingUnit')}>
                <span data-testid="record-unit">{r.decidingUnit}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('integrity.legalBasis')}>{r.legalBasis}</Descriptions.Item>
              <Descriptions.Item label={t('integrity.period')}>
                <span data-testid="record-period">
                  {formatDate(r.effectiveAt)} – {formatDate(r.endsAt)}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('integrity.jurisdiction')}>{labels.jurisdiction(r.jurisdictionCode)}</Descriptions.Item>
              <Descriptions.Item label={t('integrity.recordedAt')}>{formatTime(r.createdAt)}</Descriptions.Item>
              {r.updatedAt !== r.createdAt ? <Descriptions.Item label={t('common.updatedAt')}>{formatTime(r.updatedAt)}</Descriptions.Item> : null}
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              {t('integrity.countsEverywhere')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('integrity.appeals')} data-testid="record-appeals">
            {r.appeals.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('integrity.noAppeals')} />
            ) : (
              <List
                size="small"
                dataSource={r.appeals}
                renderItem={(a) => (
                  <List.Item
                    data-testid={`appeal-row-${a.id}`}
                    actions={
                      recorder && a.status === 'open'
                        ? [
                            <Button key="u" size="small" onClick={() => setAction({ decide: a, upheld: true })} data-testid={`appeal-uphold-${a.id}`}>
                              {t('integrity.uphold')}
                            </Button>,
                            <Button key="d" size="small" danger onClick={() => setAction({ decide: a, upheld: false })} data-testid={`appeal-dismiss-${a.id}`}>
                              {t('integrity.dismiss')}
                            </Button>,
                          ]
                        : []
                    }
                  >
                    <Flex vertical gap={2} style={{ minWidth: 0 }}>
                      <Flex gap={6} align="center" wrap>
                        <RStatusTag status={a.status} label={rl.appealStatus(a.status)} testId={`appeal-status-${a.id}`} />
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {a.appellant} · {formatTime(a.createdAt)}
                        </Typography.Text>
                      </Flex>
                      <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{a.reason}</Typography.Text>
                      {a.decisionNote ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('integrity.decisionNote')}
                          {t('common.colon')}
                          {a.decisionNote} · {formatTime(a.decidedAt)}
                        </Typography.Text>
                      ) : null}
                    </Flex>
                  </List.Item>
                )}
              />
            )}
            {subject && live && !openAppeal ? (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
                {t('integrity.appealHint')}
              </Typography.Paragraph>
            ) : null}
          </Card>
        </Col>
      </Row>
      <ReasonModal
        open={action != null}
        title={modal.title}
        label={modal.label}
        required
        danger={modal.danger}
        testPrefix="record-reason"
        onSubmit={run}
        onClose={() => setAction(null)}
      />
      <RecordFormModal
        open={correcting}
        record={r}
        onClose={() => setCorrecting(false)}
        onSaved={(nr) => {
          setCorrecting(false);
          changed(nr);
        }}
      />
    </div>
  );
}
