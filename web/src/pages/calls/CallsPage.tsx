// Joint research calls (everyone signed in): search by title, filter by kind, status and
// jurisdiction, sort, page. A jurisdiction's admin drafts calls of any kind; an organisation's
// admin poses a 揭榜挂帅 challenge (a draft its jurisdiction publishes).
import { useState } from 'react';
import { Button, Card, Flex, Input, Select, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { FlagOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { optionTestIds, rowTestId } from '../../components/testids';
import { useTableState } from '../../components/useTableState';
import { CALL_KINDS, CALL_STATUSES, callsApi, type Call, type CallQuery } from './api';
import { CallFormModal } from './CallFormModal';
import { KindTag, RStatusTag, useResearchLabels } from './shared';

type Filters = Pick<CallQuery, 'q' | 'kind' | 'status' | 'jurisdiction'>;

export default function CallsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useLabels();
  const rl = useResearchLabels();
  const values = useOptionValues();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const w = (desktop: number) => (isPhone ? 'calc(50% - 4px)' : desktop);
  const table = useTableState({ sortable: ['createdAt', 'deadline', 'budget', 'title'], defaultSort: '-createdAt', testPrefix: 'calls' });
  const [filters, setFilters] = useState<Filters>({});
  const [q, setQ] = useState('');
  const [form, setForm] = useState<'challenge' | 'call' | null>(null);

  const query: CallQuery = { ...filters, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({ queryKey: ['calls', query], queryFn: ({ signal }) => callsApi.list(query, signal), placeholderData: keepPreviousData });
  const setFilter = <K extends keyof Filters>(k: K, v: Filters[K]) => {
    setFilters((f) => ({ ...f, [k]: v || undefined }));
    table.setPage(1);
  };

  const columns: TableProps<Call>['columns'] = [
    {
      key: 'title',
      title: t('calls.name'),
      sorter: true,
      sortOrder: table.sortOrder('title'),
      width: isPhone ? 220 : 340,
      render: (_: unknown, c) => (
        <Flex vertical gap={4} align="flex-start">
          <Link to={`/research/calls/${c.id}`} data-testid={`call-link-${c.id}`} style={{ fontWeight: 600, whiteSpace: 'normal' }}>
            {c.title}
          </Link>
          <Flex wrap gap={4} align="center">
            <KindTag kind={c.kind} />
            {isPhone ? <RStatusTag status={c.status} label={rl.callStatus(c.status)} /> : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {labels.jurisdiction(c.jurisdictionCode)}
            </Typography.Text>
          </Flex>
          {isPhone ? (
            <Typography.Text style={{ fontSize: 12 }}>
              {formatFen(c.budgetFen)} · {t('calls.deadlineShort', { time: formatTime(c.deadline) })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'budget',
      title: t('calls.budget'),
      sorter: true,
      sortOrder: table.sortOrder('budget'),
      align: 'right',
      width: 150,
      responsive: ['sm'],
      render: (_: unknown, c) => <span style={{ whiteSpace: 'nowrap' }} data-testid={`call-budget-${c.id}`}>{formatFen(c.budgetFen)}</span>,
    },
    {
      key: 'deadline',
      title: t('calls.deadline'),
      sorter: true,
      sortOrder: table.sortOrder('deadline'),
      width: 140,
      responsive: ['sm'],
      render: (_: unknown, c) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(c.deadline)}</span>,
    },
    { key: 'applications', dataIndex: 'applications', title: t('calls.applications'), width: 80, align: 'right', responsive: ['md'] },
    {
      key: 'status',
      title: t('common.status'),
      width: 100,
      responsive: ['sm'],
      render: (_: unknown, c) => <RStatusTag status={c.status} label={rl.callStatus(c.status)} testId={`call-status-${c.id}`} />,
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      sorter: true,
      sortOrder: table.sortOrder('createdAt'),
      width: 140,
      responsive: ['lg'],
      render: (_: unknown, c) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(c.createdAt)}</span>,
    },
  ];

  return (
    <div data-testid="calls-page">
      <PageHeader
        title={t('calls.title')}
        subtitle={t('calls.subtitle')}
        extra={
          <>
            {access.canPoseChallenge ? (
              <Button type="primary" icon={<FlagOutlined />} onClick={() => setForm('challenge')} data-testid="calls-pose">
                {t('calls.pose')}
              </Button>
            ) : null}
            {access.callJurisdictions === 'all' || access.callJurisdictions.length ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm('call')} data-testid="calls-create">
                {t('calls.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="calls-filters">
          <Input.Search
            allowClear
            placeholder={t('calls.searchPlaceholder')}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              if (!e.target.value) setFilter('q', undefined);
            }}
            onSearch={(v) => setFilter('q', v.trim())}
            style={{ width: isPhone ? '100%' : 240 }}
            data-testid="calls-filter-q"
          />
          <Select
            allowClear
            placeholder={t('calls.kindLabel')}
            value={filters.kind}
            onChange={(v) => setFilter('kind', v)}
            options={CALL_KINDS.map((k) => ({ value: k, label: rl.callKind(k) }))}
            optionRender={optionTestIds('calls-filter-kind-opt')}
            style={{ width: w(130) }}
            data-testid="calls-filter-kind"
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            value={filters.status}
            onChange={(v) => setFilter('status', v)}
            options={CALL_STATUSES.map((s) => ({ value: s, label: rl.callStatus(s) }))}
            optionRender={optionTestIds('calls-filter-status-opt')}
            style={{ width: w(130) }}
            data-testid="calls-filter-status"
          />
          <Select
            allowClear
            placeholder={t('calls.jurisdiction')}
            value={filters.jurisdiction}
            onChange={(v) => setFilter('jurisdiction', v)}
            options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
            optionRender={optionTestIds('calls-filter-jurisdiction-opt')}
            style={{ width: w(130) }}
            data-testid="calls-filter-jurisdiction"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} data-testid="calls-refresh" />
          </Tooltip>
          <Button
            onClick={() => {
              setFilters({});
              setQ('');
              table.reset();
            }}
            data-testid="calls-filter-reset"
          >
            {t('common.reset')}
          </Button>
        </Flex>
        <div data-testid="calls-table">
          <Table<Call>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            onChange={table.onChange}
            showSorterTooltip={{ target: 'sorter-icon' }}
            onRow={(c) => rowTestId('call-row', c.id)}
            scroll={{ x: isPhone ? undefined : 950 }}
            pagination={table.pagination(list.data?.total)}
          />
        </div>
      </Card>
      <CallFormModal
        open={form !== null}
        mode={form ?? 'call'}
        onClose={() => setForm(null)}
        onSaved={(c) => {
          setForm(null);
          void qc.invalidateQueries({ queryKey: ['calls'] });
          navigate(`/research/calls/${c.id}`);
        }}
      />
    </div>
  );
}
