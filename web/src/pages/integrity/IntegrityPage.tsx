// Research-integrity records: administrators of every jurisdiction see all records (a record
// counts in all four); everyone else sees the records about themselves or their organisation.
// Filter by recording jurisdiction, state and subject type, search by subject, sort, page;
// administrators record their own jurisdiction's decisions.
import { useState } from 'react';
import { Badge, Button, Card, Flex, Input, Select, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatDate, formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { optionTestIds, rowTestId } from '../../components/testids';
import { useTableState } from '../../components/useTableState';
import { RStatusTag, useResearchLabels } from '../calls/shared';
import { RECORD_STATES, SUBJECT_TYPES, integrityApi, type IntegrityRecord, type RecordQuery } from './api';
import { RecordFormModal } from './RecordFormModal';

type Filters = Pick<RecordQuery, 'q' | 'jurisdiction' | 'state' | 'subjectType'>;

export default function IntegrityPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useLabels();
  const rl = useResearchLabels();
  const values = useOptionValues();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const w = (desktop: number) => (isPhone ? 'calc(50% - 4px)' : desktop);
  const table = useTableState({ sortable: ['createdAt', 'effectiveAt', 'endsAt', 'subject'], defaultSort: '-createdAt', testPrefix: 'integrity' });
  const [filters, setFilters] = useState<Filters>({});
  const [q, setQ] = useState('');
  const [formOpen, setFormOpen] = useState(false);
  const query: RecordQuery = { ...filters, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({ queryKey: ['integrity-records', query], queryFn: ({ signal }) => integrityApi.list(query, signal), placeholderData: keepPreviousData });
  const setFilter = <K extends keyof Filters>(k: K, v: Filters[K]) => {
    setFilters((f) => ({ ...f, [k]: v || undefined }));
    table.setPage(1);
  };
  const canRecord = access.callJurisdictions === 'all' || access.callJurisdictions.length > 0;

  const columns: TableProps<IntegrityRecord>['columns'] = [
    {
      key: 'subject',
      title: t('integrity.subject'),
      sorter: true,
      sortOrder: table.sortOrder('subject'),
      width: isPhone ? 200 : 240,
      render: (_: unknown, r) => (
        <Flex vertical gap={2} align="flex-start">
          <Link to={`/research/integrity/${r.id}`} data-testid={`record-link-${r.id}`} style={{ fontWeight: 600, whiteSpace: 'normal' }}>
            {r.subjectName}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {rl.subjectType(r.subjectType)}
            {r.subjectType === 'person' && r.subjectOrganization ? ` · ${r.subjectOrganization}` : ''}
          </Typography.Text>
          {isPhone ? (
            <Flex gap={4} wrap align="center">
              <RStatusTag status={r.state} label={rl.recordState(r.state)} />
              <Typography.Text style={{ fontSize: 12 }}>{t('integrity.until', { date: formatDate(r.endsAt) })}</Typography.Text>
            </Flex>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'misconduct',
      title: t('integrity.misconduct'),
      responsive: ['md'],
      render: (_: unknown, r) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.misconduct }} style={{ marginBottom: 0 }}>
          {r.misconduct}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'unit',
      title: t('integrity.decidingUnit'),
      width: 190,
      responsive: ['sm'],
      render: (_: unknown, r) => (
        <Flex vertical gap={0}>
          <span>{r.decidingUnit}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.jurisdiction(r.jurisdictionCode)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'effectiveAt',
      title: t('integrity.effectiveOn'),
      sorter: true,
      sortOrder: table.sortOrder('effectiveAt'),
      width: 110,
      responsive: ['lg'],
      render: (_: unknown, r) => formatDate(r.effectiveAt),
    },
    {
      key: 'endsAt',
      title: t('integrity.endsOn'),
      sorter: true,
      sortOrder: table.sortOrder('endsAt'),
      width: 110,
      responsive: ['sm'],
      render: (_: unknown, r) => formatDate(r.endsAt),
    },
    {
      key: 'state',
      title: t('integrity.stateLabel'),
      width: 110,
      responsive: ['sm'],
      render: (_: unknown, r) => (
        <Flex gap={4} align="center">
          <RStatusTag status={r.state} label={rl.recordState(r.state)} testId={`record-state-${r.id}`} />
          {r.openAppeals ? (
            <Tooltip title={t('integrity.openAppeals', { n: r.openAppeals })}>
              <Badge count={r.openAppeals} size="small" data-testid={`record-appeals-${r.id}`} />
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'createdAt',
      title: t('integrity.recordedAt'),
      sorter: true,
      sortOrder: table.sortOrder('createdAt'),
      width: 140,
      responsive: ['xl'],
      render: (_: unknown, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(r.createdAt)}</span>,
    },
  ];

  return (
    <div data-testid="integrity-page">
      <PageHeader
        title={t('integrity.title')}
        subtitle={access.adminJurisdiction || canRecord ? t('integrity.subtitleAdmin') : t('integrity.subtitle')}
        extra={
          canRecord ? (
            <Button type="primary" danger icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="integrity-create">
              {t('integrity.create')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="integrity-filters">
          <Input.Search
            allowClear
            placeholder={t('integrity.searchPlaceholder')}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              if (!e.target.value) setFilter('q', undefined);
            }}
            onSearch={(v) => setFilter('q', v.trim())}
            style={{ width: isPhone ? '100%' : 220 }}
            data-testid="integrity-filter-q"
          />
          <Select
            allowClear
            placeholder={t('integrity.jurisdiction')}
            value={filters.jurisdiction}
            onChange={(v) => setFilter('jurisdiction', v)}
            options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
            optionRender={optionTestIds('integrity-filter-jurisdiction-opt')}
            style={{ width: w(140) }}
            data-testid="integrity-filter-jurisdiction"
          />
          <Select
            allowClear
            placeholder={t('integrity.stateLabel')}
            value={filters.state}
            onChange={(v) => setFilter('state', v)}
            options={RECORD_STATES.map((s) => ({ value: s, label: rl.recordState(s) }))}
            optionRender={optionTestIds('integrity-filter-state-opt')}
            style={{ width: w(120) }}
            data-testid="integrity-filter-state"
          />
          <Select
            allowClear
            placeholder={t('integrity.subjectTypeLabel')}
            value={filters.subjectType}
            onChange={(v) => setFilter('subjectType', v)}
            options={SUBJECT_TYPES.map((s) => ({ value: s, label: rl.subjectType(s) }))}
            optionRender={optionTestIds('integrity-filter-type-opt')}
            style={{ width: w(120) }}
            data-testid="integrity-filter-type"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} data-testid="integrity-refresh" />
          </Tooltip>
          <Button
            onClick={() => {
              setFilters({});
              setQ('');
              table.reset();
            }}
            data-testid="integrity-filter-reset"
          >
            {t('common.reset')}
          </Button>
        </Flex>
        <div data-testid="integrity-table">
          <Table<IntegrityRecord>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            onChange={table.onChange}
            showSorterTooltip={{ target: 'sorter-icon' }}
            onRow={(r) => rowTestId('record-row', r.id)}
            scroll={{ x: isPhone ? undefined : 1000 }}
            pagination={table.pagination(list.data?.total)}
          />
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('integrity.countsEverywhere')}
        </Typography.Text>
      </Card>
      <RecordFormModal
        open={formOpen}
        onClose={() => setFormOpen(false)}
        onSaved={(r) => {
          setFormOpen(false);
          void qc.invalidateQueries({ queryKey: ['integrity-records'] });
          navigate(`/research/integrity/${r.id}`);
        }}
      />
    </div>
  );
}
