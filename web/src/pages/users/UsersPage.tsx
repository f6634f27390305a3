// Users: server-side paging, filters and sorting; create/edit/unlock by rights; import/export.
import { useState } from 'react';
import { Button, Card, Flex, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { EditOutlined, LockOutlined, PlusOutlined, ReloadOutlined, UnlockOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { roleColor } from '../../app/layout/BasicLayout';
import { useLabels, useOptionValues } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatTime, isFuture } from '../../app/time';
import { ExportButtons } from '../../components/ExportButtons';
import { ImportModal } from '../../components/ImportModal';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { optionTestIds, rowTestId } from '../../components/testids';
import { usersApi, type User, type UserQuery } from './api';
import { OrganizationSelect } from './OrganizationSelect';
import { UserFormModal } from './UserFormModal';

type Filters = Pick<UserQuery, 'q' | 'organizationId' | 'jurisdiction' | 'role' | 'status'>;
const SORTABLE = ['username', 'createdAt'] as const;

export default function UsersPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const { data: me } = useMe();
  const labels = useLabels();
  const values = useOptionValues();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const w = (desktop: number) => (isPhone ? 'calc(50% - 4px)' : desktop);

  const [filters, setFilters] = useState<Filters>({});
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [sort, setSort] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<User | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);

  const query: UserQuery = { ...filters, page, pageSize, sort };
  const list = useQuery({
    queryKey: ['users', query],
    queryFn: ({ signal }) => usersApi.list(query, signal),
    placeholderData: keepPreviousData,
  });
  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: ['users'] });
    void qc.invalidateQueries({ queryKey: ['organizations'] });
  };

  const unlock = useMutation({
    mutationFn: (u: User) => usersApi.unlock(u.id),
    onSuccess: (u) => {
      fb.success(t('user.unlocked', { name: u.username }));
      invalidate();
    },
    onError: (err) => fb.error(err),
  });

  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    setFilters((f) => ({ ...f, [key]: value || undefined }));
    setPage(1);
  };
  const sortOrder = (field: string) => (sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null);

  const onChange: TableProps<User>['onChange'] = (pagination, _filters, sorter, extra) => {
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

  const canManage = (u: User) => access.canManageUser(u);

  const columns: TableProps<User>['columns'] = [
    {
      key: 'username',
      dataIndex: 'username',
      title: t('user.username'),
      sorter: true,
      sortOrder: sortOrder('username'),
      width: isPhone ? 160 : 180,
      fixed: isPhone ? undefined : 'left',
      render: (v: string, u) => (
        <Flex vertical align="flex-start">
          <Typography.Text strong data-testid={`user-username-${u.id}`}>
            {v}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {u.displayName}
          </Typography.Text>
          {isPhone ? (
            // On phones the organisation and status columns are folded in here.
            <>
              <Typography.Text style={{ fontSize: 12 }}>{u.organizationName}</Typography.Text>
              {u.status !== 'active' ? <Tag>{labels.userStatus(u.status)}</Tag> : null}
              {isFuture(u.lockedUntil) ? (
                <Tag color="error" icon={<LockOutlined />}>
                  {t('user.locked')}
                </Tag>
              ) : null}
            </>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'email',
      dataIndex: 'email',
      title: t('user.email'),
      width: 170,
      responsive: ['sm'],
      ellipsis: true,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'organization',
      dataIndex: 'organizationName',
      title: t('user.organization'),
      width: 210,
      responsive: ['sm'],
      render: (v: string, u) => (
        <Flex vertical>
          <span>{v}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.jurisdiction(u.organizationJurisdiction)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'role',
      dataIndex: 'role',
      title: t('user.role'),
      width: isPhone ? 100 : 140,
      render: (v: string, u) => (
        <Flex vertical gap={2} align="flex-start">
          <Tag color={roleColor(v)}>{labels.role(v)}</Tag>
          {v === 'jurisdiction_admin' && u.departmentId ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {labels.department(u.departmentId)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('common.status'),
      width: 100,
      responsive: ['sm'],
      render: (v: string, u) => (
        <Flex vertical gap={2} align="flex-start">
          <Tag color={v === 'active' ? 'success' : 'default'}>{labels.userStatus(v)}</Tag>
          {isFuture(u.lockedUntil) ? (
            <Tooltip title={t('user.lockedUntil', { time: formatTime(u.lockedUntil) })}>
              <Tag color="error" icon={<LockOutlined />} data-testid={`user-locked-${u.id}`}>
                {t('user.locked')}
              </Tag>
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
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
      width: isPhone ? 56 : 110,
      fixed: isPhone ? undefined : 'right',
      render: (_: unknown, u) =>
        canManage(u) ? (
          <Flex gap={0} vertical align="flex-start">
            <Button
              size="small"
              type="link"
              icon={<EditOutlined />}
              data-testid={`user-edit-${u.id}`}
              aria-label={t('common.edit')}
              onClick={() => {
                setEditing(u);
                setFormOpen(true);
              }}
            >
              {isPhone ? null : t('common.edit')}
            </Button>
            {isFuture(u.lockedUntil) ? (
              <Button
                size="small"
                type="link"
                icon={<UnlockOutlined />}
                data-testid={`user-unlock-${u.id}`}
                loading={unlock.isPending && unlock.variables?.id === u.id}
                aria-label={t('user.unlock')}
                onClick={() => unlock.mutate(u)}
              >
                {isPhone ? null : t('user.unlock')}
              </Button>
            ) : null}
          </Flex>
        ) : null,
    },
  ];

  const jurisdictionFilter = me?.role === 'platform_admin';

  return (
    <div data-testid="user-page">
      <PageHeader
        title={t('user.title')}
        subtitle={t('user.subtitle')}
        extra={
          <>
            {access.canCreateUsers ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                data-testid="user-create"
                onClick={() => {
                  setEditing(null);
                  setFormOpen(true);
                }}
              >
                {t('user.create')}
              </Button>
            ) : null}
            {access.canImportUsers ? (
              <Button icon={<UploadOutlined />} data-testid="user-import" onClick={() => setImportOpen(true)}>
                {t('common.import')}
              </Button>
            ) : null}
            <ExportButtons base="/users" query={filters} fileBase="users" testPrefix="user" showTemplate={access.canImportUsers} />
          </>
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="user-filters">
          <Input.Search
            allowClear
            placeholder={t('user.searchPlaceholder')}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              if (!e.target.value) setFilter('q', undefined);
            }}
            onSearch={(v) => setFilter('q', v.trim())}
            style={{ width: isPhone ? '100%' : 220 }}
            data-testid="user-filter-q"
          />
          {me?.role !== 'org_admin' ? (
            <OrganizationSelect
              testId="user-filter-org"
              allowClear
              placeholder={t('user.organization')}
              value={filters.organizationId}
              jurisdiction={me?.role === 'jurisdiction_admin' ? (me.jurisdictionCode ?? undefined) : filters.jurisdiction}
              onChange={(id) => setFilter('organizationId', id)}
              style={{ width: isPhone ? '100%' : 220 }}
            />
          ) : null}
          {jurisdictionFilter ? (
            <Select
              allowClear
              placeholder={t('user.orgJurisdiction')}
              value={filters.jurisdiction}
              onChange={(v) => setFilter('jurisdiction', v)}
              options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
              optionRender={optionTestIds('user-filter-jurisdiction-opt')}
              style={{ width: w(130) }}
              data-testid="user-filter-jurisdiction"
            />
          ) : null}
          <Select
            allowClear
            placeholder={t('user.role')}
            value={filters.role}
            onChange={(v) => setFilter('role', v)}
            options={values.roles.map((r) => ({ value: r, label: labels.role(r) }))}
            optionRender={optionTestIds('user-filter-role-opt')}
            style={{ width: w(150) }}
            popupMatchSelectWidth={false}
            data-testid="user-filter-role"
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            value={filters.status}
            onChange={(v) => setFilter('status', v)}
            options={(['active', 'disabled'] as const).map((v) => ({ value: v, label: labels.userStatus(v) }))}
            optionRender={optionTestIds('user-filter-status-opt')}
            style={{ width: w(110) }}
            data-testid="user-filter-status"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} data-testid="user-refresh" aria-label={t('common.refresh')} />
          </Tooltip>
          <Button
            onClick={() => {
              setFilters({});
              setQ('');
              setSort(undefined);
              setPage(1);
            }}
            data-testid="user-filter-reset"
          >
            {t('common.reset')}
          </Button>
        </Flex>
        <div data-testid="user-table">
          <Table<User>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            onChange={onChange}
            showSorterTooltip={{ target: 'sorter-icon' }}
            onRow={(u) => rowTestId('user-row', u.id)}
            scroll={{ x: isPhone ? 'max-content' : 1045 }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => <span data-testid="user-total">{t('common.total', { total })}</span>,
            }}
          />
        </div>
      </Card>
      <UserFormModal
        open={formOpen}
        user={editing}
        onClose={() => setFormOpen(false)}
        onSaved={() => {
          setFormOpen(false);
          invalidate();
        }}
      />
      <ImportModal
        open={importOpen}
        title={t('user.importTitle')}
        endpoint="/users/import"
        onClose={() => setImportOpen(false)}
        onImported={invalidate}
      />
    </div>
  );
}
