// The organisation directory: server-side paging, filters and sorting; create/edit/delete by
// rights; import with a dry run; export and templates.
import { useState } from 'react';
import { Button, Card, Flex, Input, Popconfirm, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatTime } from '../../app/time';
import { ExportButtons } from '../../components/ExportButtons';
import { ImportModal } from '../../components/ImportModal';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { optionTestIds, rowTestId } from '../../components/testids';
import { organizationsApi, type Organization, type OrganizationQuery } from './api';
import { OrganizationFormModal } from './OrganizationFormModal';

type Filters = Pick<OrganizationQuery, 'q' | 'jurisdiction' | 'type' | 'tier' | 'status'>;
const SORTABLE = ['name', 'createdAt', 'uscc'] as const;

const TYPE_COLORS: Record<string, string> = {
  enterprise: 'blue',
  university: 'purple',
  research_institute: 'cyan',
  service_institution: 'green',
  government_department: 'volcano',
  financial_institution: 'gold',
};

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useLabels();
  const values = useOptionValues();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  /** Filter widths: two per row on phones. */
  const w = (desktop: number) => (isPhone ? 'calc(50% - 4px)' : desktop);

  const [filters, setFilters] = useState<Filters>({});
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [sort, setSort] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<Organization | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);

  const query: OrganizationQuery = { ...filters, page, pageSize, sort };
  const list = useQuery({
    queryKey: ['organizations', query],
    queryFn: ({ signal }) => organizationsApi.list(query, signal),
    placeholderData: keepPreviousData,
  });

  const invalidate = () => qc.invalidateQueries({ queryKey: ['organizations'] });

  const remove = useMutation({
    mutationFn: (org: Organization) => organizationsApi.remove(org.id),
    onSuccess: () => {
      fb.success(t('common.deleted'));
      void invalidate();
    },
    onError: (err) => fb.error(err),
  });

  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    setFilters((f) => ({ ...f, [key]: value || undefined }));
    setPage(1);
  };

  const sortOrder = (field: string) => (sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null);

  const onChange: TableProps<Organization>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const field = String(s?.columnKey ?? s?.field ?? '');
      if (s?.order && (SORTABLE as readonly string[]).includes(field)) setSort(s.order === 'descend' ? `-${field}` : field);
      else setSort(undefined);
      setPage(1);
    } else {
      setPage(pagination.current ?? 1);
      setPageSize(pagination.pageSize ?? 20);
    }
  };

  const columns: TableProps<Organization>['columns'] = [
    {
      key: 'name',
      dataIndex: 'name',
      title: t('org.name'),
      sorter: true,
      sortOrder: sortOrder('name'),
      width: isPhone ? 170 : 200,
      fixed: isPhone ? undefined : 'left',
      render: (name: string, org) => (
        <Flex vertical align="flex-start" gap={2}>
          <Typography.Text strong data-testid={`org-name-${org.id}`}>
            {name}
          </Typography.Text>
          {isPhone ? (
            // On phones the type column is folded in here.
            <Flex wrap gap={4} align="center">
              <Tag color={TYPE_COLORS[org.type] ?? 'default'} style={{ marginInlineEnd: 0 }}>
                {labels.orgType(org.type)}
              </Tag>
              {org.status !== 'active' ? <Tag style={{ marginInlineEnd: 0 }}>{labels.orgStatus(org.status)}</Tag> : null}
              {org.city ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {org.city}
                </Typography.Text>
              ) : null}
            </Flex>
          ) : org.city ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {org.city}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'uscc',
      dataIndex: 'uscc',
      title: t('org.uscc'),
      sorter: true,
      sortOrder: sortOrder('uscc'),
      width: 170,
      responsive: ['sm'],
      render: (v: string) => <code>{v}</code>,
    },
    {
      key: 'type',
      dataIndex: 'type',
      title: t('org.type'),
      width: 165,
      responsive: ['sm'],
      render: (v: string, org) => (
        <Flex vertical gap={2} align="flex-start">
          <Tag color={TYPE_COLORS[v] ?? 'default'}>{labels.orgType(v)}</Tag>
          {org.tier ? <Typography.Text style={{ fontSize: 12 }}>{labels.tier(org.tier)}</Typography.Text> : null}
          {org.departmentId ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {labels.department(org.departmentId)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'jurisdiction',
      dataIndex: 'jurisdictionCode',
      title: t('org.jurisdiction'),
      width: isPhone ? 70 : 105,
      render: (v: string) => labels.jurisdiction(v),
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('common.status'),
      width: 80,
      responsive: ['sm'],
      render: (v: string) => <Tag color={v === 'active' ? 'success' : 'default'}>{labels.orgStatus(v)}</Tag>,
    },
    { key: 'userCount', dataIndex: 'userCount', title: t('org.userCount'), width: 70, align: 'right', responsive: ['sm'] },
    {
      key: 'createdAt',
      dataIndex: 'createdAt',
      title: t('common.createdAt'),
      sorter: true,
      sortOrder: sortOrder('createdAt'),
      width: 135,
      responsive: ['sm'],
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(v)}</span>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: isPhone ? 64 : 140,
      fixed: isPhone ? undefined : 'right',
      render: (_: unknown, org) =>
        access.canEditOrganization(org) ? (
          <Flex gap={0} wrap={isPhone}>
            <Button
              size="small"
              type="link"
              icon={<EditOutlined />}
              data-testid={`org-edit-${org.id}`}
              aria-label={t('common.edit')}
              onClick={() => {
                setEditing(org);
                setFormOpen(true);
              }}
            >
              {isPhone ? null : t('common.edit')}
            </Button>
            {access.canDeleteOrganization(org) ? (
              <Popconfirm
                title={t('org.deleteTitle', { name: org.name })}
                description={t('common.deleteConfirm')}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true, 'data-testid': 'org-delete-confirm' }}
                onConfirm={() => remove.mutateAsync(org).catch(() => undefined)}
              >
                <Button
                  size="small"
                  type="link"
                  danger
                  icon={<DeleteOutlined />}
                  data-testid={`org-delete-${org.id}`}
                  aria-label={t('common.delete')}
                >
                  {isPhone ? null : t('common.delete')}
                </Button>
              </Popconfirm>
            ) : null}
          </Flex>
        ) : (
          <Tag data-testid={`org-readonly-${org.id}`}>{t('org.readOnly')}</Tag>
        ),
    },
  ];

  return (
    <div data-testid="org-page">
      <PageHeader
        title={t('org.title')}
        subtitle={t('org.subtitle')}
        extra={
          <>
            {access.canCreateOrganization ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                data-testid="org-create"
                onClick={() => {
                  setEditing(null);
                  setFormOpen(true);
                }}
              >
                {t('org.create')}
              </Button>
            ) : null}
            {access.canImportOrganizations ? (
              <Button icon={<UploadOutlined />} data-testid="org-import" onClick={() => setImportOpen(true)}>
                {t('common.import')}
              </Button>
            ) : null}
            <ExportButtons
              base="/organizations"
              query={filters}
              fileBase="organizations"
              testPrefix="org"
              showTemplate={access.canImportOrganizations}
            />
          </>
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="org-filters">
          <Input.Search
            allowClear
            placeholder={t('org.searchPlaceholder')}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              if (!e.target.value) setFilter('q', undefined);
            }}
            onSearch={(v) => setFilter('q', v.trim())}
            style={{ width: isPhone ? '100%' : 240 }}
            data-testid="org-filter-q"
          />
          <Select
            allowClear
            placeholder={t('org.jurisdiction')}
            value={filters.jurisdiction}
            onChange={(v) => setFilter('jurisdiction', v)}
            options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
            optionRender={optionTestIds('org-filter-jurisdiction-opt')}
            style={{ width: w(130) }}
            data-testid="org-filter-jurisdiction"
          />
          <Select
            allowClear
            placeholder={t('org.type')}
            value={filters.type}
            onChange={(v) => setFilter('type', v)}
            options={values.orgTypes.map((v) => ({ value: v, label: labels.orgType(v) }))}
            optionRender={optionTestIds('org-filter-type-opt')}
            style={{ width: w(150) }}
            popupMatchSelectWidth={false}
            data-testid="org-filter-type"
          />
          <Select
            allowClear
            placeholder={t('org.tier')}
            value={filters.tier}
            onChange={(v) => setFilter('tier', v)}
            options={values.tiers.map((v) => ({ value: v, label: labels.tier(v) }))}
            optionRender={optionTestIds('org-filter-tier-opt')}
            style={{ width: w(160) }}
            popupMatchSelectWidth={false}
            data-testid="org-filter-tier"
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            value={filters.status}
            onChange={(v) => setFilter('status', v)}
            options={(['active', 'inactive'] as const).map((v) => ({ value: v, label: labels.orgStatus(v) }))}
            optionRender={optionTestIds('org-filter-status-opt')}
            style={{ width: w(110) }}
            data-testid="org-filter-status"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} data-testid="org-refresh" aria-label={t('common.refresh')} />
          </Tooltip>
          <Button
            onClick={() => {
              setFilters({});
              setQ('');
              setSort(undefined);
              setPage(1);
            }}
            data-testid="org-filter-reset"
          >
            {t('common.reset')}
          </Button>
        </Flex>
        <div data-testid="org-table">
          <Table<Organization>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            onChange={onChange}
            showSorterTooltip={{ target: 'sorter-icon' }}
            onRow={(org) => rowTestId('org-row', org.id)}
            scroll={{ x: isPhone ? 'max-content' : 1065 }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => <span data-testid="org-total">{t('common.total', { total })}</span>,
            }}
          />
        </div>
      </Card>
      <OrganizationFormModal
        open={formOpen}
        org={editing}
        onClose={() => setFormOpen(false)}
        onSaved={() => {
          setFormOpen(false);
          void invalidate();
        }}
      />
      <ImportModal
        open={importOpen}
        title={t('org.importTitle')}
        endpoint="/organizations/import"
        onClose={() => setImportOpen(false)}
        onImported={() => void invalidate()}
      />
    </div>
  );
}
