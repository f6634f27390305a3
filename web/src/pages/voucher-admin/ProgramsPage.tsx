// Voucher programmes (administrators): search, filter by jurisdiction and status, sort, page;
// create a programme; each row links to the programme's budget and decisions.
import { useState } from 'react';
import { Button, Card, Flex, Input, Progress, Select, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatDate, formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { optionTestIds, rowTestId } from '../../components/testids';
import { useTableState } from '../../components/useTableState';
import { formatShare, VStatusTag } from '../../components/vouchers';
import { programsApi, type Program, type ProgramQuery } from './api';
import { ProgramFormModal } from './ProgramFormModal';

export default function ProgramsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useLabels();
  const values = useOptionValues();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const w = (desktop: number) => (isPhone ? 'calc(50% - 4px)' : desktop);
  const table = useTableState({ sortable: ['createdAt', 'name', 'expiresAt'], defaultSort: '-createdAt', testPrefix: 'programs' });
  const [filters, setFilters] = useState<Pick<ProgramQuery, 'q' | 'jurisdiction' | 'status'>>({});
  const [q, setQ] = useState('');
  const [formOpen, setFormOpen] = useState(false);

  const query: ProgramQuery = { ...filters, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({
    queryKey: ['voucher-programs', query],
    queryFn: ({ signal }) => programsApi.list(query, signal),
    placeholderData: keepPreviousData,
  });
  const setFilter = <K extends keyof typeof filters>(k: K, v: (typeof filters)[K]) => {
    setFilters((f) => ({ ...f, [k]: v || undefined }));
    table.setPage(1);
  };

  const columns: TableProps<Program>['columns'] = [
    {
      key: 'name',
      title: t('programs.name'),
      sorter: true,
      sortOrder: table.sortOrder('name'),
      width: isPhone ? 190 : 260,
      render: (_: unknown, p) => (
        <Flex vertical gap={2} align="flex-start">
          <Link to={`/vouchers/programs/${p.id}`} data-testid={`program-link-${p.id}`} style={{ fontWeight: 600 }}>
            {p.name}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.jurisdiction(p.jurisdictionCode)} · {t('programs.shareShort', { share: formatShare(p.shareBp) })}
          </Typography.Text>
          {isPhone ? (
            <Typography.Text style={{ fontSize: 12 }}>
              {t('programs.availableOf', { available: formatFen(p.budget.availableFen), total: formatFen(p.budget.totalFen) })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'budget',
      title: t('programs.budget'),
      width: 230,
      responsive: ['sm'],
      render: (_: unknown, p) => {
        const used = p.budget.totalFen > 0 ? Math.round(((p.budget.totalFen - p.budget.availableFen) / p.budget.totalFen) * 100) : 0;
        return (
          <Flex vertical gap={0}>
            <Typography.Text style={{ fontSize: 12 }} data-testid={`program-available-${p.id}`}>
              {t('programs.availableOf', { available: formatFen(p.budget.availableFen), total: formatFen(p.budget.totalFen) })}
            </Typography.Text>
            <Progress percent={used} size="small" showInfo={false} />
          </Flex>
        );
      },
    },
    { key: 'vouchers', dataIndex: 'vouchers', title: t('programs.vouchers'), width: 80, align: 'right', responsive: ['md'] },
    {
      key: 'expiresAt',
      title: t('programs.expiresAt'),
      sorter: true,
      sortOrder: table.sortOrder('expiresAt'),
      width: 115,
      responsive: ['md'],
      render: (_: unknown, p) => formatDate(p.expiresAt),
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 90,
      render: (_: unknown, p) => <VStatusTag status={p.status} label={labels.programStatus(p.status)} testId={`program-status-${p.id}`} />,
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      sorter: true,
      sortOrder: table.sortOrder('createdAt'),
      width: 140,
      responsive: ['lg'],
      render: (_: unknown, p) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(p.createdAt)}</span>,
    },
  ];

  return (
    <div data-testid="programs-page">
      <PageHeader
        title={t('programs.title')}
        subtitle={t('programs.subtitle')}
        extra={
          access.voucherJurisdictions === 'all' || access.voucherJurisdictions.length ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="programs-create">
              {t('programs.create')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="programs-filters">
          <Input.Search
            allowClear
            placeholder={t('programs.searchPlaceholder')}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              if (!e.target.value) setFilter('q', undefined);
            }}
            onSearch={(v) => setFilter('q', v.trim())}
            style={{ width: isPhone ? '100%' : 240 }}
            data-testid="programs-filter-q"
          />
          <Select
            allowClear
            placeholder={t('programs.jurisdiction')}
            value={filters.jurisdiction}
            onChange={(v) => setFilter('jurisdiction', v)}
            options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
            optionRender={optionTestIds('programs-filter-jurisdiction-opt')}
            style={{ width: w(130) }}
            data-testid="programs-filter-jurisdiction"
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            value={filters.status}
            onChange={(v) => setFilter('status', v)}
            options={(['active', 'closed'] as const).map((v) => ({ value: v, label: labels.programStatus(v) }))}
            optionRender={optionTestIds('programs-filter-status-opt')}
            style={{ width: w(110) }}
            data-testid="programs-filter-status"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} data-testid="programs-refresh" />
          </Tooltip>
          <Button
            onClick={() => {
              setFilters({});
              setQ('');
              table.reset();
            }}
            data-testid="programs-filter-reset"
          >
            {t('common.reset')}
          </Button>
        </Flex>
        <div data-testid="programs-table">
          <Table<Program>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            onChange={table.onChange}
            showSorterTooltip={{ target: 'sorter-icon' }}
            onRow={(p) => rowTestId('program-row', p.id)}
            scroll={{ x: isPhone ? 'max-content' : 900 }}
            pagination={table.pagination(list.data?.total)}
          />
        </div>
      </Card>
      <ProgramFormModal
        open={formOpen}
        onClose={() => setFormOpen(false)}
        onSaved={(p) => {
          setFormOpen(false);
          void qc.invalidateQueries({ queryKey: ['voucher-programs'] });
          navigate(`/vouchers/programs/${p.id}`);
        }}
      />
    </div>
  );
}
