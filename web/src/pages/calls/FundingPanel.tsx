// Funding and milestones: the awarded teams and amounts, a joint fund's split between the
// jurisdictions by their shares, a horse race's first tranches, and the milestone assessments
// (the department marks each team passed or failed; failed horse-race teams are eliminated and
// the survivors share the next tranche).
import { useState } from 'react';
import { Alert, Button, Card, Col, Empty, Flex, Input, Row, Select, Skeleton, Statistic, Switch, Table, Typography } from 'antd';
import { FlagOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { ProblemAlert } from '../../components/IntegrityRecordAlert';
import { optionTestIds, rowTestId } from '../../components/testids';
import { callsApi, type CallDetail, type Funding } from '../../api/calls';
import { RStatusTag, pct, useResearchLabels } from '../../components/research/tags';

export function FundingSummary(props: { call: CallDetail }) {
  const c = props.call;
  const { t } = useTranslation();
  const labels = useLabels();
  const rl = useResearchLabels();
  const isPhone = useIsPhone();
  const funding = useQuery({ queryKey: ['call-funding', c.id], queryFn: ({ signal }) => callsApi.funding(c.id, signal) });
  const f = funding.data;
  if (funding.isError) return <ProblemAlert error={funding.error} testId="funding-error" />;
  if (!f) return <Skeleton active />;
  return (
    <Card size="small" title={t('calls.funding.title')} data-testid="funding-summary">
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <div data-testid="funding-total">
            <Statistic title={t('calls.funding.total')} value={formatFen(f.totalFen)} styles={{ content: { fontSize: isPhone ? 16 : 20, color: '#1f5fbf' } }} />
          </div>
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('calls.budget')} value={formatFen(c.budgetFen)} styles={{ content: { fontSize: isPhone ? 16 : 20 } }} />
        </Col>
        {f.firstTrancheFen != null ? (
          <Col xs={12} md={6}>
            <Statistic title={t('calls.funding.firstTranche')} value={formatFen(f.firstTrancheFen)} styles={{ content: { fontSize: isPhone ? 16 : 20 } }} />
          </Col>
        ) : null}
      </Row>
      {f.teams.length ? (
        <Table
          rowKey="applicationId"
          size="small"
          pagination={false}
          dataSource={f.teams}
          onRow={(x) => rowTestId('funding-team', x.applicationId)}
          scroll={{ x: isPhone ? undefined : 600 }}
          columns={[
            {
              key: 'title',
              title: t('calls.funding.team'),
              render: (_: unknown, x) => (
                <Flex vertical gap={2} align="flex-start">
                  <span style={{ whiteSpace: 'normal' }}>{x.title}</span>
                  {isPhone ? <RStatusTag status={x.status} label={rl.appStatus(x.status)} /> : null}
                </Flex>
              ),
            },
            {
              key: 'status',
              title: t('common.status'),
              width: 100,
              responsive: ['sm'],
              render: (_: unknown, x) => <RStatusTag status={x.status} label={rl.appStatus(x.status)} />,
            },
            {
              key: 'award',
              title: t('calls.award'),
              align: 'right',
              width: isPhone ? 130 : 140,
              render: (_: unknown, x) => <span data-testid={`funding-award-${x.applicationId}`}>{formatFen(x.awardFen)}</span>,
            },
            {
              key: 'tranches',
              title: t('calls.funding.tranches'),
              responsive: ['sm'],
              render: (_: unknown, x) =>
                x.tranches.length
                  ? x.tranches
                      .map(
                        (tr) =>
                          `${tr.milestone === 0 ? t('calls.funding.first') : t('calls.funding.afterMilestone', { n: tr.milestone })} ${formatFen(tr.amountFen)}`,
                      )
                      .join(t('common.listSep'))
                  : '—',
            },
          ]}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calls.funding.noAwards')} />
      )}
      {f.byJurisdiction.length ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('calls.funding.split')}
          </Typography.Title>
          <div data-testid="funding-split">
            <Table
              rowKey="jurisdictionCode"
              size="small"
              pagination={false}
              dataSource={f.byJurisdiction}
              columns={[
                { key: 'j', title: t('calls.funder'), render: (_: unknown, x) => labels.jurisdiction(x.jurisdictionCode) },
                { key: 's', title: t('calls.share'), align: 'right', render: (_: unknown, x) => pct(x.shareBp) },
                {
                  key: 'a',
                  title: t('calls.funding.pays'),
                  align: 'right',
                  render: (_: unknown, x) => <span data-testid={`funding-split-${x.jurisdictionCode}`}>{formatFen(x.amountFen)}</span>,
                },
              ]}
            />
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('calls.funding.rounding')}
          </Typography.Text>
        </>
      ) : null}
    </Card>
  );
}

