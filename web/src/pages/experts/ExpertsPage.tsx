// The shared expert pool of the four jurisdictions: search by name or keyword, filter by
// jurisdiction, discipline (GB/T 13745 code prefix) and availability, sort, page. Administrators
// open an expert to see their declared relations (used for conflict-of-interest checks).
import { useState } from 'react';
import { Button, Card, Descriptions, Drawer, Empty, Flex, Input, Select, Skeleton, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatTime } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { optionTestIds, rowTestId } from '../../components/testids';
import { useTableState } from '../../components/useTableState';
import { AVAILABILITY, expertsApi, type Expert, type ExpertQuery } from '../calls/api';
import { DisciplineTags, KeywordTags, RStatusTag, useResearchLabels } from '../calls/shared';
import { RelationsTable } from './ExpertProfilePage';

type Filters = Pick<ExpertQuery, 'q' | 'jurisdiction' | 'discipline' | 'availability'>;

export default function ExpertsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const rl = useResearchLabels();
  const values = useOptionValues();
  const isPhone = useIsPhone();
  const w = (desktop: number) => (isPhone ? 'calc(50% - 4px)' : desktop);
  const table = useTableState({ sortable: ['name', 'updatedAt'], defaultSort: 'name', testPrefix: 'experts' });
  const [filters, setFilters] = useState<Filters>({});
  const [q, setQ] = useState('');
  const [discipline, setDiscipline] = useState('');
  const [open, setOpen] = useState<Expert | null>(null);
  const query: ExpertQuery = { ...filters, page: table.page, pageSize: table.pageSize, sort: table.sort };
  const list = useQuery({ queryKey: ['experts', query], queryFn: ({ signal }) => expertsApi.list(query, signal), placeholderData: keepPreviousData });
  const setFilter = <K extends keyof Filters>(k: K, v: Filters[K]) => {
    setFilters((f) => ({ ...f, [k]: v || undefined }));
    table.setPage(1);
  };

  const columns: TableProps<Expert>['columns'] = [
    {
      key: 'name',
      title: t('experts.name'),
      sorter: true,
      sortOrder: table.sortOrder('name'),
      width: isPhone ? 200 : 260,
      render: (_: unknown, e) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Link onClick={() => setOpen(e)} data-testid={`expert-link-${e.userId}`} style={{ fontWeight: 600, whiteSpace: 'normal' }}>
            {e.name}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[e.title, e.organizationName].filter(Boolean).join(' · ')}
          </Typography.Text>
          {isPhone ? <RStatusTag status={e.availability} label={rl.availability(e.availability)} /> : null}
        </Flex>
      ),
    },
    { key: 'jurisdiction', title: t('experts.jurisdiction'), width: 90, render: (_: unknown, e) => labels.jurisdictionShort(e.jurisdictionCode) },
    { key: 'disciplines', title: t('calls.disciplines'), width: 200, responsive: ['md'], render: (_: unknown, e) => <DisciplineTags codes={e.disciplines} /> },
    { key: 'keywords', title: t('calls.keywords'), responsive: ['sm'], render: (_: unknown, e) => <KeywordTags words={e.keywords} /> },
    { key: 'availability', title: t('experts.availabilityLabel'), width: 100, responsive: ['sm'], render: (_: unknown, e) => <RStatusTag status={e.availability} label={rl.availability(e.availability)} testId={`expert-availability-${e.userId}`} /> },
    {
      key: 'updatedAt',
      title: t('common.updatedAt'),
      sorter: true,
      sortOrder: table.sortOrder('updatedAt'),
      width: 140,
      responsive: ['lg'],
      render: (_: unknown, e) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(e.updatedAt)}</span>,
    },
  ];

  return (
    <div data-testid="experts-page">
      <PageHeader title={t('experts.poolTitle')} subtitle={t('experts.poolSubtitle')} />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="experts-filters">
          <Input.Search
            allowClear
            placeholder={t('experts.searchPlaceholder')}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              if (!e.target.value) setFilter('q', undefined);
            }}
            onSearch={(v) => setFilter('q', v.trim())}
            style={{ width: isPhone ? '100%' : 220 }}
            data-testid="experts-filter-q"
          />
          <Select
            allowClear
            placeholder={t('experts.jurisdiction')}
            value={filters.jurisdiction}
            onChange={(v) => setFilter('jurisdiction', v)}
            options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
            optionRender={optionTestIds('experts-filter-jurisdiction-opt')}
            style={{ width: w(130) }}
            data-testid="experts-filter-jurisdiction"
          />
          <Select
            allowClear
            placeholder={t('experts.availabilityLabel')}
            value={filters.availability}
            onChange={(v) => setFilter('availability', v)}
            options={AVAILABILITY.map((a) => ({ value: a, label: rl.availability(a) }))}
            optionRender={optionTestIds('experts-filter-availability-opt')}
            style={{ width: w(120) }}
            data-testid="experts-filter-availability"
          />
          <Input.Search
            allowClear
            placeholder={t('experts.disciplinePlaceholder')}
            value={discipline}
            onChange={(e) => {
              setDiscipline(e.target.value);
              if (!e.target.value) setFilter('discipline', undefined);
            }}
            onSearch={(v) => setFilter('discipline', v.trim().slice(0, 7))}
            style={{ width: isPhone ? '100%' : 170 }}
            data-testid="experts-filter-discipline"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} data-testid="experts-refresh" />
          </Tooltip>
          <Button
            onClick={() => {
              setFilters({});
              setQ('');
              setDiscipline('');
              table.reset();
            }}
            data-testid="experts-filter-reset"
          >
            {t('common.reset')}
          </Button>
        </Flex>
        <div data-testid="experts-table">
          <Table<Expert>
            rowKey="userId"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            onChange={table.onChange}
            showSorterTooltip={{ target: 'sorter-icon' }}
            onRow={(e) => rowTestId('expert-row', e.userId)}
            scroll={{ x: isPhone ? undefined : 950 }}
            pagination={table.pagination(list.data?.total)}
          />
        </div>
      </Card>
      <Drawer open={!!open} onClose={() => setOpen(null)} title={open?.name} size={isPhone ? '100%' : 560} destroyOnHidden data-testid="expert-drawer">
        {open ? <ExpertDetailBody id={open.userId} /> : null}
      </Drawer>
    </div>
  );
}

function ExpertDetailBody(props: { id: number }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const rl = useResearchLabels();
  const e = useQuery({ queryKey: ['expert', props.id], queryFn: ({ signal }) => expertsApi.get(props.id, signal) });
  if (!e.data) return <Skeleton active />;
  const x = e.data;
  return (
    <Flex vertical gap={16}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('experts.organization')}>{x.organizationName}</Descriptions.Item>
        <Descriptions.Item label={t('experts.jurisdiction')}>{labels.jurisdiction(x.jurisdictionCode)}</Descriptions.Item>
        <Descriptions.Item label={t('experts.titleLabel')}>{x.title || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('calls.disciplines')}>
          <DisciplineTags codes={x.disciplines} />
        </Descriptions.Item>
        <Descriptions.Item label={t('calls.keywords')}>
          <KeywordTags words={x.keywords} />
        </Descriptions.Item>
        <Descriptions.Item label={t('experts.availabilityLabel')}>{rl.availability(x.availability)}</Descriptions.Item>
        {x.bio ? <Descriptions.Item label={t('experts.bio')}>{x.bio}</Descriptions.Item> : null}
      </Descriptions>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('experts.relations')}
      </Typography.Title>
      {x.relations.length ? <RelationsTable relations={x.relations} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('experts.noRelationsVisible')} />}
    </Flex>
  );
}
