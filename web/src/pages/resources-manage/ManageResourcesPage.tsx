// The manager's console: my organisation's resources (drafts included; a platform admin sees the
// whole published catalogue) with register / edit / import / export, and for the resource picked
// tabs for approvals and bookings, training, closures, access requests and usage. A member who
// manages resources sees the ones they manage (managed=true), drafts included.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Result, Skeleton, Tabs, Tag, Typography, type TableProps } from 'antd';
import { EditOutlined, EyeOutlined, PlusOutlined, SettingOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { ExportButtons } from '../../components/ExportButtons';
import { ImportModal } from '../../components/ImportModal';
import { PageHeader } from '../../components/PageHeader';
import { OrganizationSelect } from '../../components/OrganizationSelect';
import { ListPage } from '../../components/ListPage';
import { BOOKABLE_KINDS, RESOURCE_KINDS, resourcesApi, type CatalogueItem, type CatalogueQuery, type Resource } from '../../api/resources';
import { KindTag, PriceLine, StatusTag } from '../../components/resources/tags';
import { AccessTab } from './AccessTab';
import { BookingsTab } from './BookingsTab';
import { ClosuresTab } from './ClosuresTab';
import { ResourceFormModal } from './ResourceFormModal';
import { TrainingTab } from './TrainingTab';
import { UsageTab } from './UsageTab';

type TabKey = 'bookings' | 'training' | 'closures' | 'access' | 'usage';

export default function ManageResourcesPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const selectedId = Number(params.get('resource')) || null;
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<Resource | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const panelRef = useRef<HTMLDivElement>(null);
  const isPhone = useIsPhone();

  const select = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('resource', String(id));
    else next.delete('resource');
    next.delete('tab');
    setParams(next);
  };
  useEffect(() => {
    if (selectedId && isPhone) panelRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [selectedId, isPhone]);

  const selected = useQuery({
    queryKey: ['resource', selectedId],
    queryFn: ({ signal }) => resourcesApi.get(selectedId!, signal),
    enabled: !!selectedId,
  });

  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: ['resources', 'manage'] });
    void qc.invalidateQueries({ queryKey: ['catalogue'] });
    void qc.invalidateQueries({ queryKey: ['resource'] });
  };

  // Organisation and platform admins list their organisation's (or the whole) catalogue; anyone
  // else lists the resources they are the designated manager of, when there are any.
  const managedOnly = !access.resourcesManage;
  const managedCount = useQuery({
    queryKey: ['resources', 'manage', 'managed-count'],
    queryFn: ({ signal }) => resourcesApi.search({ managed: true, facets: false, pageSize: 1 }, signal),
    enabled: managedOnly,
  });
  const lister = access.resourcesManage || (managedCount.data?.total ?? 0) > 0;

  return (
    <div data-testid="manage-page">
      <PageHeader
        title={t('manage.title')}
        subtitle={t('manage.subtitle')}
        extra={
          access.canRegisterResources ? (
            <>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                data-testid="manage-create"
                onClick={() => {
                  setEditing(null);
                  setFormOpen(true);
                }}
              >
                {t('manage.create')}
              </Button>
              <Button icon={<UploadOutlined />} data-testid="manage-import" onClick={() => setImportOpen(true)}>
                {t('common.import')}
              </Button>
              <ExportButtons base="/resources" query={{}} fileBase="resources" testPrefix="manage" />
            </>
          ) : null
        }
      />

      {lister ? (
        <ResourceList
          selectedId={selectedId}
          managedOnly={managedOnly}
          onSelect={select}
          onEdit={(r) => {
            setEditing(r);
            setFormOpen(true);
          }}
        />
      ) : managedCount.isSuccess ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('manage.noneManaged')} data-testid="manage-member-hint" />
      ) : null}

      <div ref={panelRef} style={{ scrollMarginTop: 72 }}>
        {!selectedId ? (
          lister ? (
            <Card>
              <Empty description={t('manage.pick')} data-testid="manage-pick" />
            </Card>
          ) : null
        ) : selected.isError ? (
          <Result
            status={selected.error instanceof ApiError && selected.error.status === 404 ? '404' : 'error'}
            title={selected.error instanceof ApiError ? selected.error.problem.title : t('error.generic')}
            subTitle={selected.error instanceof ApiError ? selected.error.problem.detail : undefined}
          />
        ) : !selected.data ? (
          <Card>
            <Skeleton active />
          </Card>
        ) : !access.canOperateResource(selected.data) ? (
          <Result status="403" title={t('common.notAllowed')} subTitle={t('common.notAllowedDetail')} data-testid="manage-not-operator" />
        ) : (
          <ResourcePanel
            resource={selected.data}
            onEdit={() => {
              setEditing(selected.data);
              setFormOpen(true);
            }}
          />
        )}
      </div>

      <ResourceFormModal
        open={formOpen}
        resource={editing}
        onClose={() => setFormOpen(false)}
        onSaved={(r) => {
          setFormOpen(false);
          qc.setQueryData(['resource', r.id], r);
          invalidate();
          select(r.id);
        }}
      />
      <ImportModal
        open={importOpen}
        title={t('manage.importTitle')}
        endpoint="/resources/import"
        onClose={() => setImportOpen(false)}
        onImported={invalidate}
      />
    </div>
  );
}

