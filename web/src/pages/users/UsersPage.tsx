// Users: server-side paging, filters and sorting; create/edit/unlock by rights; import/export.
import { useState } from 'react';
import { Button, Flex, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { EditOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { roleColor } from '../../components/roles';
import { useLabels, useOptionValues } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatTime, isFuture } from '../../app/time';
import { ListPage, timeColumn } from '../../components/ListPage';
import { useFeedback } from '../../components/feedback';
import { usersApi, type User } from '../../api/users';
import { OrganizationSelect } from '../../components/OrganizationSelect';
import { UserFormModal } from './UserFormModal';
import { InvitationsCard } from './InvitationsCard';

const PARAMS = { q: 'string', organizationId: 'number', jurisdiction: 'string', role: 'string', status: 'string' } as const;

export default function UsersPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const { data: me } = useMe();
  const labels = useLabels();
  const values = useOptionValues();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [editing, setEditing] = useState<User | null>(null);
  const [formOpen, setFormOpen] = useState(false);

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

  const canManage = (u: User) => access.canManageUser(u);

  const columns: TableProps<User>['columns'] = [
    {
      key: 'username',
      dataIndex: 'username',
      title: t('user.username'),
      sorter: true,
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
    timeColumn('createdAt', t('common.createdAt'), { sorter: true, width: 135, responsive: ['sm'] }),
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
    <ListPage<User, typeof PARAMS>
      testId="user-page"
      title={t('user.title')}
      subtitle={t('user.subtitle')}
      create={
        access.canCreateUsers && {
          label: t('user.create'),
          testId: 'user-create',
          onClick: () => {
            setEditing(null);
            setFormOpen(true);
          },
        }
      }
      imports={access.canImportUsers && { endpoint: '/users/import', title: t('user.importTitle'), onImported: invalidate }}
      exports={{ base: '/users', fileBase: 'users', showTemplate: access.canImportUsers }}
      testPrefix="user"
      queryKey={['users']}
      fetch={usersApi.list}
      params={PARAMS}
      filters={[
        { kind: 'search', key: 'q', placeholder: t('user.searchPlaceholder'), width: 220 },
        me?.role !== 'org_admin' && {
          kind: 'custom',
          key: 'organizationId',
          testId: 'user-filter-org',
          render: ({ value, values: f, onChange, testId }) => (
            <OrganizationSelect
              aria-label={t('user.organization')}
              testId={testId}
              allowClear
              placeholder={t('user.organization')}
              value={value as number | undefined}
              jurisdiction={me?.role === 'jurisdiction_admin' ? (me.jurisdictionCode ?? undefined) : (f.jurisdiction as string | undefined)}
              onChange={(id) => onChange(id)}
              style={{ width: isPhone ? '100%' : 220 }}
            />
          ),
        },
        jurisdictionFilter && {
          kind: 'select',
          key: 'jurisdiction',
          placeholder: t('user.orgJurisdiction'),
          options: values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) })),
        },
        {
          kind: 'select',
          key: 'role',
          placeholder: t('user.role'),
          width: 150,
          wideOptions: true,
          options: values.roles.map((r) => ({ value: r, label: labels.role(r) })),
        },
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          width: 110,
          options: (['active', 'disabled', 'pending'] as const).map((v) => ({ value: v, label: labels.userStatus(v) })),
        },
      ]}
      columns={columns}
      rowKey="id"
      rowTestId="user-row"
      scrollX={1045}
      phoneScroll
      footer={me?.role === 'org_admin' ? <InvitationsCard orgId={me.organization.id} /> : null}
    >
      <UserFormModal
        open={formOpen}
        user={editing}
        onClose={() => setFormOpen(false)}
        onSaved={() => {
          setFormOpen(false);
          invalidate();
        }}
      />
    </ListPage>
  );
}
