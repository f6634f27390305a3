// Research-integrity records: administrators of every jurisdiction see all records (a record
// counts in all four); everyone else sees the records about themselves or their organisation.
// Filter by recording jurisdiction, state and subject type, search by subject, sort, page;
// administrators record their own jurisdiction's decisions.
import { useState } from 'react';
import { Badge, Button, Flex, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatDate } from '../../app/time';
import { ListPage, dateColumn, timeColumn } from '../../components/ListPage';
import { RStatusTag, useResearchLabels } from '../../components/research/tags';
import { RECORD_STATES, SUBJECT_TYPES, integrityApi, type IntegrityRecord } from './api';
import { RecordFormModal } from './RecordFormModal';

const PARAMS = { q: 'string', jurisdiction: 'string', state: 'string', subjectType: 'string' } as const;

export default function IntegrityPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useLabels();
  const rl = useResearchLabels();
  const values = useOptionValues();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [formOpen, setFormOpen] = useState(false);
  const canRecord = access.callJurisdictions === 'all' || access.callJurisdictions.length > 0;

  const columns: TableProps<IntegrityRecord>['columns'] = [
    {
      key: 'subject',
      title: t('integrity.subject'),
      sorter: true,
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
    dateColumn('effectiveAt', t('integrity.effectiveOn'), { sorter: true, responsive: ['lg'] }),
    dateColumn('endsAt', t('integrity.endsOn'), { sorter: true, responsive: ['sm'] }),
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
    timeColumn('createdAt', t('integrity.recordedAt'), { sorter: true, responsive: ['xl'] }),
  ];

  return (
    <ListPage<IntegrityRecord, typeof PARAMS>
      testId="integrity-page"
      title={t('integrity.title')}
      subtitle={access.adminJurisdiction || canRecord ? t('integrity.subtitleAdmin') : t('integrity.subtitle')}
      extra={
        canRecord ? (
          <Button type="primary" danger icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="integrity-create">
            {t('integrity.create')}
          </Button>
        ) : null
      }
      testPrefix="integrity"
      queryKey={['integrity-records']}
      fetch={integrityApi.list}
      params={PARAMS}
      defaultSort="-createdAt"
      filters={[
        { kind: 'search', key: 'q', placeholder: t('integrity.searchPlaceholder'), width: 220 },
        {
          kind: 'select',
          key: 'jurisdiction',
          placeholder: t('integrity.jurisdiction'),
          width: 140,
          options: values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) })),
        },
        {
          kind: 'select',
          key: 'state',
          placeholder: t('integrity.stateLabel'),
          width: 120,
          options: RECORD_STATES.map((s) => ({ value: s, label: rl.recordState(s) })),
        },
        {
          kind: 'select',
          key: 'subjectType',
          testId: 'integrity-filter-type',
          placeholder: t('integrity.subjectTypeLabel'),
          width: 120,
          options: SUBJECT_TYPES.map((s) => ({ value: s, label: rl.subjectType(s) })),
        },
      ]}
      columns={columns}
      rowKey="id"
      rowTestId="record-row"
      scrollX={1000}
      footer={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('integrity.countsEverywhere')}
        </Typography.Text>
      }
    >
      <RecordFormModal
        open={formOpen}
        onClose={() => setFormOpen(false)}
        onSaved={(r) => {
          setFormOpen(false);
          void qc.invalidateQueries({ queryKey: ['integrity-records'] });
          navigate(`/research/integrity/${r.id}`);
        }}
      />
    </ListPage>
  );
}
