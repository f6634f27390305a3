// The audit log: filters from drop-downs (action and entity type in words, actor, jurisdiction,
// dates, an import's batch), paging, and each entry's change, sequence number, batch and hash.
import { useEffect, useRef } from 'react';
import { Alert, Button, Collapse, DatePicker, Descriptions, Flex, Form, Input, Select, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels, useOptionValues } from '../../app/reference';
import { useMe } from '../../app/session';
import { endOfDayIso, formatTime, startOfDayIso, toPickerValue } from '../../app/time';
import { ListPage, timeColumn, type ListState } from '../../components/ListPage';
import { useFeedback } from '../../components/feedback';
import { optionTestIds } from '../../components/testids';
import { auditApi, type AuditEntry, type AuditOptions } from './api';

interface FilterForm {
  action?: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  jurisdiction?: string;
  batch?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const PARAMS = {
  action: 'string',
  entityType: 'string',
  entityId: 'string',
  actor: 'string',
  jurisdiction: 'string',
  from: 'string',
  to: 'string',
  batch: 'string',
} as const;

/** The words for the log's codes (from /api/audit/options), in the page's language; the code when unknown. */
function useAuditWords() {
  const { i18n } = useTranslation();
  const { data } = useQuery({ queryKey: ['audit-options'], queryFn: ({ signal }) => auditApi.options(signal), staleTime: 60_000 });
  const lang: 'zh' | 'en' = i18n.language?.startsWith('en') ? 'en' : 'zh';
  const index = (list: AuditOptions['actions'] | undefined) => new Map((list ?? []).map((o) => [o.code, o[lang]]));
  const actions = index(data?.actions);
  const entities = index(data?.entityTypes);
  return {
    options: data,
    lang,
    action: (code: string) => actions.get(code) ?? code,
    entityType: (code: string) => entities.get(code) ?? code,
  };
}

const ACTION_COLORS: Record<string, string> = { create: 'green', update: 'blue', delete: 'red', login: 'cyan', import: 'purple' };
function actionColor(action: string): string {
  const verb = action.split('.').pop() ?? action;
  for (const [k, c] of Object.entries(ACTION_COLORS)) if (verb.includes(k)) return c;
  return 'default';
}

export default function AuditPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const labels = useLabels();
  const fb = useFeedback();
  const words = useAuditWords();
  const verify = useMutation({ mutationFn: auditApi.verify, onError: (err) => fb.error(err) });