export function FundingPanel(props: { call: CallDetail; onChanged: (c?: CallDetail) => void }) {
  const c = props.call;
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const funding = useQuery({ queryKey: ['call-funding', c.id], queryFn: ({ signal }) => callsApi.funding(c.id, signal) });
  const f = funding.data;
  const title = (id: number) => f?.teams.find((x) => x.applicationId === id)?.title ?? `#${id}`;
  return (
    <Flex vertical gap={16} data-testid="funding-panel">
      <FundingSummary call={c} />
      {c.milestones.length || (f?.milestones.length ?? 0) > 0 ? (
        <Card size="small" title={t('calls.milestonesTitle')} data-testid="milestone-history">
          <Table
            rowKey={(m) => `${m.milestone}-${m.applicationId}`}
            size="small"
            dataSource={f?.milestones ?? []}
            pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
            scroll={{ x: isPhone ? undefined : 640 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calls.milestones.none')} /> }}
            columns={[
              {
                key: 'm',
                title: t('calls.milestones.milestone'),
                width: isPhone ? 110 : 160,
                sorter: (a, b) => a.milestone - b.milestone,
                render: (_: unknown, m) => `${m.milestone}. ${c.milestones[m.milestone - 1]?.title ?? ''}`,
              },
              { key: 't', title: t('calls.funding.team'), render: (_: unknown, m) => title(m.applicationId) },
              {
                key: 'p',
                title: t('calls.milestones.result'),
                width: 90,
                render: (_: unknown, m) => (
                  <RStatusTag status={m.passed ? 'completed' : 'eliminated'} label={m.passed ? t('calls.milestones.passed') : t('calls.milestones.failed')} />
                ),
              },
              {
                key: 'tr',
                title: t('calls.milestones.tranche'),
                align: 'right',
                width: 130,
                responsive: ['sm'],
                render: (_: unknown, m) => formatFen(m.trancheFen),
              },
              { key: 'at', title: t('calls.milestones.assessedAt'), width: 140, responsive: ['md'], render: (_: unknown, m) => formatTime(m.assessedAt) },
            ]}
          />
        </Card>
      ) : null}
      {c.canManage && c.status === 'milestones' && f ? <MilestoneForm call={c} funding={f} onChanged={props.onChanged} /> : null}
      {c.canManage && c.status === 'awarded' && (c.kind === 'horse_race' || c.milestones.length > 0) ? (
        <Alert type="info" showIcon title={t('calls.milestones.startHint')} />
      ) : null}
    </Flex>
  );
}

function MilestoneForm(props: { call: CallDetail; funding: Funding; onChanged: (c?: CallDetail) => void }) {
  const c = props.call;
  const { t } = useTranslation();
  const fb = useFeedback();
  const qc = useQueryClient();
  const live = props.funding.teams.filter((x) => x.status === 'awarded');
  const done = new Set(props.funding.milestones.map((m) => m.milestone));
  const count = Math.max(c.milestones.length, 1);
  const next = Array.from({ length: count }, (_, i) => i + 1).find((n) => !done.has(n)) ?? count;
  const [milestone, setMilestone] = useState<number>(next);
  const [results, setResults] = useState<Record<number, { passed: boolean; note: string }>>({});
  const mutation = useMutation({
    mutationFn: () =>
      callsApi.assessMilestone(
        c.id,
        milestone,
        live.map((x) => ({
          applicationId: x.applicationId,
          passed: results[x.applicationId]?.passed ?? true,
          note: results[x.applicationId]?.note?.trim() || undefined,
        })),
      ),
    onSuccess: (f) => {
      qc.setQueryData(['call-funding', c.id], f);
      fb.success(t('calls.milestones.done'));
      setResults({});
      props.onChanged();
    },
  });
  return (
    <Card
      size="small"
      title={
        <span>
          <FlagOutlined /> {t('calls.milestones.assessTitle')}
        </span>
      }
      data-testid="milestone-form"
    >
      <Flex vertical gap={12}>
        <Select
          value={milestone}
          onChange={setMilestone}
          options={Array.from({ length: count }, (_, i) => ({
            value: i + 1,
            label: `${i + 1}. ${c.milestones[i]?.title ?? t('calls.milestones.milestone')}`,
            disabled: done.has(i + 1),
          }))}
          optionRender={optionTestIds('milestone-select-opt')}
          style={{ maxWidth: 360 }}
          data-testid="milestone-select"
        />
        {c.kind === 'horse_race' ? <Typography.Text type="secondary">{t('calls.milestones.raceHint')}</Typography.Text> : null}
        {live.map((x) => (
          <Flex key={x.applicationId} gap={8} wrap align="center" data-testid={`milestone-team-${x.applicationId}`}>
            <Typography.Text style={{ flex: '1 1 200px', minWidth: 0 }}>{x.title}</Typography.Text>
            <Switch
              checked={results[x.applicationId]?.passed ?? true}
              onChange={(v) => setResults((r) => ({ ...r, [x.applicationId]: { note: r[x.applicationId]?.note ?? '', passed: v } }))}
              checkedChildren={t('calls.milestones.passed')}
              unCheckedChildren={t('calls.milestones.failed')}
              data-testid={`milestone-passed-${x.applicationId}`}
            />
            <Input
              aria-label={t('calls.milestones.note')}
              placeholder={t('calls.milestones.note')}
              value={results[x.applicationId]?.note ?? ''}
              onChange={(e) => setResults((r) => ({ ...r, [x.applicationId]: { passed: r[x.applicationId]?.passed ?? true, note: e.target.value } }))}
              style={{ flex: '1 1 200px' }}
              maxLength={1000}
              data-testid={`milestone-note-${x.applicationId}`}
            />
          </Flex>
        ))}
        <div>
          <Button
            type="primary"
            disabled={!live.length || done.has(milestone)}
            loading={mutation.isPending}
            onClick={() => mutation.mutate()}
            data-testid="milestone-submit"
          >
            {t('calls.milestones.submit')}
          </Button>
        </div>
        {mutation.error ? <ProblemAlert error={mutation.error} testId="milestone-error" /> : null}
      </Flex>
    </Card>
  );
}
