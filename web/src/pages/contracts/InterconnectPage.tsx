// Interconnection with other technology markets (互联互通), for administrators and the admins of
// service institutions (market operators): import a batch of results and demands as JSON (a file
// or pasted) under a source name — upserted by (source, externalId), all or nothing — and read the
// row report (created / updated / unchanged), or every bad row's problems when the batch is refused
// and nothing was imported. Below, the essentials of the incremental feed API-token clients read
// (GET /api/feeds/listings), with links to the token page and the API reference.
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Flex, Form, Input, Row, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { CloudUploadOutlined, FileTextOutlined, KeyOutlined, PlusOutlined, ReadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, type ProblemFieldError } from '../../app/api';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { formatTime } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/IntegrityRecordAlert';
import { importsApi, type ImportResult, type ImportSource } from '../../api/transfer';
import { DealTag, useDealLabels } from '../../components/deals/tags';

const SOURCE_RE = /^[a-z0-9][a-z0-9_.-]{1,63}$/;

export const EXAMPLE_ROWS = [
  {
    externalId: 'DEMO-2026-0001',
    kind: 'result',
    title: '高效钙钛矿叠层电池封装工艺',
    summary: '柔性阻水阻氧多层封装，双 85 老化 1000 小时效率保持 92%。',
    resultType: 'know_how',
    trl: 6,
    keywords: ['钙钛矿', '封装'],
    fields: ['480'],
    transferModes: ['licence'],
    askingPriceFen: 30000000,
    jurisdictionCode: '320000',
    ownerName: '示例某某新能源研究所',
  },
  {
    externalId: 'DEMO-2026-0002',
    kind: 'demand',
    title: '锂电池极片缺陷在线检测',
    problem: '涂布极片划痕、漏箔需在线识别，节拍 ≤ 1 秒。',
    fields: ['520'],
    budgetFen: 50000000,
    deadline: '2027-06-30',
    jurisdictionCode: '340000',
    ownerName: '示例某某电池有限公司',
  },
];

/** The example rows, placed in the importer's own jurisdiction (rows may carry no other). */
function exampleRows(jurisdiction: string | null) {
  return jurisdiction ? EXAMPLE_ROWS.map((r) => ({ ...r, jurisdictionCode: jurisdiction })) : EXAMPLE_ROWS;
}

type Parsed = { ok: true; rows: Array<Record<string, unknown>>; source?: string } | { ok: false; message: string };

/** A batch as JSON: an array of rows, or { source?, listings: [...] }. */
function parseBatch(text: string): Parsed {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  if (Array.isArray(v)) return { ok: true, rows: v as Array<Record<string, unknown>> };
  if (v && typeof v === 'object' && Array.isArray((v as { listings?: unknown }).listings)) {
    const o = v as { source?: unknown; listings: Array<Record<string, unknown>> };
    return { ok: true, rows: o.listings, source: typeof o.source === 'string' ? o.source : undefined };
  }
  return { ok: false, message: 'expected an array of listings or { "listings": [...] }' };
}

interface RowError {
  /** 1-based position in the batch. */
  row: number;
  externalId: string;
  title: string;
  field: string;
  message: string;
}

/** The problem's field errors by row: `row` is the 0-based index the server gives (or read from `body:/listings/<i>/…`). */
function rowErrors(errors: ProblemFieldError[], rows: Array<Record<string, unknown>>): RowError[] {
  return errors
    .map((e) => {
      const m = /listings\/(\d+)(?:\/(.*))?$/.exec(e.field);
      const idx = e.row ?? (m ? Number(m[1]) : -1);
      const r = rows[idx] ?? {};
      return {
        row: idx + 1,
        externalId: String(r.externalId ?? ''),
        title: String(r.title ?? ''),
        field: m ? (m[2] ?? '') : e.field.replace(/^body:\/?/, ''),
        message: e.message,
      };
    })
    .sort((a, b) => a.row - b.row);
}

