// One review: the application (team, summary, plan, budget, attachments — never the other
// reviewers) and the score form: four criteria of 0–25 each (novelty, feasibility, team,
// impact), blank until the expert enters them (never a silent 0, never a silent clamp: a score
// out of range is refused naming the criterion), a running total out of 100, a comment, and a
// confirmation dialog that repeats the scores before they are submitted. A conflict of interest found while
// reading is declared here instead (the review is then withdrawn from the expert).
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, InputNumber, Result, Row, Skeleton, Slider, Typography, type ButtonProps } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { formatFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { ProblemAlert } from '../../components/IntegrityRecordAlert';
import { ReasonModal } from '../../components/vouchers/tags';
import { SCORE_CRITERIA, reviewsApi, type Criterion, type Review } from '../../api/calls';
import { KindTag, RStatusTag, useResearchLabels } from '../../components/research/tags';
import { ApplicationDetails, JurisdictionChips } from '../../components/research/ApplicationDetails';

export default function ReviewPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const review = useQuery({ queryKey: ['review', id], queryFn: ({ signal }) => reviewsApi.get(id, signal), enabled: id > 0 });
  if (review.isError) {
    const e = review.error;
    return (
      <Result
        status={e instanceof ApiError && e.status === 404 ? '404' : 'error'}
        title={e instanceof ApiError ? e.problem.title : t('error.generic')}
        subTitle={e instanceof ApiError ? e.problem.detail : undefined}
        extra={<Link to="/research/reviews">{t('reviews.back')}</Link>}
      />
    );
  }
  if (!review.data) return <Skeleton active />;
  return <ReviewView review={review.data} />;
}

type Scores = Record<Criterion, number>;
type Draft = Partial<Record<Criterion, number | null>>;
const isScore = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 25;