const LIST_PARAMS = { q: 'string', kind: 'string', ownerOrgId: 'number' } as const;

function ResourceList(props: { selectedId: number | null; managedOnly: boolean; onSelect: (id: number) => void; onEdit: (r: Resource) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { data: me } = useMe();
  const isPhone = useIsPhone();
  const platform = me?.role === 'platform_admin';
  const [loadingEdit, setLoadingEdit] = useState<number | null>(null);

  const scope: Pick<CatalogueQuery, 'mine' | 'managed'> = props.managedOnly ? { managed: true } : platform ? {} : { mine: true };

  const edit = async (item: CatalogueItem) => {
    setLoadingEdit(item.id);
    try {
      props.onEdit(await resourcesApi.get(item.id));
    } finally {
      setLoadingEdit(null);
    }
  };

  const actionsOf = (r: CatalogueItem) => (
    <Flex gap={4} wrap>
      <Button
        size="small"
        type={props.selectedId === r.id ? 'primary' : 'default'}
        icon={<SettingOutlined />}
        onClick={(e) => {
          e.stopPropagation();
          props.onSelect(r.id);
        }}
        data-testid={`manage-select-${r.id}`}
      >
        {t('manage.open')}
      </Button>
      <Button
        size="small"
        icon={<EditOutlined />}
        loading={loadingEdit === r.id}
        onClick={(e) => {
          e.stopPropagation();
          void edit(r);
        }}
        data-testid={`manage-edit-${r.id}`}
        aria-label={t('common.edit')}
      >
        {t('common.edit')}
      </Button>
      <Link to={`/resources/${r.id}`} onClick={(e) => e.stopPropagation()} data-testid={`manage-view-${r.id}`} aria-label={t('catalogue.details')}>
        <Button size="small" type="text" icon={<EyeOutlined />} />
      </Link>
    </Flex>
  );

  const columns: TableProps<CatalogueItem>['columns'] = [
    {
      key: 'name',
      title: t('resourceForm.name'),
      sorter: true,
      // By name (A→Z) or, unsorted, the newest first; a search sorts by relevance.
      sortDirections: ['ascend'],
      render: (_: unknown, r) => (
        <Flex vertical gap={2} align="flex-start">
          <Flex gap={6} align="center" wrap>
            <KindTag kind={r.kind} />
            <Typography.Text strong data-testid={`manage-resource-name-${r.id}`}>
              {r.name}
            </Typography.Text>
            {r.status !== 'published' ? <StatusTag status={r.status} label={labels.resourceStatus(r.status)} /> : null}
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} className="mono">
            {r.identifier}
          </Typography.Text>
          {platform ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.ownerName}
            </Typography.Text>
          ) : null}
          {/* Phones: the actions sit under the name instead of in a column off to the side. */}
          {isPhone ? actionsOf(r) : null}
        </Flex>
      ),
    },
    {
      key: 'place',
      title: t('resource.city'),
      width: 130,
      responsive: ['md'],
      render: (_: unknown, r) => `${r.city ? `${r.city} · ` : ''}${labels.jurisdiction(r.jurisdictionCode)}`,
    },
    {
      key: 'price',
      title: t('resource.fees'),
      width: 260,
      responsive: ['lg'],
      render: (_: unknown, r) => (
        <PriceLine
          modes={r.serviceModes}
          startupFeeFen={r.startupFeeFen}
          hourlyFeeFen={r.hourlyFeeFen}
          perSampleFen={r.perSampleFen}
          bookable={BOOKABLE_KINDS.includes(r.kind)}
        />
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 230,
      responsive: ['sm'],
      render: (_: unknown, r) => actionsOf(r),
    },
  ];

  return (
    <Card
      title={platform ? t('manage.allResources') : props.managedOnly ? t('manage.managedList') : t('manage.list')}
      style={{ marginBottom: 16 }}
      styles={{ body: { padding: 16 } }}
      data-testid="manage-resources"
    >
      <ListPage<CatalogueItem, typeof LIST_PARAMS>
        testPrefix="manage-resources"
        queryKey={['resources', 'manage']}
        fetch={(q, signal) => resourcesApi.search({ ...q, ...scope, facets: false, sort: q.q ? 'relevance' : q.sort === 'name' ? 'name' : 'newest' }, signal)}
        params={LIST_PARAMS}
        pageSize={10}
        pageSizes={[10, 20, 50]}
        filters={[
          { kind: 'search', key: 'q', testId: 'manage-filter-q', placeholder: t('catalogue.searchPlaceholder'), width: 260 },
          {
            kind: 'select',
            key: 'kind',
            testId: 'manage-filter-kind',
            placeholder: t('catalogue.kind'),
            width: 160,
            wideOptions: true,
            options: RESOURCE_KINDS.map((k) => ({ value: k, label: labels.resourceKind(k) })),
          },
          platform && {
            kind: 'custom',
            key: 'ownerOrgId',
            testId: 'manage-filter-owner',
            render: ({ value, onChange, style, testId }) => (
              <OrganizationSelect
                aria-label={t('resource.owner')}
                allowClear
                placeholder={t('resource.owner')}
                value={value as number | undefined}
                onChange={(id) => onChange(id)}
                testId={testId}
                style={{ ...style, width: isPhone ? 'calc(50% - 4px)' : 240 }}
              />
            ),
          },
        ]}
        refresh={false}
        reset={false}
        columns={columns}
        rowKey="id"
        rowTestId="manage-resource-row"
        onRow={(r) => ({ onClick: () => props.onSelect(r.id), style: { cursor: 'pointer', background: props.selectedId === r.id ? '#e6f0ff' : undefined } })}
      />
    </Card>
  );
}

