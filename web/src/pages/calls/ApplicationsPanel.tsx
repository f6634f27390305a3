// The applications to a call, for its department and (揭榜挂帅) the posing organisation:
// paged on the server, filtered by status, sorted by time, budget or title; each row opens to
// its summary, plan, team and attachments. Scores appear once the call reaches its decision.
import { useState } from 'react';
import { Descriptions, Flex, List, Select, Table, Tag, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import type { TableProps } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { optionTestIds, rowTestId } from '../../components/testids';
import { useTableState } from '../../components/useTableState';
import { APPLICATION_STATUSES, attachmentUrl, callsApi, type Application, type CallDetail, type TeamMember } from './api';
import { DisciplineTags, KeywordTags, RStatusTag, fmtNum, useResearchLabels } from './shared';

export function MembersList(props: { members: TeamMember[]; testId?: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <Flex vertical gap={4} style={{ margin: '6px 0' }} data-testid={props.testId}>
      {props.members.map((m, i) => (
        <Flex key={i} gap={6} wrap align="center">
          <Tag color={m.role === 'lead' ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
            {m.role === 'lead' ? t('calls.apply.lead') : m.role && m.role !== 'member' ? m.role : t('calls.apply.member')}
          </Tag>
          <Typography.Text>{m.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.organizationName} · {labels.jurisdictionShort(m.jurisdictionCode)}
          </Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

export function JurisdictionChips(props: { codes: string[]; testId?: string }) {
  const labels = useLabels();
  return (
    <Flex wrap gap={4} data-testid={props.testId}>
      {props.codes.map((c) => (
        <Tag key={c} color="cyan" style={{ marginInlineEnd: 0 }}>
          {labels.jurisdictionShort(c)}
        </Tag>
      ))}
    </Flex>
  );
}

export function ApplicationDetails(props: { app: Application; callId: number }) {
  const { t } = useTranslation();
  const a = props.app;
  return (
    <Descriptions size="small" column={1} data-testid={`application-details-${a.id}`}>
      <Descriptions.Item label={t('calls.apply.summary')}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{a.summary}</span>
      </Descriptions.Item>
      {a.plan ? (
        <Descriptions.Item label={t('calls.apply.plan')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{a.plan}</span>
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('calls.apply.team')}>
        <MembersList members={a.members} />
      </Descriptions.Item>
      {a.disciplines.length ? (
        <Descriptions.Item label={t('calls.disciplines')}>
          <DisciplineTags codes={a.disciplines} />
        </Descriptions.Item>
      ) : null}
      {a.keywords.length ? (
        <Descriptions.Item label={t('calls.keywords')}>
          <KeywordTags words={a.keywords} />
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('calls.attachments')}>
        <AttachmentList callId={props.callId} files={a.attachments} testPrefix={`application-file-${a.id}`} />
      </Descriptions.Item>
    </Descriptions>
  );
}

export function ApplicationsPanel(props: { call: CallDetail }) {
  const c = props.call;
  const { t } = useTranslation();
  const rl = useResearchLabels();
  const isPhone = useIsPhone();
  const table = useTableState({ sortable: ['createdAt', 'budget', 'title'], defaultSort: 'createdAt', testPrefix: 'applications', pageSize: 10 });
  const [status, setStatus] = useState<string | undefined>();
  const query = { status, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({ queryKey: ['call-applications', c.id, query], queryFn: ({ signal }) => callsApi.applications(c.id, query, signal), placeholderData: keepPreviousData });
  const scored = (list.data?.items ?? []).some((a) => a.reviews !== undefined);

  const columns: TableProps<Application>['columns'] = [
    {
      key: 'title',
      title: c.kind === 'challenge' ? t('calls.apply.bidName') : t('calls.apply.name'),
      sorter: true,
      sortOrder: table.sortOrder('title'),
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
    { key: 'jurisdictions', title: t('calls.apply.spansShort'), width: 150, responsive: ['sm'], render: (_: unknown, a) => <JurisdictionChips codes={a.jurisdictions} testId={`application-jurisdictions-${a.id}`} /> },
    {
      key: 'budget',
      title: t('calls.apply.budget'),
      sorter: true,
      sortOrder: table.sortOrder('budget'),
      align: 'right',
      width: 140,
      render: (_: unknown, a) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(a.budgetFen)}</span>,
    },
    ...(scored
      ? [
          { key: 'mean', title: t('calls.ranking.mean'), align: 'right' as const, width: 80, render: (_: unknown, a: Application) => fmtNum(a.meanScore) },
          { key: 'trimmed', title: t('calls.ranking.trimmed'), align: 'right' as const, width: 90, render: (_: unknown, a: Application) => fmtNum(a.trimmedMeanScore) },
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
    {
      key: 'createdAt',
      title: t('calls.submittedAt'),
      sorter: true,
      sortOrder: table.sortOrder('createdAt'),
      width: 140,
      responsive: ['lg'],
      render: (_: unknown, a) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(a.createdAt)}</span>,
    },
  ];

  return (
    <div data-testid="applications-panel">
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('common.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            table.setPage(1);
          }}
          options={APPLICATION_STATUSES.map((s) => ({ value: s, label: rl.appStatus(s) }))}
          optionRender={optionTestIds('applications-filter-status-opt')}
          style={{ width: isPhone ? '100%' : 150 }}
          data-testid="applications-filter-status"
        />
      </Flex>
      <Table<Application>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        onChange={table.onChange}
        showSorterTooltip={{ target: 'sorter-icon' }}
        onRow={(a) => rowTestId('application-row', a.id)}
        expandable={{ expandedRowRender: (a) => <ApplicationDetails app={a} callId={c.id} /> }}
        scroll={{ x: isPhone ? undefined : 900 }}
        pagination={table.pagination(list.data?.total)}
      />
    </div>
  );
}

export function AttachmentList(props: { callId: number; files: Application['attachments']; testPrefix: string }) {
  const { t } = useTranslation();
  if (!props.files.length)
    return (
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {t('calls.noAttachments')}
      </Typography.Text>
    );
  return (
    <List
      size="small"
      dataSource={props.files}
      renderItem={(f) => (
        <List.Item data-testid={`${props.testPrefix}-${f.id}`} style={{ paddingInline: 0 }}>
          <Flex vertical gap={0} style={{ minWidth: 0 }}>
            <a href={attachmentUrl(props.callId, f.id)} download={f.filename} style={{ wordBreak: 'break-all' }}>
              <PaperClipOutlined /> {f.filename}
            </a>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {Math.max(1, Math.round(f.size / 1024))} KB · {formatTime(f.createdAt)}
            </Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}
