// Joint research calls (everyone signed in): search by title, filter by kind, status and
// jurisdiction, sort, page. A jurisdiction's admin drafts calls of any kind; an organisation's
// admin poses a 揭榜挂帅 challenge (a draft its jurisdiction publishes).
import { useState } from 'react';
import { Button, Flex, Typography, type TableProps } from 'antd';
import { FlagOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { ListPage, timeColumn } from '../../components/ListPage';
import { CALL_KINDS, CALL_STATUSES, callsApi, type Call } from '../../api/calls';
import { CallFormModal } from './CallFormModal';
import { KindTag, RStatusTag, useResearchLabels } from '../../components/research/tags';

const PARAMS = { q: 'string', kind: 'string', status: 'string', jurisdiction: 'string' } as const;

export default function CallsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useLabels();
  const rl = useResearchLabels();
  const values = useOptionValues();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [form, setForm] = useState<'challenge' | 'call' | null>(null);

  const columns: TableProps<Call>['columns'] = [
    {
      key: 'title',
      title: t('calls.name'),
      sorter: true,
      width: isPhone ? 220 : 340,
      render: (_: unknown, c) => (
        <Flex vertical gap={4} align="flex-start">
          <Link to={`/research/calls/${c.id}`} data-testid={`call-link-${c.id}`} style={{ fontWeight: 600, whiteSpace: 'normal' }}>
            {c.title}
          </Link>
          <Flex wrap gap={4} align="center">
            <KindTag kind={c.kind} />
            {isPhone ? <RStatusTag status={c.status} label={rl.callStatus(c.status)} /> : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {labels.jurisdiction(c.jurisdictionCode)}
            </Typography.Text>
          </Flex>
          {isPhone ? (
            <Typography.Text style={{ fontSize: 12 }}>
              {formatFen(c.budgetFen)} · {t('calls.deadlineShort', { time: formatTime(c.deadline) })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'budget',
      title: t('calls.budget'),
      sorter: true,
      align: 'right',
      width: 150,
      responsive: ['sm'],
      render: (_: unknown, c) => (
        <span style={{ whiteSpace: 'nowrap' }} data-testid={`call-budget-${c.id}`}>
          {formatFen(c.budgetFen)}
        </span>
      ),
    },
    timeColumn('deadline', t('calls.deadline'), { sorter: true, responsive: ['sm'] }),
    { key: 'applications', dataIndex: 'applications', title: t('calls.applications'), width: 80, align: 'right', responsive: ['md'] },
    {
      key: 'status',
      title: t('common.status'),
      width: 100,
      responsive: ['sm'],
      render: (_: unknown, c) => <RStatusTag status={c.status} label={rl.callStatus(c.status)} testId={`call-status-${c.id}`} />,
    },
    timeColumn('createdAt', t('common.createdAt'), { sorter: true, responsive: ['lg'] }),
  ];

  return (
    <ListPage<Call, typeof PARAMS>
      testId="calls-page"
      title={t('calls.title')}
      subtitle={t('calls.subtitle')}
      extra={
        <>
          {access.canPoseChallenge ? (
            <Button type="primary" icon={<FlagOutlined />} onClick={() => setForm('challenge')} data-testid="calls-pose">
              {t('calls.pose')}
            </Button>
          ) : null}
          {access.callJurisdictions === 'all' || access.callJurisdictions.length ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm('call')} data-testid="calls-create">
              {t('calls.create')}
            </Button>
          ) : null}
        </>
      }
      testPrefix="calls"
      queryKey={['calls']}
      fetch={callsApi.list}
      params={PARAMS}
      defaultSort="-createdAt"
      filters={[
        { kind: 'search', key: 'q', placeholder: t('calls.searchPlaceholder') },
        { kind: 'select', key: 'kind', placeholder: t('calls.kindLabel'), options: CALL_KINDS.map((k) => ({ value: k, label: rl.callKind(k) })) },
        { kind: 'select', key: 'status', placeholder: t('common.status'), options: CALL_STATUSES.map((s) => ({ value: s, label: rl.callStatus(s) })) },
        {
          kind: 'select',
          key: 'jurisdiction',
          placeholder: t('calls.jurisdiction'),
          options: values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) })),
        },
      ]}
      columns={columns}
      rowKey="id"
      rowTestId="call-row"
      scrollX={950}
    >
      <CallFormModal
        open={form !== null}
        mode={form ?? 'call'}
        onClose={() => setForm(null)}
        onSaved={(c) => {
          setForm(null);
          void qc.invalidateQueries({ queryKey: ['calls'] });
          navigate(`/research/calls/${c.id}`);
        }}
      />
    </ListPage>
  );
}
