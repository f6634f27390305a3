// The shared expert pool of the four jurisdictions: search by name or keyword, filter by
// jurisdiction, discipline (GB/T 13745 code prefix) and availability, sort, page. Administrators
// open an expert to see their declared relations (used for conflict-of-interest checks).
import { useState } from 'react';
import { Descriptions, Drawer, Empty, Flex, Skeleton, Typography, type TableProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { ListPage, timeColumn } from '../../components/ListPage';
import { AVAILABILITY, expertsApi, type Expert } from '../../api/calls';
import { DisciplineTags, KeywordTags, RStatusTag, useResearchLabels } from '../../components/research/tags';
import { RelationsTable } from './ExpertProfilePage';

const PARAMS = { q: 'string', jurisdiction: 'string', availability: 'string', discipline: 'string' } as const;

export default function ExpertsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const rl = useResearchLabels();
  const values = useOptionValues();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState<Expert | null>(null);

  const columns: TableProps<Expert>['columns'] = [
    {
      key: 'name',
      title: t('experts.name'),
      sorter: true,
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
    {
      key: 'availability',
      title: t('experts.availabilityLabel'),
      width: 100,
      responsive: ['sm'],
      render: (_: unknown, e) => <RStatusTag status={e.availability} label={rl.availability(e.availability)} testId={`expert-availability-${e.userId}`} />,
    },
    timeColumn('updatedAt', t('common.updatedAt'), { sorter: true, responsive: ['lg'] }),
  ];

  return (
    <ListPage<Expert, typeof PARAMS>
      testId="experts-page"
      title={t('experts.poolTitle')}
      subtitle={t('experts.poolSubtitle')}
      testPrefix="experts"
      queryKey={['experts']}
      fetch={expertsApi.list}
      params={PARAMS}
      defaultSort="name"
      filters={[
        { kind: 'search', key: 'q', placeholder: t('experts.searchPlaceholder'), width: 220 },
        {
          kind: 'select',
          key: 'jurisdiction',
          placeholder: t('experts.jurisdiction'),
          options: values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) })),
        },
        {
          kind: 'select',
          key: 'availability',
          placeholder: t('experts.availabilityLabel'),
          width: 120,
          options: AVAILABILITY.map((a) => ({ value: a, label: rl.availability(a) })),
        },
        { kind: 'search', key: 'discipline', placeholder: t('experts.disciplinePlaceholder'), width: 170, normalize: (v) => v.trim().slice(0, 7) || undefined },
      ]}
      columns={columns}
      rowKey="userId"
      rowTestId="expert-row"
      scrollX={950}
    >
      <Drawer open={!!open} onClose={() => setOpen(null)} title={open?.name} size={isPhone ? '100%' : 560} destroyOnHidden data-testid="expert-drawer">
        {open ? <ExpertDetailBody id={open.userId} /> : null}
      </Drawer>
    </ListPage>
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
      {x.relations.length ? (
        <RelationsTable relations={x.relations} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('experts.noRelationsVisible')} />
      )}
    </Flex>
  );
}
