// Voucher programmes (administrators): search, filter by jurisdiction and status, sort, page;
// create a programme; each row links to the programme's budget and decisions.
import { useState } from 'react';
import { Button, Flex, Progress, Typography, type TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { formatFen } from '../../app/money';
import { ListPage, dateColumn, timeColumn } from '../../components/ListPage';

const PARAMS = { q: 'string', jurisdiction: 'string', status: 'string' } as const;
import { formatShare, VStatusTag } from '../../components/vouchers/tags';
import { programsApi, type Program } from '../../api/vouchers';
import { ProgramFormModal } from './ProgramFormModal';

export default function ProgramsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useLabels();
  const values = useOptionValues();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [formOpen, setFormOpen] = useState(false);

  const columns: TableProps<Program>['columns'] = [
    {
      key: 'name',
      title: t('programs.name'),
      sorter: true,
      width: isPhone ? 190 : 260,
      render: (_: unknown, p) => (
        <Flex vertical gap={2} align="flex-start">
          <Link to={`/vouchers/programs/${p.id}`} data-testid={`program-link-${p.id}`} style={{ fontWeight: 600 }}>
            {p.name}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.jurisdiction(p.jurisdictionCode)} · {t('programs.shareShort', { share: formatShare(p.shareBp) })}
          </Typography.Text>
          {isPhone ? (
            <Typography.Text style={{ fontSize: 12 }}>
              {t('programs.availableOf', { available: formatFen(p.budget.availableFen), total: formatFen(p.budget.totalFen) })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'budget',
      title: t('programs.budget'),
      width: 230,
      responsive: ['sm'],
      render: (_: unknown, p) => {
        const used = p.budget.totalFen > 0 ? Math.round(((p.budget.totalFen - p.budget.availableFen) / p.budget.totalFen) * 100) : 0;
        return (
          <Flex vertical gap={0}>
            <Typography.Text style={{ fontSize: 12 }} data-testid={`program-available-${p.id}`}>
              {t('programs.availableOf', { available: formatFen(p.budget.availableFen), total: formatFen(p.budget.totalFen) })}
            </Typography.Text>
            <Progress
              percent={used}
              size="small"
              showInfo={false}
              aria-label={t('programs.availableOf', { available: formatFen(p.budget.availableFen), total: formatFen(p.budget.totalFen) })}
            />
          </Flex>
        );
      },
    },
    { key: 'vouchers', dataIndex: 'vouchers', title: t('programs.vouchers'), width: 80, align: 'right', responsive: ['md'] },
    dateColumn('expiresAt', t('programs.expiresAt'), { sorter: true, width: 115, responsive: ['md'] }),
    {
      key: 'status',
      title: t('common.status'),
      width: 90,
      render: (_: unknown, p) => <VStatusTag status={p.status} label={labels.programStatus(p.status)} testId={`program-status-${p.id}`} />,
    },
    timeColumn('createdAt', t('common.createdAt'), { sorter: true, responsive: ['lg'] }),
  ];

  return (
    <ListPage<Program, typeof PARAMS>
      testId="programs-page"
      title={t('programs.title')}
      subtitle={t('programs.subtitle')}
      extra={
        access.voucherJurisdictions === 'all' || access.voucherJurisdictions.length ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="programs-create">
            {t('programs.create')}
          </Button>
        ) : null
      }
      testPrefix="programs"
      queryKey={['voucher-programs']}
      fetch={programsApi.list}
      params={PARAMS}
      defaultSort="-createdAt"
      filters={[
        { kind: 'search', key: 'q', placeholder: t('programs.searchPlaceholder') },
        {
          kind: 'select',
          key: 'jurisdiction',
          placeholder: t('programs.jurisdiction'),
          options: values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) })),
        },
        {
          kind: 'select',
          key: 'status',
          placeholder: t('common.status'),
          width: 110,
          options: (['active', 'closed'] as const).map((v) => ({ value: v, label: labels.programStatus(v) })),
        },
      ]}
      columns={columns}
      rowKey="id"
      rowTestId="program-row"
      scrollX={900}
      phoneScroll
    >
      <ProgramFormModal
        open={formOpen}
        onClose={() => setFormOpen(false)}
        onSaved={(p) => {
          setFormOpen(false);
          void qc.invalidateQueries({ queryKey: ['voucher-programs'] });
          navigate(`/vouchers/programs/${p.id}`);
        }}
      />
    </ListPage>
  );
}