  const columns: TableProps<AuditEntry>['columns'] = [
    { key: 'seq', dataIndex: 'seq', title: t('audit.seq'), width: 80, responsive: ['sm'], render: (v: number) => <code>{v}</code> },
    timeColumn('at', t('audit.at'), { width: 150 }),
    {
      key: 'actor',
      dataIndex: 'actorName',
      title: t('audit.actor'),
      width: 140,
      responsive: ['sm'],
      render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      key: 'action',
      dataIndex: 'action',
      title: t('audit.action'),
      width: 200,
      render: (v: string) => (
        <Tooltip title={<code>{v}</code>}>
          <Tag color={actionColor(v)} style={{ marginInlineEnd: 0 }} data-testid="audit-action-label">
            {words.action(v)}
          </Tag>
        </Tooltip>
      ),
    },
    {
      key: 'entity',
      dataIndex: 'entityType',
      title: t('audit.entityType'),
      width: 170,
      responsive: ['sm'],
      render: (v: string, e) => (
        <Flex vertical gap={2} align="flex-start">
          <span data-testid="audit-entity-label">
            {words.entityType(v)}
            {e.entityId ? <Typography.Text type="secondary"> #{e.entityId}</Typography.Text> : null}
          </span>
          <BatchTag batchId={e.batchId} />
        </Flex>
      ),
    },
    {
      key: 'jurisdiction',
      dataIndex: 'jurisdictionCode',
      title: t('audit.jurisdiction'),
      width: 100,
      responsive: ['md'],
      render: (v: string | null) => labels.jurisdiction(v),
    },
    {
      key: 'hash',
      dataIndex: 'hash',
      title: t('audit.hash'),
      width: 130,
      responsive: ['md'],
      render: (v: string) => (
        <Tooltip title={<code style={{ wordBreak: 'break-all' }}>{v}</code>}>
          <code>{v.slice(0, 12)}</code>
        </Tooltip>
      ),
    },
  ];

  return (
    <ListPage<AuditEntry, typeof PARAMS>
      testId="audit-page"
      title={t('audit.title')}
      subtitle={t('audit.subtitle')}
      extra={
        me?.role === 'platform_admin' ? (
          <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
            {t('audit.verify')}
          </Button>
        ) : null
      }
      above={
        <>
          {verify.data ? (
            <Alert
              type={verify.data.ok ? 'success' : 'error'}
              showIcon
              closable={{ onClose: () => verify.reset() }}
              style={{ marginBottom: 16 }}
              data-testid="audit-verify-result"
              title={verify.data.ok ? t('audit.verifyOk', { entries: verify.data.entries }) : t('audit.verifyBad', { entries: verify.data.entries })}
              description={
                verify.data.problems.length ? (
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {verify.data.problems.slice(0, 10).map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                ) : undefined
              }
            />
          ) : null}
          {me?.role === 'jurisdiction_admin' && me.jurisdictionCode ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('audit.scopeNote', { jurisdiction: labels.jurisdiction(me.jurisdictionCode) })}
              data-testid="audit-scope"
            />
          ) : null}
        </>
      }
      testPrefix="audit"
      queryKey={['audit']}
      fetch={auditApi.list}
      params={PARAMS}
      filterBar={(list, refresh) => <AuditFilters list={list} refresh={refresh} />}
      columns={columns}
      rowKey="seq"
      rowTestId="audit-row"
      scrollX={970}
      table={{ expandable: { expandedRowRender: (e) => <AuditDetail entry={e} />, expandRowByClick: false } }}
      card={(e) => (
        <Flex vertical gap={4} align="flex-start">
          <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
            <span style={{ whiteSpace: 'nowrap' }}>{formatTime(e.at)}</span>
            <Typography.Text type="secondary">{e.actorName ?? t('audit.system')}</Typography.Text>
          </Flex>
          <Tag color={actionColor(e.action)} style={{ marginInlineEnd: 0 }} data-testid="audit-action-label">
            {words.action(e.action)}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="audit-entity-label">
            {words.entityType(e.entityType)}
            {e.entityId ? ` #${e.entityId}` : ''}
            {e.jurisdictionCode ? ` · ${labels.jurisdiction(e.jurisdictionCode)}` : ''}
          </Typography.Text>
          <BatchTag batchId={e.batchId} />
          <Collapse ghost size="small" style={{ width: '100%' }} items={[{ key: 'change', label: t('audit.change'), children: <AuditDetail entry={e} /> }]} />
        </Flex>
      )}
    />
  );
}

/** An entry's sequence number, hash, object, actor and the change it recorded. */
function AuditDetail(props: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const words = useAuditWords();
  const e = props.entry;
  return (
    <div data-testid={`audit-detail-${e.seq}`}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('audit.seq')}>
          <code>{e.seq}</code>
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.hash')}>
          <code data-testid={`audit-hash-${e.seq}`}>{e.hash.slice(0, 16)}…</code>
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.action')}>
          {words.action(e.action)} <code>{e.action}</code>
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.entityType')}>
          {words.entityType(e.entityType)}
          {e.entityId ? ` #${e.entityId}` : ''} <code>{e.entityType}</code>
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.actor')}>
          {e.actorName ?? t('audit.system')}
          {e.actorUserId ? ` (#${e.actorUserId})` : ''}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('audit.change')}</Typography.Text>
      <pre className="yrd-json" data-testid={`audit-change-${e.seq}`}>
        {JSON.stringify(e.change, null, 2)}
      </pre>
    </div>
  );
}

/** The import an entry belongs to: a link that filters the log to that batch. */
function BatchTag(props: { batchId: string | null }) {
  const { t } = useTranslation();
  if (!props.batchId) return null;
  return (
    <Link to={`/audit?batch=${encodeURIComponent(props.batchId)}`} data-testid="audit-batch-link">
      <Tag color="purple" style={{ marginInlineEnd: 0, fontSize: 11 }}>
        {t('audit.batch')} {props.batchId.slice(-8)}
      </Tag>
    </Link>
  );
}

