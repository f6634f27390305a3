// Ranking and decision. Applications ranked by the trimmed mean of their reviewers' scores (the
// highest and lowest dropped once there are three), with the plain mean beside it. The posing
// organisation of a 揭榜挂帅 challenge reads the ranking and states which bids it prefers (it
// takes part in selection); the department sees that opinion, picks the awards and their
// amounts in yuan (a challenge has one winner, a horse race 2–N teams, a joint fund any number
// within the budget) and then the funding split.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Empty, Flex, Form, Input, InputNumber, Skeleton, Table, Tag, Typography, type TableProps } from 'antd';
import { CheckOutlined, StarFilled, TrophyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useMe } from '../../app/session';
import { formatFen, fenToYuan, yuanToFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { ProblemAlert } from '../../components/IntegrityRecordAlert';
import { rowTestId } from '../../components/testids';
import { callsApi, type CallDetail, type RankedApplication } from '../../api/calls';
import { FundingSummary } from './FundingPanel';
import { RStatusTag, fmtNum, useResearchLabels } from '../../components/research/tags';
import { ApplicationDetails, JurisdictionChips } from '../../components/research/ApplicationDetails';

export function RankingPanel(props: { call: CallDetail; onChanged: (c?: CallDetail) => void }) {
  const c = props.call;
  const { t } = useTranslation();
  const rl = useResearchLabels();
  const isPhone = useIsPhone();
  const ranking = useQuery({ queryKey: ['call-ranking', c.id], queryFn: ({ signal }) => callsApi.ranking(c.id, signal) });
  const preferred = new Set(c.poserOpinion?.preferredApplicationIds ?? []);
  const items = ranking.data?.items ?? [];
  if (ranking.isError) return <ProblemAlert error={ranking.error} testId="ranking-error" />;
  if (!ranking.data) return <Skeleton active />;

  const columns: TableProps<RankedApplication>['columns'] = [
    {
      key: 'rank',
      title: t('calls.ranking.rank'),
      dataIndex: 'rank',
      width: 60,
      align: 'center',
      responsive: ['sm'],
      sorter: (a, b) => a.rank - b.rank,
      defaultSortOrder: 'ascend',
      render: (v: number) => <Typography.Text strong>{v}</Typography.Text>,
    },
    {
      key: 'title',
      title: c.kind === 'challenge' ? t('calls.apply.bidName') : t('calls.apply.name'),
      width: isPhone ? undefined : 260,
      render: (_: unknown, a) => (
        <Flex vertical gap={2} align="flex-start">
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong style={{ whiteSpace: 'normal' }}>
              {isPhone ? `${a.rank}. ` : ''}
              {a.title}
            </Typography.Text>
            {preferred.has(a.id) ? (
              <Tag color="gold" icon={<StarFilled />} style={{ marginInlineEnd: 0 }} data-testid={`ranking-preferred-${a.id}`}>
                {t('calls.ranking.preferred')}
              </Tag>
            ) : null}
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.applicantOrgName}
          </Typography.Text>
          <JurisdictionChips codes={a.jurisdictions} />
        </Flex>
      ),
    },
    { key: 'reviews', title: t('calls.ranking.reviews'), dataIndex: 'reviews', width: 70, align: 'right', responsive: ['sm'] },
    {
      key: 'mean',
      title: t('calls.ranking.mean'),
      width: 80,
      align: 'right',
      responsive: ['sm'],
      sorter: (a, b) => (a.meanScore ?? -1) - (b.meanScore ?? -1),
      render: (_: unknown, a) => <span data-testid={`ranking-mean-${a.id}`}>{fmtNum(a.meanScore)}</span>,
    },
    {
      key: 'trimmed',
      title: t('calls.ranking.trimmed'),
      width: 90,
      align: 'right',
      sorter: (a, b) => (a.trimmedMeanScore ?? -1) - (b.trimmedMeanScore ?? -1),
      render: (_: unknown, a) => (
        <Flex vertical gap={0} align="flex-end">
          <Typography.Text strong data-testid={`ranking-trimmed-${a.id}`}>
            {fmtNum(a.trimmedMeanScore)}
          </Typography.Text>
          {isPhone ? (
            <Typography.Text type="secondary" style={{ fontSize: 11, whiteSpace: 'nowrap' }}>
              {t('calls.ranking.mean')} {fmtNum(a.meanScore)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'budget',
      title: t('calls.apply.budget'),
      width: 130,
      align: 'right',
      responsive: ['md'],
      sorter: (a, b) => a.budgetFen - b.budgetFen,
      render: (_: unknown, a) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(a.budgetFen)}</span>,
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 110,
      responsive: ['sm'],
      render: (_: unknown, a) => (
        <Flex vertical gap={2} align="flex-start">
          <RStatusTag status={a.status} label={rl.appStatus(a.status)} testId={`ranking-status-${a.id}`} />
          {a.awardFen != null ? <Typography.Text style={{ fontSize: 12 }}>{formatFen(a.awardFen)}</Typography.Text> : null}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="ranking-panel">
      <Typography.Text type="secondary">{t('calls.ranking.hint')}</Typography.Text>
      <Table<RankedApplication>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        onRow={(a) => rowTestId('ranking-row', a.id)}
        showSorterTooltip={isPhone ? false : { target: 'sorter-icon' }}
        expandable={{ expandedRowRender: (a) => <ApplicationDetails app={a} callId={c.id} /> }}
        pagination={{
          pageSize: 10,
          size: 'small',
          hideOnSinglePage: true,
          showTotal: (n) => <span data-testid="ranking-total">{t('common.total', { total: n })}</span>,
        }}
        scroll={{ x: isPhone ? undefined : 860 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
      />
      {c.kind === 'challenge' || c.poserOpinion ? <PoserOpinion call={c} items={items} onChanged={props.onChanged} /> : null}
      {c.canManage && c.status === 'decision' && items.some((a) => a.status === 'submitted') ? (
        <DecisionForm call={c} items={items} onChanged={props.onChanged} />
      ) : null}
      {items.some((a) => a.status === 'awarded' || a.status === 'eliminated') ? <FundingSummary call={c} /> : null}
    </Flex>
  );
}

function PoserOpinion(props: { call: CallDetail; items: RankedApplication[]; onChanged: (c?: CallDetail) => void }) {
  const c = props.call;
  const { t } = useTranslation();
  const fb = useFeedback();
  const { data: me } = useMe();
  const [form] = Form.useForm<{ preferred: number[]; note: string }>();
  const canGive = c.isPoser && me?.role === 'org_admin' && (c.status === 'review' || c.status === 'decision');
  const submitted = props.items.filter((a) => a.status === 'submitted');
  const mutation = useMutation({
    mutationFn: (v: { preferred: number[]; note: string }) => callsApi.poserOpinion(c.id, v.preferred ?? [], v.note.trim()),
    onSuccess: (nc) => {
      fb.success(t('calls.ranking.opinionSaved'));
      props.onChanged(nc);
    },
  });
  useEffect(() => {
    form.setFieldsValue({ preferred: c.poserOpinion?.preferredApplicationIds ?? [], note: c.poserOpinion?.note ?? '' });
  }, [c.poserOpinion, form]);
  const title = (id: number) => props.items.find((a) => a.id === id)?.title ?? `#${id}`;
  return (
    <Card size="small" title={t('calls.ranking.poserOpinionOf', { name: c.poserName ?? '' })} data-testid="poser-opinion">
      {c.poserOpinion ? (
        <Flex vertical gap={6} style={{ marginBottom: canGive ? 16 : 0 }} data-testid="poser-opinion-current">
          <Flex wrap gap={6} align="center">
            <Typography.Text type="secondary">{t('calls.ranking.prefers')}</Typography.Text>
            {c.poserOpinion.preferredApplicationIds.length ? (
              c.poserOpinion.preferredApplicationIds.map((id) => (
                <Tag key={id} color="gold" icon={<StarFilled />} style={{ marginInlineEnd: 0 }}>
                  {title(id)}
                </Tag>
              ))
            ) : (
              <Typography.Text>{t('calls.ranking.noPreference')}</Typography.Text>
            )}
          </Flex>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="poser-opinion-note">
            {c.poserOpinion.note}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatTime(c.poserOpinion.at)}
          </Typography.Text>
        </Flex>
      ) : !canGive ? (
        <Typography.Text type="secondary" data-testid="poser-opinion-none">
          {t('calls.ranking.noOpinion')}
        </Typography.Text>
      ) : null}
      {canGive ? (
        <Form form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} data-testid="opinion-form">
          <Form.Item name="preferred" label={t('calls.ranking.choosePreferred')}>
            <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
              {submitted.map((a) => (
                <Checkbox key={a.id} value={a.id} data-testid={`opinion-app-${a.id}`}>
                  {t('calls.ranking.rankItem', { rank: a.rank, title: a.title, score: fmtNum(a.trimmedMeanScore) })}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
          <Form.Item name="note" label={t('calls.ranking.opinionNote')} rules={[{ required: true, whitespace: true, message: t('calls.form.required') }]}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="opinion-note" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<CheckOutlined />} loading={mutation.isPending} data-testid="opinion-submit">
            {c.poserOpinion ? t('calls.ranking.updateOpinion') : t('calls.ranking.submitOpinion')}
          </Button>
          {mutation.error ? (
            <div style={{ marginTop: 12 }}>
              <ProblemAlert error={mutation.error} testId="opinion-error" />
            </div>
          ) : null}
        </Form>
      ) : null}
    </Card>
  );
}

function DecisionForm(props: { call: CallDetail; items: RankedApplication[]; onChanged: (c?: CallDetail) => void }) {
  const c = props.call;
  const { t } = useTranslation();
  const fb = useFeedback();
  const qc = useQueryClient();
  const candidates = useMemo(() => props.items.filter((a) => a.status === 'submitted'), [props.items]);
  const [chosen, setChosen] = useState<Record<number, number | null>>({});
  const [note, setNote] = useState('');
  const picked = Object.entries(chosen).filter(([, v]) => v != null) as Array<[string, number]>;
  const totalFen = picked.reduce((s, [, y]) => s + (yuanToFen(y) ?? 0), 0);
  const mutation = useMutation({
    mutationFn: () =>
      callsApi.decide(
        c.id,
        picked.map(([id, y]) => ({ applicationId: Number(id), amountFen: yuanToFen(y) ?? 0 })),
        note.trim() || undefined,
      ),
    onSuccess: (f) => {
      fb.success(t('calls.decision.done', { total: formatFen(f.totalFen) }));
      qc.setQueryData(['call-funding', c.id], f);
      props.onChanged();
    },
  });
  const rule =
    c.kind === 'challenge'
      ? t('calls.decision.ruleChallenge')
      : c.kind === 'horse_race'
        ? t('calls.decision.ruleRace', { n: c.raceTeams })
        : t('calls.decision.ruleJoint');
  return (
    <Card
      size="small"
      title={
        <span>
          <TrophyOutlined /> {t('calls.decision.title')}
        </span>
      }
      data-testid="decision-form"
    >
      <Alert type="info" showIcon title={rule} style={{ marginBottom: 12 }} />
      <Flex vertical gap={8}>
        {candidates.map((a) => {
          const on = chosen[a.id] !== undefined && chosen[a.id] !== null;
          return (
            <Flex key={a.id} gap={8} align="center" wrap data-testid={`award-row-${a.id}`}>
              <Checkbox
                checked={on}
                onChange={(e) => setChosen((m) => ({ ...m, [a.id]: e.target.checked ? fenToYuan(Math.min(a.budgetFen, c.budgetFen)) : null }))}
                data-testid={`award-select-${a.id}`}
                style={{ minWidth: 0, flex: '1 1 220px' }}
              >
                {t('calls.ranking.rankItem', { rank: a.rank, title: a.title, score: fmtNum(a.trimmedMeanScore) })}
              </Checkbox>
              <InputNumber
                disabled={!on}
                min={0.01}
                precision={2}
                prefix="¥"
                value={chosen[a.id] ?? undefined}
                onChange={(v) => setChosen((m) => ({ ...m, [a.id]: v == null ? null : Number(v) }))}
                style={{ width: 180 }}
                data-testid={`award-amount-${a.id}`}
                aria-label={t('calls.decision.amount')}
              />
            </Flex>
          );
        })}
      </Flex>
      <Typography.Paragraph style={{ margin: '12px 0 8px' }} data-testid="award-total">
        {t('calls.decision.total', { total: formatFen(totalFen), budget: formatFen(c.budgetFen) })}
        {totalFen > c.budgetFen ? <Typography.Text type="danger"> {t('calls.decision.overBudget')}</Typography.Text> : null}
      </Typography.Paragraph>
      <Input.TextArea
        aria-label={t('calls.decision.note')}
        rows={2}
        maxLength={4000}
        placeholder={t('calls.decision.note')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        data-testid="award-note"
        style={{ marginBottom: 12 }}
      />
      <Button
        type="primary"
        icon={<TrophyOutlined />}
        disabled={!picked.length}
        loading={mutation.isPending}
        onClick={() => mutation.mutate()}
        data-testid="award-submit"
      >
        {t('calls.decision.submit')}
      </Button>
      {mutation.error ? (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={mutation.error} testId="award-error" />
        </div>
      ) : null}
    </Card>
  );
}