function ResourcePanel(props: { resource: Resource; onEdit: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [params, setParams] = useSearchParams();
  const r = props.resource;
  const bookable = BOOKABLE_KINDS.includes(r.kind);
  const tabs: TabKey[] = bookable ? ['bookings', 'training', 'closures', 'access', 'usage'] : ['access'];
  const asked = params.get('tab') as TabKey | null;
  const tab: TabKey = asked && tabs.includes(asked) ? asked : tabs[0];
  const setTab = (k: string) => {
    const next = new URLSearchParams(params);
    next.set('tab', k);
    setParams(next, { replace: true });
  };

  const content = (k: TabKey) => {
    switch (k) {
      case 'bookings':
        return <BookingsTab resourceId={r.id} />;
      case 'training':
        return <TrainingTab resourceId={r.id} />;
      case 'closures':
        return <ClosuresTab resourceId={r.id} />;
      case 'access':
        return <AccessTab resourceId={r.id} />;
      case 'usage':
        return <UsageTab resourceId={r.id} />;
    }
  };

  return (
    <Card
      data-testid="manage-panel"
      data-resource-id={r.id}
      styles={{ body: { paddingTop: 4 } }}
      title={
        <Flex gap={8} align="center" wrap style={{ padding: '8px 0' }}>
          <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
            {t('manage.selected')}
          </Typography.Text>
          <KindTag kind={r.kind} />
          <Link to={`/resources/${r.id}`} data-testid="manage-panel-name" style={{ whiteSpace: 'normal' }}>
            {r.name}
          </Link>
          {r.status !== 'published' ? <Tag>{labels.resourceStatus(r.status)}</Tag> : null}
        </Flex>
      }
      extra={
        <Button icon={<EditOutlined />} onClick={props.onEdit} data-testid="manage-panel-edit">
          {t('common.edit')}
        </Button>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={tabs.map((k) => ({
          key: k,
          label: <span data-testid={`manage-tab-${k}`}>{t(`manage.tabs.${k}`)}</span>,
          children: content(k),
        }))}
      />
    </Card>
  );
}