function ReviewView(props: { review: Review }) {
  const r = props.review;
  const a = r.application;
  const { t } = useTranslation();
  const rl = useResearchLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ scores: Draft; comment: string }>();
  const [conflictOpen, setConflictOpen] = useState(false);
  const scores = Form.useWatch('scores', form);
  const entered = SCORE_CRITERIA.filter((k) => isScore(scores?.[k]));
  const total = entered.reduce((s, k) => s + (scores?.[k] as number), 0);
  const editable = r.callStatus === 'review' && r.status !== 'conflict';

  useEffect(() => {
    form.setFieldsValue({
      scores: Object.fromEntries(SCORE_CRITERIA.map((k) => [k, r.scores?.[k] ?? null])) as Draft,
      comment: r.comment ?? '',
    });
  }, [r.id, r.scores, r.comment, form]);

  const changed = (nr: Review) => {
    qc.setQueryData(['review', r.id], nr);
    void qc.invalidateQueries({ queryKey: ['reviews'] });
  };
  const submit = useMutation({
    mutationFn: (v: { scores: Scores; comment: string }) => reviewsApi.submit(r.id, v.scores, v.comment.trim()),
    onSuccess: (nr) => {
      fb.success(t('reviews.submitted', { total: nr.totalScore ?? 0 }));
      changed(nr);
    },
  });
  const confirmSubmit = (v: { scores: Draft; comment: string }) => {
    const final = Object.fromEntries(SCORE_CRITERIA.map((k) => [k, v.scores[k] as number])) as Scores;
    const sum = SCORE_CRITERIA.reduce((s, k) => s + final[k], 0);
    modal.confirm({
      title: t('reviews.confirmTitle'),
      content: (
        <div data-testid="review-confirm">
          <Typography.Paragraph style={{ marginBottom: 8 }}>{t('reviews.confirmBody')}</Typography.Paragraph>
          <Descriptions size="small" column={1} bordered>
            {SCORE_CRITERIA.map((k) => (
              <Descriptions.Item key={k} label={rl.criterion(k)}>
                {final[k]} / 25
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('reviews.total')}>
              <strong data-testid="review-confirm-total">{sum}</strong> / 100
            </Descriptions.Item>
          </Descriptions>
        </div>
      ),
      okText: r.status === 'submitted' ? t('reviews.resubmit') : t('reviews.submit'),
      okButtonProps: { 'data-testid': 'review-confirm-ok' } as ButtonProps,
      cancelText: t('reviews.confirmBack'),
      cancelButtonProps: { 'data-testid': 'review-confirm-cancel' } as ButtonProps,
      onOk: () => submit.mutateAsync({ scores: final, comment: v.comment }).catch(() => undefined),
    });
  };

  return (
    <div data-testid="review-page" data-review-id={r.id} data-status={r.status}>
      <Link to="/research/reviews" style={{ display: 'inline-block', marginBottom: 8 }} data-testid="review-back">
        <ArrowLeftOutlined /> {t('reviews.back')}
      </Link>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="review-title">{a.title}</span>
            <RStatusTag status={r.status} label={rl.reviewStatus(r.status)} testId="review-status" />
          </Flex>
        }
        subtitle={
          <Flex gap={6} align="center" wrap>
            <KindTag kind={r.callKind} />
            <span>{r.callTitle}</span>
            <span>· {rl.callStatus(r.callStatus)}</span>
          </Flex>
        }
        extra={
          r.status === 'assigned' ? (
            <Button icon={<WarningOutlined />} danger onClick={() => setConflictOpen(true)} data-testid="review-conflict">
              {t('reviews.declareConflict')}
            </Button>
          ) : null
        }
      />
      {r.status === 'conflict' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('reviews.conflictDeclared')}
          description={r.conflictNote}
          data-testid="review-conflict-note"
        />
      ) : null}
      {r.callStatus !== 'review' && r.status !== 'conflict' ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('reviews.closed')} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Card size="small" title={t('reviews.application')}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 8 }}>
              <Descriptions.Item label={t('reviews.applicant')}>{a.applicantOrgName}</Descriptions.Item>
              <Descriptions.Item label={t('calls.apply.budget')}>{formatFen(a.budgetFen)}</Descriptions.Item>
              <Descriptions.Item label={t('calls.apply.spansShort')}>
                <JurisdictionChips codes={a.jurisdictions} />
              </Descriptions.Item>
              <Descriptions.Item label={t('calls.submittedAt')}>{formatTime(a.createdAt)}</Descriptions.Item>
            </Descriptions>
            <ApplicationDetails app={a} callId={r.callId} />
          </Card>
        </Col>
        <Col xs={24} xl={11}>
          <Card size="small" title={t('reviews.scoreTitle')} data-testid="review-form-card">
            <Form form={form} layout="vertical" disabled={!editable} onFinish={confirmSubmit} data-testid="review-form">
              {SCORE_CRITERIA.map((k) => (
                <Form.Item key={k} label={<span>{rl.criterion(k)}</span>} extra={t(`reviews.criteriaHint.${k}`)} style={{ marginBottom: 12 }}>
                  <Flex gap={12} align="center">
                    <Form.Item name={['scores', k]} noStyle>
                      <Slider min={0} max={25} style={{ flex: 1, minWidth: 0 }} />
                    </Form.Item>
                    <Form.Item
                      name={['scores', k]}
                      noStyle
                      rules={[
                        { required: true, message: t('reviews.scoreRequired', { criterion: rl.criterion(k) }) },
                        {
                          validator: (_, v) =>
                            v == null || isScore(v)
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('reviews.scoreOutOfRange', { criterion: rl.criterion(k), value: v }))),
                        },
                      ]}
                    >
                      <InputNumber
                        precision={0}
                        placeholder="0–25"
                        style={{ width: isPhone ? 72 : 80 }}
                        data-testid={`review-score-${k}`}
                        aria-label={rl.criterion(k)}
                      />
                    </Form.Item>
                  </Flex>
                </Form.Item>
              ))}
              <Typography.Title level={4} style={{ margin: '0 0 12px' }}>
                {t('reviews.total')}
                {t('common.colon')}
                <span data-testid="review-total">{entered.length ? total : '—'}</span> / 100
                {entered.length && entered.length < SCORE_CRITERIA.length ? (
                  <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 400, marginInlineStart: 8 }} data-testid="review-total-partial">
                    {t('reviews.partial', { n: entered.length, of: SCORE_CRITERIA.length })}
                  </Typography.Text>
                ) : null}
              </Typography.Title>
              <Form.Item name="comment" label={t('reviews.comment')} rules={[{ required: true, whitespace: true, message: t('reviews.commentRequired') }]}>
                <Input.TextArea rows={4} maxLength={10000} showCount data-testid="review-comment" />
              </Form.Item>
              {editable ? (
                <Button type="primary" htmlType="submit" icon={<CheckOutlined />} loading={submit.isPending} data-testid="review-submit">
                  {r.status === 'submitted' ? t('reviews.resubmit') : t('reviews.submit')}
                </Button>
              ) : null}
            </Form>
            {r.submittedAt ? (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }} data-testid="review-submitted-at">
                {t('reviews.submittedAt', { time: formatTime(r.submittedAt) })}
              </Typography.Paragraph>
            ) : null}
            {submit.error ? (
              <div style={{ marginTop: 12 }}>
                <ProblemAlert error={submit.error} testId="review-error" />
              </div>
            ) : null}
          </Card>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
            {t('reviews.confidential')}
          </Typography.Paragraph>
        </Col>
      </Row>
      <ReasonModal
        open={conflictOpen}
        title={t('reviews.declareConflict')}
        label={t('reviews.conflictNote')}
        required
        danger
        testPrefix="review-conflict-modal"
        extra={<Typography.Paragraph type="secondary">{t('reviews.conflictHint')}</Typography.Paragraph>}
        onSubmit={async (note) => {
          changed(await reviewsApi.declareConflict(r.id, note));
          fb.success(t('reviews.conflictDone'));
        }}
        onClose={() => setConflictOpen(false)}
      />
    </div>
  );
}
