// Which other markets may name this organisation as the owner of listings they import (issue 12):
// an organisation admin accepts a source here; listings imported under it with the organisation's
// credit code are then linked to it. Withdrawing stops later links; listings linked so far stay.
import { useState } from 'react';
import { Alert, Button, Flex, Input, Popconfirm, Table, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../app/reference';
import { formatTime } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { marketApi, type SourceLink } from '../../api/transfer';

const SOURCE_RE = /^[a-z0-9][a-z0-9_.-]{1,63}$/;

export function SourceLinksPanel() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const [source, setSource] = useState('');
  const links = useQuery({ queryKey: ['source-links'], queryFn: ({ signal }) => marketApi.sourceLinks(signal) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['source-links'] });
  const accept = useMutation({
    mutationFn: (s: string) => marketApi.acceptSource(s),
    onSuccess: (l) => {
      fb.success(t('market.portfolio.linkAccepted', { source: l.source }));
      setSource('');
      refresh();
    },
    onError: (err) => fb.error(err),
  });
  const withdraw = useMutation({
    mutationFn: (s: string) => marketApi.withdrawSource(s),
    onSuccess: () => {
      fb.success(t('market.portfolio.linkWithdrawn'));
      refresh();
    },
    onError: (err) => fb.error(err),
  });
  const valid = SOURCE_RE.test(source.trim());
  return (
    <Flex vertical gap={12} data-testid="source-links">
      <Alert type="info" showIcon title={t('market.portfolio.linksIntro')} />
      <Flex gap={8} wrap>
        <Input
          value={source}
          onChange={(e) => setSource(e.target.value.toLowerCase())}
          placeholder="jstm"
          maxLength={64}
          style={{ maxWidth: 260 }}
          aria-label={t('market.portfolio.linkSource')}
          data-testid="source-links-input"
        />
        <Button
          type="primary"
          icon={<CheckOutlined />}
          disabled={!valid}
          loading={accept.isPending}
          onClick={() => accept.mutate(source.trim())}
          data-testid="source-links-accept"
        >
          {t('market.portfolio.acceptLinks')}
        </Button>
      </Flex>
      <Table<SourceLink>
        size="small"
        rowKey="source"
        loading={links.isLoading}
        dataSource={links.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('market.portfolio.linksEmpty') }}
        onRow={(l) => ({ 'data-testid': `source-link-row-${l.source}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'source', title: t('market.portfolio.linkSource'), render: (_: unknown, l) => <code>{l.source}</code> },
          {
            key: 'owner',
            title: t('market.portfolio.linkOwner'),
            render: (_: unknown, l) =>
              l.ownerOrganizationName ?? (l.ownerJurisdiction ? labels.jurisdiction(l.ownerJurisdiction) : t('market.portfolio.linkPlatform')),
          },
          { key: 'at', title: t('market.portfolio.linkAcceptedAt'), responsive: ['sm'], render: (_: unknown, l) => formatTime(l.acceptedAt) },
          {
            key: 'actions',
            title: '',
            width: 90,
            render: (_: unknown, l) => (
              <Popconfirm
                title={t('market.portfolio.withdrawConfirm', { source: l.source })}
                onConfirm={() => withdraw.mutate(l.source)}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
              >
                <Button size="small" danger type="link" data-testid={`source-link-withdraw-${l.source}`}>
                  {t('market.portfolio.withdrawLinks')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('market.portfolio.linksNote')}
      </Typography.Text>
    </Flex>
  );
}
