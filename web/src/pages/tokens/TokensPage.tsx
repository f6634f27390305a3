// Personal API tokens: list, create (the secret is shown once, with a copy button), revoke.
import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CopyOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { formatTime, isFuture } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { rowTestId } from '../../components/testids';
import { tokensApi, type ApiToken, type CreatedToken } from './api';

interface CreateForm {
  name: string;
  expiresInDays?: number | null;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Fallback for browsers without the async clipboard (or without permission).
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

export default function TokensPage() {
  const { t } = useTranslation();
  const fb = useFeedback();
  const qc = useQueryClient();
  const [form] = Form.useForm<CreateForm>();
  const isPhone = useIsPhone();
  const [createOpen, setCreateOpen] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);

  const list = useQuery({ queryKey: ['tokens'], queryFn: tokensApi.list });

  const create = useMutation({
    mutationFn: (v: CreateForm) => tokensApi.create({ name: v.name.trim(), ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}) }),
    onSuccess: (tok) => {
      setCreateOpen(false);
      setCreated(tok);
      void qc.invalidateQueries({ queryKey: ['tokens'] });
    },
    onError: (err) => fb.formError(form, err, ['name', 'expiresInDays']),
  });

  const revoke = useMutation({
    mutationFn: (tok: ApiToken) => tokensApi.revoke(tok.id),
    onSuccess: () => {
      fb.success(t('token.revoked'));
      void qc.invalidateQueries({ queryKey: ['tokens'] });
    },
    onError: (err) => fb.error(err),
  });

  const state = (tok: ApiToken) => (tok.revokedAt ? 'revoked' : tok.expiresAt && !isFuture(tok.expiresAt) ? 'expired' : 'active');

  const columns: TableProps<ApiToken>['columns'] = [
    { key: 'name', dataIndex: 'name', title: t('token.name'), width: 200, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { key: 'prefix', dataIndex: 'prefix', title: t('token.prefix'), width: 150, render: (v: string) => <code>{v}…</code> },
    {
      key: 'state',
      title: t('common.status'),
      width: 100,
      render: (_: unknown, tok) => {
        const s = state(tok);
        return (
          <Tag color={s === 'active' ? 'success' : s === 'expired' ? 'warning' : 'default'} data-testid={`token-state-${tok.id}`}>
            {t(`token.${s}`)}
          </Tag>
        );
      },
    },
    { key: 'createdAt', dataIndex: 'createdAt', title: t('common.createdAt'), width: 150, responsive: ['sm'], render: (v: string) => formatTime(v) },
    {
      key: 'expiresAt',
      dataIndex: 'expiresAt',
      title: t('token.expiresAt'),
      width: 150,
      render: (v: string | null) => (v ? formatTime(v) : <Typography.Text type="secondary">{t('token.noExpiry')}</Typography.Text>),
    },
    {
      key: 'lastUsedAt',
      dataIndex: 'lastUsedAt',
      title: t('token.lastUsedAt'),
      width: 150,
      responsive: ['sm'],
      render: (v: string | null) => (v ? formatTime(v) : <Typography.Text type="secondary">{t('token.never')}</Typography.Text>),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 100,
      fixed: isPhone ? undefined : 'right',
      render: (_: unknown, tok) =>
        tok.revokedAt ? null : (
          <Popconfirm
            title={t('token.revokeConfirm', { name: tok.name })}
            okText={t('token.revoke')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'token-revoke-confirm' }}
            onConfirm={() => revoke.mutateAsync(tok).catch(() => undefined)}
          >
            <Button size="small" type="link" danger icon={<DeleteOutlined />} data-testid={`token-revoke-${tok.id}`}>
              {t('token.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <div data-testid="token-page">
      <PageHeader
        title={t('token.title')}
        subtitle={t('token.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="token-create"
            onClick={() => {
              form.resetFields();
              setCreateOpen(true);
            }}
          >
            {t('token.create')}
          </Button>
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        <div data-testid="token-table">
          <Table<ApiToken>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data ?? []}
            loading={list.isFetching}
            onRow={(tok) => rowTestId('token-row', tok.id)}
            scroll={{ x: isPhone ? 'max-content' : 1000 }}
            pagination={false}
          />
        </div>
      </Card>

      <Modal
        open={createOpen}
        title={t('token.createTitle')}
        onCancel={() => setCreateOpen(false)}
        onOk={() => form.submit()}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending}
        okButtonProps={{ 'data-testid': 'token-form-submit' }}
        forceRender
      >
        <Form<CreateForm> form={form} layout="vertical" onFinish={(v) => create.mutate(v)} style={{ marginTop: 12 }}>
          <Form.Item name="name" label={t('token.name')} rules={[{ required: true, whitespace: true, message: t('token.nameRequired') }]}>
            <Input maxLength={100} placeholder={t('token.namePlaceholder')} data-testid="token-form-name" />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('token.expiresInDays')} extra={t('token.expiresInDaysHint')}>
            <InputNumber min={1} max={3650} precision={0} style={{ width: 200 }} suffix={t('token.days')} data-testid="token-form-days" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!created}
        title={t('token.createdTitle')}
        onCancel={() => setCreated(null)}
        closable
        mask={{ closable: false }}
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setCreated(null)} data-testid="token-created-close">
            {t('common.close')}
          </Button>
        }
      >
        {created ? (
          <Flex vertical gap={12} data-testid="token-created">
            <Alert type="warning" showIcon title={t('token.shownOnce')} description={t('token.shownOnceDetail')} />
            <Input.TextArea
              readOnly
              value={created.token}
              autoSize={{ minRows: 2, maxRows: 4 }}
              style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}
              data-testid="token-value"
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button
              icon={<CopyOutlined />}
              data-testid="token-copy"
              onClick={async () => {
                if (await copyText(created.token)) fb.success(t('common.copied'));
              }}
            >
              {t('common.copy')}
            </Button>
          </Flex>
        ) : null}
      </Modal>
    </div>
  );
}