export default function InterconnectPage() {
  const { t } = useTranslation();
  const dl = useDealLabels();
  const isPhone = useIsPhone();
  const { data: me } = useMe();
  const ownJurisdiction =
    !me || me.role === 'platform_admin' ? null : me.role === 'jurisdiction_admin' ? me.jurisdictionCode : me.organization.jurisdictionCode;
  const qc = useQueryClient();
  const [form] = Form.useForm<{ source: string; json: string }>();
  const [sent, setSent] = useState<Array<Record<string, unknown>>>([]);
  const [parseError, setParseError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<{ error: unknown; rows: RowError[] } | null>(null);

  const run = useMutation({
    mutationFn: (v: { source: string; listings: Array<Record<string, unknown>> }) => importsApi.listings(v),
    onMutate: () => {
      setResult(null);
      setFailure(null);
    },
    onSuccess: (r) => {
      setResult(r);
      void qc.invalidateQueries({ queryKey: ['import-sources'] });
    },
    onError: (err, v) => setFailure({ error: err, rows: err instanceof ApiError ? rowErrors(err.problem.errors ?? [], v.listings) : [] }),
  });

  const submit = (v: { source: string; json: string }) => {
    const p = parseBatch(v.json);
    if (!p.ok) {
      setParseError(p.message);
      return;
    }
    setParseError(null);
    setSent(p.rows);
    run.mutate({ source: v.source.trim(), listings: p.rows });
  };

  const readFile = async (file: File) => {
    const text = await file.text();
    form.setFieldValue('json', text);
    const p = parseBatch(text);
    if (p.ok && p.source && !form.getFieldValue('source')) form.setFieldValue('source', p.source);
    setParseError(p.ok ? null : p.message);
  };

  const failedRows = failure ? new Set(failure.rows.map((r) => r.row)).size : 0;

  return (
    <div data-testid="interconnect-page">
      <PageHeader title={t('deals.ic.title')} subtitle={t('deals.ic.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('deals.ic.importTitle')} data-testid="interconnect-import">
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t('deals.ic.importIntro')}
            </Typography.Paragraph>
            <Form form={form} layout="vertical" requiredMark="optional" onFinish={submit}>
              <Form.Item
                name="source"
                label={t('deals.ic.source')}
                extra={t('deals.ic.sourceHint')}
                rules={[
                  { required: true, message: t('deals.required') },
                  { pattern: SOURCE_RE, message: t('deals.ic.sourceInvalid') },
                  { validator: (_, v: string) => (v?.trim() === 'yrd' ? Promise.reject(new Error(t('deals.ic.sourceReserved'))) : Promise.resolve()) },
                ]}
              >
                <Input placeholder="jstm" maxLength={64} style={{ maxWidth: 320 }} data-testid="interconnect-source" />
              </Form.Item>
              <Form.Item name="json" label={t('deals.ic.json')} rules={[{ required: true, message: t('deals.required') }]} extra={t('deals.ic.jsonHint')}>
                <Input.TextArea
                  rows={isPhone ? 8 : 12}
                  spellCheck={false}
                  style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 12 }}
                  data-testid="interconnect-json"
                />
              </Form.Item>
              <Flex gap={8} wrap>
                <Button type="primary" htmlType="submit" icon={<CloudUploadOutlined />} loading={run.isPending} data-testid="interconnect-submit">
                  {t('deals.ic.submit')}
                </Button>
                <Upload
                  accept=".json,application/json"
                  showUploadList={false}
                  beforeUpload={(file) => {
                    void readFile(file);
                    return false;
                  }}
                >
                  <Button icon={<FileTextOutlined />} data-testid="interconnect-file">
                    {t('deals.ic.chooseFile')}
                  </Button>
                </Upload>
                <Button onClick={() => form.setFieldValue('json', JSON.stringify(exampleRows(ownJurisdiction), null, 2))} data-testid="interconnect-example">
                  {t('deals.ic.insertExample')}
                </Button>
              </Flex>
            </Form>
            {parseError ? (
              <Alert
                type="error"
                showIcon
                style={{ marginTop: 12 }}
                title={t('deals.ic.badJson')}
                description={parseError}
                data-testid="interconnect-bad-json"
              />
            ) : null}
          </Card>
          {result ? (
            <Card size="small" title={t('deals.ic.reportTitle', { batch: result.batchId })} style={{ marginTop: 16 }} data-testid="interconnect-report">
              <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('deals.ic.imported', { rows: result.rows, source: result.source })} />
              <Flex gap={12} wrap style={{ marginBottom: 12 }}>
                {(['created', 'updated', 'unchanged'] as const).map((k) => (
                  <Card key={k} size="small" style={{ flex: '1 1 100px' }}>
                    <Statistic title={dl.outcome(k)} value={result[k]} data-testid={`interconnect-${k}`} />
                  </Card>
                ))}
              </Flex>
              <Table
                size="small"
                rowKey="row"
                dataSource={result.report}
                pagination={result.report.length > 20 ? { pageSize: 20, size: 'small' } : false}
                scroll={{ x: isPhone ? 'max-content' : undefined }}
                onRow={(r) => ({ 'data-testid': `interconnect-report-row-${r.row + 1}`, 'data-outcome': r.outcome }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { key: 'row', title: t('deals.ic.row'), width: 60, render: (_: unknown, r) => r.row + 1 },
                  { key: 'ext', title: 'externalId', render: (_: unknown, r) => <code>{r.externalId}</code> },
                  {
                    key: 'title',
                    title: t('deals.ic.listing'),
                    render: (_: unknown, r) => {
                      const row = sent[r.row] ?? {};
                      const kind = row.kind === 'demand' ? 'demands' : 'results';
                      return <Link to={`/market/${kind}/${r.id}`}>{String(row.title ?? `#${r.id}`)}</Link>;
                    },
                  },
                  { key: 'outcome', title: t('deals.ic.outcome'), render: (_: unknown, r) => <DealTag status={r.outcome} label={dl.outcome(r.outcome)} /> },
                ]}
              />
            </Card>
          ) : null}
          {failure ? (
            <Card size="small" title={t('deals.ic.refusedTitle')} style={{ marginTop: 16 }} data-testid="interconnect-refused">
              <Flex vertical gap={12}>
                <Alert
                  type="warning"
                  showIcon
                  title={t('deals.ic.nothingImported', { rows: sent.length, bad: failedRows })}
                  data-testid="interconnect-nothing"
                />
                {failure.rows.length ? (
                  <>
                    <Typography.Text type="secondary">
                      {failure.error instanceof ApiError ? [failure.error.problem.title, failure.error.problem.detail].filter(Boolean).join(' — ') : ''}
                    </Typography.Text>
                    <Table<RowError>
                      size="small"
                      rowKey={(r, i) => `${r.row}-${r.field}-${i}`}
                      dataSource={failure.rows}
                      pagination={failure.rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
                      scroll={{ x: isPhone ? 'max-content' : undefined }}
                      onRow={(r) => ({ 'data-testid': `interconnect-error-row-${r.row}` }) as React.HTMLAttributes<HTMLElement>}
                      columns={[
                        { key: 'row', title: t('deals.ic.row'), width: 60, render: (_: unknown, r) => <b>{r.row}</b> },
                        {
                          key: 'ext',
                          title: 'externalId',
                          render: (_: unknown, r) => (
                            <Flex vertical gap={0}>
                              <code>{r.externalId || '—'}</code>
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {r.title}
                              </Typography.Text>
                            </Flex>
                          ),
                        },
                        { key: 'field', title: t('deals.ic.field'), render: (_: unknown, r) => <code>{r.field || '—'}</code> },
                        { key: 'message', title: t('deals.ic.message'), render: (_: unknown, r) => r.message },
                      ]}
                    />
                  </>
                ) : (
                  <ProblemAlert error={failure.error} testId="interconnect-error" />
                )}
              </Flex>
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            <SourcesCard onUse={(source) => form.setFieldValue('source', source)} />
            <FeedDocs />
          </Flex>
        </Col>
      </Row>
    </div>
  );
}

/** The sources the signed-in importer owns (the platform admin: all), and registering a new one. */
function SourcesCard(props: { onUse: (source: string) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const sources = useQuery({ queryKey: ['import-sources'], queryFn: ({ signal }) => importsApi.sources(signal) });
  const register = useMutation({
    mutationFn: (source: string) => importsApi.registerSource(source),
    onSuccess: (s) => {
      fb.success(t('deals.ic.registered', { source: s.source }));
      setName('');
      void qc.invalidateQueries({ queryKey: ['import-sources'] });
    },
    onError: (err) => fb.error(err),
  });
  const valid = SOURCE_RE.test(name.trim()) && name.trim() !== 'yrd';
  const owner = (s: ImportSource) => (s.ownedByPlatform ? t('deals.ic.platform') : (s.ownerOrganizationName ?? labels.jurisdiction(s.ownerJurisdiction ?? '')));
  return (
    <Card size="small" title={t('deals.ic.sourcesTitle')} data-testid="interconnect-sources">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('deals.ic.sourcesIntro')}
      </Typography.Paragraph>
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Input
          value={name}
          onChange={(e) => setName(e.target.value.toLowerCase())}
          placeholder="jstm"
          maxLength={64}
          aria-label={t('deals.ic.source')}
          status={name && !valid ? 'error' : undefined}
          data-testid="interconnect-source-new"
        />
        <Button
          icon={<PlusOutlined />}
          disabled={!valid}
          loading={register.isPending}
          onClick={() => register.mutate(name.trim())}
          data-testid="interconnect-source-register"
        >
          {t('deals.ic.register')}
        </Button>
      </Flex>
      <Table<ImportSource>
        size="small"
        rowKey="source"
        loading={sources.isLoading}
        dataSource={sources.data?.items ?? []}
        pagination={(sources.data?.items.length ?? 0) > 10 ? { pageSize: 10, size: 'small' } : false}
        locale={{ emptyText: t('deals.ic.sourcesEmpty') }}
        onRow={(s) => ({ 'data-testid': `interconnect-source-row-${s.source}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'source', title: t('deals.ic.source'), render: (_: unknown, s) => <code>{s.source}</code> },
          { key: 'owner', title: t('deals.ic.owner'), render: (_: unknown, s) => owner(s) },
          { key: 'batches', title: t('deals.ic.batches'), width: 60, render: (_: unknown, s) => s.batches },
          { key: 'last', title: t('deals.ic.lastImport'), responsive: ['sm'], render: (_: unknown, s) => (s.lastImportAt ? formatTime(s.lastImportAt) : '—') },
          {
            key: 'use',
            title: '',
            width: 60,
            render: (_: unknown, s) => (
              <Button size="small" type="link" onClick={() => props.onUse(s.source)} data-testid={`interconnect-source-use-${s.source}`}>
                {t('deals.ic.use')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

function FeedDocs() {
  const { t } = useTranslation();
  const code = (s: string) => (
    <pre
      style={{
        background: '#f6f8fb',
        border: '1px solid #e3e8f0',
        borderRadius: 6,
        padding: 8,
        fontSize: 12,
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-all',
        margin: '4px 0 8px',
      }}
    >
      {s}
    </pre>
  );
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('deals.ic.rulesTitle')} data-testid="interconnect-rules">
        <ul style={{ paddingInlineStart: 18, margin: 0, fontSize: 13, lineHeight: 1.8 }}>
          <li>{t('deals.ic.ruleUpsert')}</li>
          <li>{t('deals.ic.ruleAll')}</li>
          <li>{t('deals.ic.ruleSource')}</li>
          <li>{t('deals.ic.ruleJurisdiction')}</li>
          <li>{t('deals.ic.ruleOwner')}</li>
          <li>{t('deals.ic.ruleWithdraw')}</li>
          <li>{t('deals.ic.ruleLimit')}</li>
        </ul>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          {t('deals.ic.requiredFields')}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('deals.ic.feedTitle')} data-testid="interconnect-feed-docs">
        <Typography.Paragraph style={{ fontSize: 13 }}>{t('deals.ic.feedIntro')}</Typography.Paragraph>
        {code('GET /api/feeds/listings?updated_since=2026-01-01T00:00:00Z&limit=100\nAuthorization: Bearer <API token>')}
        <Descriptions size="small" column={1} bordered styles={{ label: { width: 120 } }}>
          <Descriptions.Item label={<code>updated_since</code>}>{t('deals.ic.pUpdatedSince')}</Descriptions.Item>
          <Descriptions.Item label={<code>cursor</code>}>{t('deals.ic.pCursor')}</Descriptions.Item>
          <Descriptions.Item label={<code>limit</code>}>{t('deals.ic.pLimit')}</Descriptions.Item>
        </Descriptions>
        {code(
          '{ "items": [ { "id": 12, "kind": "result", "title": "…", "source": "yrd",\n    "updatedAt": "…", "deleted": false, … } ],\n  "nextCursor": "MjAyNi0…", "hasMore": false, "until": "2026-…Z" }',
        )}
        <ul style={{ paddingInlineStart: 18, margin: 0, fontSize: 13, lineHeight: 1.8 }}>
          <li>{t('deals.ic.feedLoop')}</li>
          <li>{t('deals.ic.feedLag')}</li>
          <li>{t('deals.ic.feedDeleted')}</li>
          <li>{t('deals.ic.feedAuth')}</li>
        </ul>
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          <Link to="/tokens" data-testid="interconnect-tokens-link">
            <Button icon={<KeyOutlined />}>{t('deals.ic.tokensLink')}</Button>
          </Link>
          <a href="/api/docs" target="_blank" rel="noreferrer" data-testid="interconnect-api-docs">
            <Button icon={<ReadOutlined />}>{t('deals.ic.apiDocs')}</Button>
          </a>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          {t('deals.ic.docFile')} <Tag style={{ marginInlineEnd: 0 }}>docs/transfer-interconnect.md</Tag>
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
