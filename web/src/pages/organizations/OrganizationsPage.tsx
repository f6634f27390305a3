// The organisation directory: server-side paging, filters and sorting; create/edit/delete by
// rights; import with a dry run; export and templates.
import { useState } from 'react';
import { Button, Flex, Popconfirm, Tag, Typography, type TableProps } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { ListPage, timeColumn } from '../../components/ListPage';
import { useFeedback } from '../../components/feedback';
import { organizationsApi, type Organization } from '../../api/organizations';
import { OrganizationFormModal } from './OrganizationFormModal';

const PARAMS = { q: 'string', jurisdiction: 'string', type: 'string', tier: 'string', status: 'string' } as const;

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
  const [editing, setEditing] = useState<Organization | null>(null);
  const [formOpen, setFormOpen] = useState(false);

  const invalidate = () => qc.invalidateQueries({ queryKey: ['organizations'] });

  const remove = useMutation({
    mutationFn: (org: Organization) => organizationsApi.remove(org.id),
    onSuccess: () => {
      fb.success(t('common.deleted'));
      void invalidate();
    },
    onError: (err) => fb.error(err),
  });

  const columns: TableProps<Organization>['columns'] = [
    {
      key: 'name',
      dataIndex: 'name',
      title: t('org.name'),
      sorter: true,
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
    timeColumn('createdAt', t('common.createdAt'), { sorter: true, width: 135, responsive: ['sm'] }),
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
                <Button size="small" type="link" danger icon={<DeleteOutlined />} data-testid={`org-delete-${org.id}`} aria-label={t('common.delete')}>
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
    <ListPage<Organization, typeof PARAMS>
      testId="org-page"
      title={t('org.title')}
      subtitle={t('org.subtitle')}
      create={
        access.canCreateOrganization && {
          label: t('org.create'),
          testId: 'org-create',
          onClick: () => {
            setEditing(null);
            setFormOpen(true);
          },
        }
      }
      imports={access.canImportOrganizations && { endpoint: '/organizations/import', title: t('org.importTitle'), onImported: () => void invalidate() }}
      exports={{ base: '/organizations', fileBase: 'organizations', showTemplate: access.canImportOrganizations }}
      testPrefix="org"
      queryKey={['organizations']}
      fetch={organizationsApi.list}
      params={PARAMS}
      filters={[
        { kind: 'search', key: 'q', placeholder: t('org.searchPlaceholder') },
        {
          kind: 'select',
          key: 'jurisdiction',
          placeholder: t('org.jurisdiction'),
          options: values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) })),
        },
        {
          kind: 'select',
          key: 'type',
          placeholder: t('org.type'),
          width: 150,
          wideOptions: true,
          options: values.orgTypes.map((v) => ({ value: v, label: labels.orgType(v) })),
        },
        {
          kind: 'select',
          key: 'tier',
          placeholder: t('org.tier'),
          width: 160,
          wideOptions: true,
          options: values.tiers.map((v) => ({ value: v, label: labels.tier(v) })),
        },
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          width: 110,
          options: (['active', 'inactive'] as const).map((v) => ({ value: v, label: labels.orgStatus(v) })),
        },
      ]}
      columns={columns}
      rowKey="id"
      rowTestId="org-row"
      scrollX={1065}
      phoneScroll
    >
      <OrganizationFormModal
        open={formOpen}
        org={editing}
        onClose={() => setFormOpen(false)}
        onSaved={() => {
          setFormOpen(false);
          void invalidate();
        }}
      />
    </ListPage>
  );
}