/** The audit log's filters are chosen first and applied together with 搜索 (Search). */
function AuditFilters(props: { list: ListState<typeof PARAMS>; refresh: () => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const labels = useLabels();
  const values = useOptionValues();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<FilterForm>();
  const words = useAuditWords();
  const w = (desktop: number) => (isPhone ? 'calc(50% - 4px)' : desktop);
  const codeOptions = (list: AuditOptions['actions'] | undefined) =>
    (list ?? [])
      .map((o) => ({ value: o.code, label: o[words.lang], search: `${o.zh} ${o.en} ${o.code}`.toLowerCase() }))
      .sort((a, b) => a.label.localeCompare(b.label, words.lang === 'zh' ? 'zh-CN' : 'en'));
  const byText = (input: string, o?: { search?: string }) => !!o?.search?.includes(input.trim().toLowerCase());
  const f = props.list.filters;
  const key = (v: Partial<Record<keyof typeof PARAMS, string | undefined>>) =>
    JSON.stringify((Object.keys(PARAMS) as (keyof typeof PARAMS)[]).map((k) => v[k] ?? null));
  // What this form last applied: the address then says the same, and what is typed since stays.
  const applied = useRef<string | null>(null);
  // Otherwise the form shows what the address says (a link, Back).
  useEffect(() => {
    if (applied.current === key(f)) return;
    applied.current = key(f);
    form.setFieldsValue({
      action: f.action,
      entityType: f.entityType,
      entityId: f.entityId,
      actor: f.actor,
      jurisdiction: f.jurisdiction,
      batch: f.batch,
      range: f.from || f.to ? [toPickerValue(f.from), toPickerValue(f.to)] : null,
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form, f.action, f.entityType, f.entityId, f.actor, f.jurisdiction, f.from, f.to, f.batch]);

  const apply = (v: FilterForm) => {
    const [from, to] = v.range ?? [null, null];
    const next = {
      action: v.action?.trim() || undefined,
      entityType: v.entityType?.trim() || undefined,
      entityId: v.entityId?.trim() || undefined,
      actor: v.actor?.trim() || undefined,
      jurisdiction: v.jurisdiction || undefined,
      batch: v.batch?.trim() || undefined,
      from: from ? startOfDayIso(from) : undefined,
      to: to ? endOfDayIso(to) : undefined,
    };
    applied.current = key(next);
    props.list.update(next);
  };

  return (
    <Form<FilterForm> form={form} onFinish={apply} data-testid="audit-filters">
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Form.Item name="action" noStyle>
          <Select
            aria-label={t('audit.actionPlaceholder')}
            allowClear
            showSearch={{ filterOption: byText }}
            placeholder={t('audit.actionPlaceholder')}
            options={codeOptions(words.options?.actions)}
            optionRender={optionTestIds('audit-filter-action-opt')}
            style={{ width: isPhone ? '100%' : 220 }}
            data-testid="audit-filter-action"
          />
        </Form.Item>
        <Form.Item name="entityType" noStyle>
          <Select
            aria-label={t('audit.entityTypePlaceholder')}
            allowClear
            showSearch={{ filterOption: byText }}
            placeholder={t('audit.entityTypePlaceholder')}
            options={codeOptions(words.options?.entityTypes)}
            optionRender={optionTestIds('audit-filter-entityType-opt')}
            style={{ width: w(170) }}
            data-testid="audit-filter-entityType"
          />
        </Form.Item>
        <Form.Item name="entityId" noStyle>
          <Input aria-label={t('audit.entityId')} allowClear placeholder={t('audit.entityId')} style={{ width: w(110) }} data-testid="audit-filter-entityId" />
        </Form.Item>
        <Form.Item name="actor" noStyle>
          <Select
            aria-label={t('audit.actorPlaceholder')}
            allowClear
            showSearch
            placeholder={t('audit.actorPlaceholder')}
            options={(words.options?.actors ?? []).map((a) => ({ value: a, label: a }))}
            optionRender={optionTestIds('audit-filter-actor-opt')}
            style={{ width: w(150) }}
            data-testid="audit-filter-actor"
          />
        </Form.Item>
        <Form.Item name="batch" noStyle>
          <Input
            aria-label={t('audit.batchPlaceholder')}
            allowClear
            placeholder={t('audit.batchPlaceholder')}
            style={{ width: w(190) }}
            data-testid="audit-filter-batch"
          />
        </Form.Item>
        {me?.role === 'platform_admin' ? (
          <Form.Item name="jurisdiction" noStyle>
            <Select
              aria-label={t('audit.jurisdiction')}
              allowClear
              placeholder={t('audit.jurisdiction')}
              options={values.jurisdictionCodes.map((c) => ({ value: c, label: labels.jurisdiction(c) }))}
              optionRender={optionTestIds('audit-filter-jurisdiction-opt')}
              style={{ width: w(130) }}
              data-testid="audit-filter-jurisdiction"
            />
          </Form.Item>
        ) : null}
        <Form.Item name="range" noStyle>
          <DatePicker.RangePicker style={{ width: isPhone ? '100%' : 250 }} data-testid="audit-filter-range" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="audit-search">
          {t('common.search')}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            applied.current = key({});
            props.list.reset();
          }}
          data-testid="audit-reset"
        >
          {t('common.reset')}
        </Button>
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={props.refresh} aria-label={t('common.refresh')} data-testid="audit-refresh" />
        </Tooltip>
      </Flex>
    </Form>
  );
}
