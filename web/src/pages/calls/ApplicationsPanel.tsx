// The applications to a call, for its department and (揭榜挂帅) the posing organisation:
// paged on the server, filtered by status, sorted by time, budget or title; each row opens to
// its summary, plan, team and attachments. Scores appear once the call reaches its decision.
import { Flex, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { formatFen } from '../../app/money';
import { ListPage, timeColumn } from '../../components/ListPage';
import type { Page } from '../../app/api';
import { APPLICATION_STATUSES, callsApi, type Application, type CallDetail } from '../../api/calls';
import { RStatusTag, fmtNum, useResearchLabels } from '../../components/research/tags';
import { ApplicationDetails, JurisdictionChips } from '../../components/research/ApplicationDetails';

const PARAMS = { status: 'string' } as const;

export function ApplicationsPanel(props: { call: CallDetail }) {
  const c = props.call;
  const { t } = useTranslation();
  const rl = useResearchLabels();
  const isPhone = useIsPhone();

  const columns = (data: Page<Application> | undefined): TableProps<Application>['columns'] => {
    const scored = (data?.items ?? []).some((a) => a.reviews !== undefined);
    return [
      {
        key: 'title',
        title: c.kind === 'challenge' ? t('calls.apply.bidName') : t('calls.apply.name'),
        sorter: true,
        width: isPhone ? 200 : 260,
        render: (_: unknown, a) => (
          <Flex vertical gap={2} align="flex-start">
            <Typography.Text strong style={{ whiteSpace: 'normal' }} data-testid={`application-title-${a.id}`}>
              {a.title}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.applicantOrgName} · {a.leadName}
            </Typography.Text>
            {isPhone ? (
              <Flex gap={4} wrap>
                <RStatusTag status={a.status} label={rl.appStatus(a.status)} />
                <JurisdictionChips codes={a.jurisdictions} />
              </Flex>
            ) : null}
          </Flex>
        ),
      },
      {
        key: 'jurisdictions',
        title: t('calls.apply.spansShort'),
        width: 150,
        responsive: ['sm'],
        render: (_: unknown, a) => <JurisdictionChips codes={a.jurisdictions} testId={`application-jurisdictions-${a.id}`} />,
      },
      {
        key: 'budget',
        title: t('calls.apply.budget'),
        sorter: true,
        align: 'right',
        width: 140,
        render: (_: unknown, a) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(a.budgetFen)}</span>,
      },
      ...(scored
        ? [
            { key: 'mean', title: t('calls.ranking.mean'), align: 'right' as const, width: 80, render: (_: unknown, a: Application) => fmtNum(a.meanScore) },
            {
              key: 'trimmed',
              title: t('calls.ranking.trimmed'),
              align: 'right' as const,
              width: 90,
              render: (_: unknown, a: Application) => fmtNum(a.trimmedMeanScore),
            },
          ]
        : []),
      { key: 'files', title: t('calls.attachments'), width: 70, align: 'right', responsive: ['md'], render: (_: unknown, a) => a.attachments.length },
      {
        key: 'status',
        title: t('common.status'),
        width: 110,
        responsive: ['sm'],
        render: (_: unknown, a) => (
          <Flex vertical gap={2} align="flex-start">
            <RStatusTag status={a.status} label={rl.appStatus(a.status)} testId={`application-status-${a.id}`} />
            {a.awardFen != null ? <Typography.Text style={{ fontSize: 12 }}>{formatFen(a.awardFen)}</Typography.Text> : null}
          </Flex>
        ),
      },
      timeColumn('createdAt', t('calls.submittedAt'), { sorter: true, responsive: ['lg'] }),
    ];
  };

  return (
    <ListPage<Application, typeof PARAMS>
      testId="applications-panel"
      testPrefix="applications"
      queryKey={['call-applications', c.id]}
      fetch={(q, signal) => callsApi.applications(c.id, q, signal)}
      params={PARAMS}
      // The call's page keeps its tab in ?tab=.
      prefix="applications."
      defaultSort="createdAt"
      pageSize={10}
      filters={[
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          width: 150,
          phoneWidth: '100%',
          options: APPLICATION_STATUSES.map((s) => ({ value: s, label: rl.appStatus(s) })),
        },
      ]}
      refresh={false}
      reset={false}
      columns={columns}
      rowKey="id"
      rowTestId="application-row"
      scrollX={900}
      table={{ expandable: { expandedRowRender: (a) => <ApplicationDetails app={a} callId={c.id} /> } }}
    />
  );
}
