// One service provider as its page and the provider's own desk show it: self-assessment, the
// platform's checks, evidence files, the public notice with its end date and objections,
// recognition by other jurisdictions (互认), products, and the decisions its home jurisdiction's
// administrators take (check, list, reject, suspend, reinstate, revoke; resolve objections).
// Anyone signed in may object while the notice runs; a user of another organisation (not an
// administrative account) orders a listed provider's products.
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Form, Input, InputNumber, List, Modal, Radio, Row, Table, Tag, Tooltip, Typography } from 'antd';
import {
  ArrowLeftOutlined,
  AuditOutlined,
  CheckCircleTwoTone,
  CloseCircleTwoTone,
  FileProtectOutlined,
  PaperClipOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  ShoppingCartOutlined,
  StopOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useMe } from '../../app/session';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatTime, isFuture } from '../../app/time';
import { PageHeader } from '../PageHeader';
import { useFeedback } from '../feedback';
import { rowTestId } from '../testids';
import { CategoryTags, JurisdictionTags, ReasonModal, VStatusTag } from './tags';
import { CHECK_KEYS, evidenceUrl, itemsOf, providersApi, type Objection, type Product, type Provider } from '../../api/vouchers';
import { byName } from '../../app/collate';

type ReasonAction = 'reject' | 'suspend' | 'revoke' | 'object' | 'recognised' | 'declined' | { resolve: Objection; upheld: boolean };

export function ProviderView(props: { provider: Provider; onChanged: (p?: Provider) => void; embedded?: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const access = useAccess();
  const fb = useFeedback();
  const isPhone = useIsPhone();
  const p = props.provider;
  const [reason, setReason] = useState<ReasonAction | null>(null);
  const [checkOpen, setCheckOpen] = useState(false);
  const [ordering, setOrdering] = useState<Product | null>(null);
  const me = useMe().data;
  // The server decides for real: listed providers only, not by administrators, not from one's own organisation.
  const canOrder = access.canOrderServices && p.status === 'listed' && me != null && me.organization?.id !== p.organizationId;
  const home = access.canAdministerVouchers(p.jurisdictionCode);
  const other = access.adminJurisdiction && access.adminJurisdiction !== p.jurisdictionCode ? access.adminJurisdiction : null;
  const noticeRunning = p.status === 'notice' && isFuture(p.noticeEndsAt);

  const objections = useQuery({
    queryKey: ['provider-objections', p.id],
    queryFn: ({ signal }) => providersApi.objections(p.id, signal).then(itemsOf),
    retry: false,
  });
  const products = useQuery({
    queryKey: ['provider-products', p.id],
    queryFn: ({ signal }) => providersApi.products(p.id, signal).then(itemsOf),
    retry: false,
  });

  const simple = useMutation({
    mutationFn: (action: 'list' | 'reinstate') => (action === 'list' ? providersApi.putOnList(p.id) : providersApi.reinstate(p.id)),
    onSuccess: (np, action) => {
      fb.success(action === 'list' ? t('provider.listed') : t('provider.reinstated'));
      props.onChanged(np);
    },
    onError: (err) => fb.error(err),
  });

  const runReason = async (text: string) => {
    const a = reason!;
    let np: Provider | undefined;
    if (a === 'reject') np = await providersApi.reject(p.id, text);
    else if (a === 'suspend') np = await providersApi.suspend(p.id, text);
    else if (a === 'revoke') np = await providersApi.revoke(p.id, text);
    else if (a === 'object') await providersApi.object(p.id, text);
    else if (a === 'recognised' || a === 'declined') np = await providersApi.recognise(p.id, a, text);
    else await providersApi.resolve(p.id, a.resolve.id, a.upheld, text);
    fb.success(t('provider.done'));
    props.onChanged(np);
  };

  const reasonTitle = (a: ReasonAction | null): { title: string; label: string; required: boolean; danger?: boolean } => {
    if (!a) return { title: '', label: '', required: false };
    if (a === 'reject') return { title: t('provider.rejectTitle'), label: t('provider.reason'), required: true, danger: true };
    if (a === 'suspend') return { title: t('provider.suspendTitle'), label: t('provider.reason'), required: true, danger: true };
    if (a === 'revoke') return { title: t('provider.revokeTitle'), label: t('provider.reason'), required: true, danger: true };
    if (a === 'object') return { title: t('provider.objectTitle', { name: p.organizationName }), label: t('provider.objectReason'), required: true };
    if (a === 'recognised')
      return { title: t('provider.recogniseTitle', { jurisdiction: labels.jurisdiction(other) }), label: t('provider.note'), required: false };
    if (a === 'declined')
      return { title: t('provider.declineTitle', { jurisdiction: labels.jurisdiction(other) }), label: t('provider.note'), required: true, danger: true };
    return { title: a.upheld ? t('provider.upholdTitle') : t('provider.dismissTitle'), label: t('provider.resolution'), required: true, danger: a.upheld };
  };
  const rt = reasonTitle(reason);

  const myRecognition = other ? p.recognitions.find((r) => r.jurisdictionCode === other) : undefined;
  const listEnabled = !noticeRunning && p.openObjections === 0;

  const actions = (
    <>
      {home && p.status === 'applied' ? (
        <Button type="primary" icon={<AuditOutlined />} onClick={() => setCheckOpen(true)} data-testid="provider-check">
          {t('provider.check')}
        </Button>
      ) : null}
      {home && p.status === 'notice' ? (
        <Tooltip title={listEnabled ? undefined : noticeRunning ? t('provider.listWaitNotice') : t('provider.listWaitObjections')}>
          <Button
            type="primary"
            icon={<FileProtectOutlined />}
            disabled={!listEnabled}
            loading={simple.isPending}
            onClick={() => simple.mutate('list')}
            data-testid="provider-list"
          >
            {t('provider.list')}
          </Button>
        </Tooltip>
      ) : null}
      {home && (p.status === 'applied' || p.status === 'notice') ? (
        <Button danger icon={<StopOutlined />} onClick={() => setReason('reject')} data-testid="provider-reject">
          {t('provider.reject')}
        </Button>
      ) : null}
      {home && p.status === 'listed' ? (
        <Button icon={<PauseCircleOutlined />} onClick={() => setReason('suspend')} data-testid="provider-suspend">
          {t('provider.suspend')}
        </Button>
      ) : null}
      {home && p.status === 'suspended' ? (
        <Button icon={<PlayCircleOutlined />} loading={simple.isPending} onClick={() => simple.mutate('reinstate')} data-testid="provider-reinstate">
          {t('provider.reinstate')}
        </Button>
      ) : null}
      {home && (p.status === 'listed' || p.status === 'suspended') ? (
        <Button danger icon={<StopOutlined />} onClick={() => setReason('revoke')} data-testid="provider-revoke">
          {t('provider.revoke')}
        </Button>
      ) : null}
      {other && p.status === 'listed' ? (
        <>
          <Button
            type={myRecognition?.decision === 'recognised' ? 'default' : 'primary'}
            onClick={() => setReason('recognised')}
            data-testid="provider-recognise"
          >
            {t('provider.recognise')}
          </Button>
          <Button danger onClick={() => setReason('declined')} data-testid="provider-decline">
            {t('provider.decline')}
          </Button>
        </>
      ) : null}
      {noticeRunning ? (
        <Button icon={<WarningOutlined />} onClick={() => setReason('object')} data-testid="provider-object">
          {t('provider.object')}
        </Button>
      ) : null}
    </>
  );

  const activeProducts = (products.data ?? []).filter((x) => x.status === 'active');
  const orderButton = (x: Product) => (
    <Button size="small" type="primary" icon={<ShoppingCartOutlined />} onClick={() => setOrdering(x)} data-testid={`product-order-${x.id}`}>
      {t('provider.order')}
    </Button>
  );
  const productsCard = (
    <Card title={t('provider.products')} size="small" style={{ height: '100%' }} data-testid="provider-products">
      {canOrder ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('provider.productsHintOrder')}
        </Typography.Paragraph>
      ) : null}
      <Table<Product>
        rowKey="id"
        size="small"
        dataSource={activeProducts}
        loading={products.isPending}
        pagination={{ pageSize: 5, size: 'small', hideOnSinglePage: true }}
        onRow={(x) => rowTestId('provider-product-row', x.id)}
        scroll={{ x: isPhone && !canOrder ? 'max-content' : undefined }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        columns={[
          {
            key: 'name',
            title: t('desk.productName'),
            sorter: (a, b) => byName(a.name, b.name),
            render: (_: unknown, x) => (
              <Flex vertical gap={2} align="flex-start">
                <Typography.Text strong={canOrder} data-testid={`provider-product-name-${x.id}`}>
                  {x.name}
                </Typography.Text>
                {canOrder && x.description ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {x.description}
                  </Typography.Text>
                ) : null}
                {canOrder && isPhone ? (
                  <>
                    <Typography.Text style={{ fontSize: 12 }}>
                      {labels.serviceCategory(x.category)} · <b>{`${formatFen(x.priceFen)}/${x.unit}`}</b>
                    </Typography.Text>
                    {orderButton(x)}
                  </>
                ) : null}
              </Flex>
            ),
          },
          ...(canOrder && isPhone
            ? []
            : [
                {
                  key: 'category',
                  title: t('providers.category'),
                  width: canOrder ? 140 : undefined,
                  render: (_: unknown, x: Product) => labels.serviceCategory(x.category),
                },
                {
                  key: 'price',
                  title: t('desk.price'),
                  width: canOrder ? 160 : undefined,
                  align: 'right' as const,
                  sorter: (a: Product, b: Product) => a.priceFen - b.priceFen,
                  render: (_: unknown, x: Product) => (
                    <span
                      style={{ whiteSpace: 'nowrap' }}
                      data-testid={`provider-product-price-${x.id}`}
                      data-fen={x.priceFen}
                    >{`${formatFen(x.priceFen)}/${x.unit}`}</span>
                  ),
                },
                ...(canOrder ? [{ key: 'actions', title: t('common.actions'), width: 100, render: (_: unknown, x: Product) => orderButton(x) }] : []),
              ]),
        ]}
      />
    </Card>
  );

  const sa = p.selfAssessment;
  const yesNo = (b: boolean | undefined) => (b ? t('common.yes') : t('common.no'));
  const okIcon = (ok: boolean | undefined) => (ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />);

  return (
    <div data-testid="provider-page" data-provider-id={p.id} data-status={p.status}>
      {props.embedded ? null : (
        <Link to="/vouchers/providers" style={{ display: 'inline-block', marginBottom: 8 }} data-testid="provider-back">
          <ArrowLeftOutlined /> {t('providers.back')}
        </Link>
      )}
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="provider-name">{p.organizationName}</span>
            <VStatusTag status={p.status} label={labels.providerStatus(p.status)} testId="provider-status" />
          </Flex>
        }
        subtitle={`${labels.jurisdiction(p.jurisdictionCode)} · ${t('providers.appliedAt')} ${formatTime(p.createdAt)}`}
        extra={actions}
      />
      {p.statusReason ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('provider.statusReason')}
          description={p.statusReason}
          data-testid="provider-status-reason"
        />
      ) : null}
      {p.status === 'notice' ? (
        <Alert
          type={noticeRunning ? 'info' : 'success'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="provider-notice"
          title={
            noticeRunning ? (
              <span>
                {t('provider.noticeRunning')} <b data-testid="provider-notice-ends">{formatTime(p.noticeEndsAt)}</b>
              </span>
            ) : (
              <span>
                {t('provider.noticeOver')} <b data-testid="provider-notice-ends">{formatTime(p.noticeEndsAt)}</b>
              </span>
            )
          }
          description={t('provider.noticeWindow', { from: formatTime(p.noticeStartsAt), to: formatTime(p.noticeEndsAt) })}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        {canOrder ? <Col xs={24}>{productsCard}</Col> : null}
        <Col xs={24} lg={12}>
          <Card title={t('provider.basic')} size="small" style={{ height: '100%' }}>
            <Descriptions size="small" column={1} data-testid="provider-basic">
              <Descriptions.Item label={t('providers.categories')}>
                <CategoryTags codes={p.categories} />
              </Descriptions.Item>
              <Descriptions.Item label={t('provider.description')}>{p.description || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('providers.recognisedIn')}>
                {p.recognisedIn.length ? <JurisdictionTags codes={p.recognisedIn} color="green" testId="provider-recognised-in" /> : '—'}
              </Descriptions.Item>
              {p.listedAt ? <Descriptions.Item label={t('provider.listedAt')}>{formatTime(p.listedAt)}</Descriptions.Item> : null}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('provider.selfAssessment')} size="small" style={{ height: '100%' }}>
            <Descriptions size="small" column={1} data-testid="provider-self-assessment">
              <Descriptions.Item label={t('provider.legalEntity')}>{yesNo(sa.legalEntity)}</Descriptions.Item>
              <Descriptions.Item label={t('provider.yearsInOperation')}>{t('provider.years', { n: sa.yearsInOperation })}</Descriptions.Item>
              <Descriptions.Item label={t('provider.publishedPrices')}>{yesNo(sa.publishedPrices)}</Descriptions.Item>
              <Descriptions.Item label={t('provider.integrityClean')}>{yesNo(sa.integrityClean)}</Descriptions.Item>
              <Descriptions.Item label={t('provider.statement')}>{sa.statement || '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('provider.checks')} size="small" style={{ height: '100%' }} data-testid="provider-checks">
            {!p.check ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('provider.notChecked')} />
            ) : (
              <Flex vertical gap={8}>
                <Flex gap={8} align="center" wrap>
                  {p.check.passed ? <Tag color="success">{t('provider.checkPassed')}</Tag> : <Tag color="error">{t('provider.checkFailed')}</Tag>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(p.check.checkedAt)}
                  </Typography.Text>
                </Flex>
                {p.check.note ? <Typography.Text data-testid="provider-check-note">{p.check.note}</Typography.Text> : null}
                <List
                  size="small"
                  dataSource={CHECK_KEYS.filter((k) => p.check?.checks?.[k])}
                  renderItem={(k) => {
                    const c = p.check!.checks[k]!;
                    return (
                      <List.Item data-testid={`provider-check-${k}`}>
                        <Flex gap={8} align="flex-start">
                          {okIcon(c.ok)}
                          <div>
                            <div>{t(`provider.checkKeys.${k}`)}</div>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {c.detail}
                            </Typography.Text>
                          </div>
                        </Flex>
                      </List.Item>
                    );
                  }}
                />
              </Flex>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('provider.evidence')} size="small" style={{ height: '100%' }} data-testid="provider-evidence">
            {p.evidence.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('provider.noEvidence')} />
            ) : (
              <List
                size="small"
                dataSource={p.evidence}
                renderItem={(e) => (
                  <List.Item data-testid={`provider-evidence-${e.id}`}>
                    <Flex vertical gap={0} style={{ minWidth: 0 }}>
                      <a href={evidenceUrl(p.id, e.id)} download={e.filename} data-testid={`provider-evidence-link-${e.id}`} style={{ wordBreak: 'break-all' }}>
                        <PaperClipOutlined /> {e.filename}
                      </a>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {labels.evidenceCondition(e.condition)} · {Math.max(1, Math.round(e.size / 1024))} KB · {formatTime(e.createdAt)}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('provider.objections')} size="small" data-testid="provider-objections">
            {objections.isError ? (
              <Typography.Text type="secondary">{t('provider.objectionsHidden', { n: p.openObjections })}</Typography.Text>
            ) : (objections.data ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('provider.noObjections')} />
            ) : (
              <List
                size="small"
                dataSource={objections.data ?? []}
                renderItem={(o) => (
                  <List.Item
                    data-testid={`objection-row-${o.id}`}
                    actions={
                      home && o.status === 'open'
                        ? [
                            <Button
                              key="u"
                              size="small"
                              danger
                              onClick={() => setReason({ resolve: o, upheld: true })}
                              data-testid={`objection-uphold-${o.id}`}
                            >
                              {t('provider.uphold')}
                            </Button>,
                            <Button key="d" size="small" onClick={() => setReason({ resolve: o, upheld: false })} data-testid={`objection-dismiss-${o.id}`}>
                              {t('provider.dismiss')}
                            </Button>,
                          ]
                        : []
                    }
                  >
                    <Flex vertical gap={2} style={{ minWidth: 0 }}>
                      <Flex gap={6} align="center" wrap>
                        <VStatusTag status={o.status} label={labels.objectionStatus(o.status)} testId={`objection-status-${o.id}`} />
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {o.objector ? `${o.objector} · ` : ''}
                          {formatTime(o.createdAt)}
                        </Typography.Text>
                      </Flex>
                      <Typography.Text data-testid={`objection-reason-${o.id}`}>{o.reason}</Typography.Text>
                      {o.resolution ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('provider.resolution')}
                          {t('common.colon')}
                          {o.resolution}
                        </Typography.Text>
                      ) : null}
                    </Flex>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('provider.recognitions')} size="small" style={{ height: '100%' }} data-testid="provider-recognitions">
            {p.recognitions.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('provider.noRecognitions')} />
            ) : (
              <List
                size="small"
                dataSource={p.recognitions}
                renderItem={(r) => (
                  <List.Item data-testid={`provider-recognition-${r.jurisdictionCode}`}>
                    <Flex vertical gap={2}>
                      <Flex gap={6} align="center" wrap>
                        <Typography.Text strong>{labels.jurisdiction(r.jurisdictionCode)}</Typography.Text>
                        <VStatusTag status={r.decision} label={labels.recognitionDecision(r.decision)} />
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatTime(r.decidedAt)}
                        </Typography.Text>
                      </Flex>
                      {r.note ? <Typography.Text type="secondary">{r.note}</Typography.Text> : null}
                    </Flex>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        {canOrder ? null : (
          <Col xs={24} lg={12}>
            {productsCard}
          </Col>
        )}
      </Row>
      <ReasonModal
        open={reason != null}
        title={rt.title}
        label={rt.label}
        required={rt.required}
        danger={rt.danger}
        testPrefix="provider-reason"
        onSubmit={runReason}
        onClose={() => setReason(null)}
      />
      <CheckModal open={checkOpen} provider={p} onClose={() => setCheckOpen(false)} onDone={(np) => props.onChanged(np)} />
      <OrderModal product={ordering} provider={p} onClose={() => setOrdering(null)} />
    </div>
  );
}

function CheckModal(props: { open: boolean; provider: Provider; onClose: () => void; onDone: (p: Provider) => void }) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const [form] = Form.useForm<{ passed: boolean; note: string }>();
  const passed = Form.useWatch('passed', form);
  const mutation = useMutation({
    mutationFn: (v: { passed: boolean; note: string }) => providersApi.check(props.provider.id, v.passed, (v.note ?? '').trim()),
    onSuccess: (p) => {
      fb.success(p.status === 'notice' ? t('provider.checkedNotice', { date: formatTime(p.noticeEndsAt) }) : t('provider.checkedRejected'));
      props.onDone(p);
      props.onClose();
    },
  });
  const err = mutation.error instanceof ApiError ? mutation.error.problem : null;
  return (
    <Modal
      open={props.open}
      title={t('provider.checkTitle', { name: props.provider.organizationName })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ danger: passed === false, 'data-testid': 'check-submit' }}
      afterClose={() => {
        mutation.reset();
        form.resetFields();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('provider.checkHint')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ passed: true, note: '' }} onFinish={(v) => mutation.mutate(v)}>
        <Form.Item name="passed" label={t('provider.checkResult')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: true, label: <span data-testid="check-passed">{t('provider.checkPassed')}</span> },
              { value: false, label: <span data-testid="check-failed">{t('provider.checkFailed')}</span> },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('provider.note')}
          rules={passed === false ? [{ required: true, whitespace: true, message: t('voucherCommon.textRequired') }] : []}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="check-note" />
        </Form.Item>
      </Form>
      {passed ? <Alert type="info" showIcon title={t('provider.checkPassHint')} /> : null}
      {err ? <Alert type="error" showIcon style={{ marginTop: 8 }} title={err.title} description={err.detail} data-testid="check-error" /> : null}
    </Modal>
  );
}

/** Order a listed provider's product: quantity and a note; the estimated amount is price × quantity. */
function OrderModal(props: { product: Product | null; provider: Provider; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const access = useAccess();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const x = props.product;
  const [form] = Form.useForm<{ quantity: number; note: string }>();
  const quantity = Form.useWatch('quantity', form);
  const mutation = useMutation({
    mutationFn: (v: { quantity: number; note: string }) =>
      providersApi.placeOrder({ productId: x!.id, quantity: v.quantity, note: (v.note ?? '').trim() || undefined }),
    onSuccess: (o) => {
      fb.success(t('provider.ordered', { id: o.id }));
      void qc.invalidateQueries({ queryKey: ['service-orders'] });
      props.onClose();
      if (access.voucherWallet) navigate('/vouchers/wallet?tab=orders');
    },
  });
  const err = mutation.error instanceof ApiError ? mutation.error.problem : null;
  const qty = Number.isInteger(quantity) && quantity > 0 ? quantity : 0;
  return (
    <Modal
      open={x != null}
      title={t('provider.orderTitle', { name: x?.name ?? '' })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('provider.submitOrder')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'order-form-submit' }}
      cancelButtonProps={{ 'data-testid': 'order-form-cancel' }}
      afterClose={() => {
        mutation.reset();
        form.resetFields();
      }}
      destroyOnHidden
    >
      {x ? (
        <div data-testid="order-form" data-product-id={x.id}>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {access.voucherWallet
              ? t('provider.orderHint', { provider: props.provider.organizationName })
              : t('provider.orderHintNoWallet', { provider: props.provider.organizationName })}
          </Typography.Paragraph>
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('providers.category')}>{labels.serviceCategory(x.category)}</Descriptions.Item>
            <Descriptions.Item label={t('provider.unitPrice')}>
              <span data-testid="order-form-price">{`${formatFen(x.priceFen)}/${x.unit}`}</span>
            </Descriptions.Item>
          </Descriptions>
          <Form form={form} layout="vertical" initialValues={{ quantity: 1, note: '' }} onFinish={(v) => mutation.mutate(v)}>
            <Form.Item name="quantity" label={t('provider.quantity', { unit: x.unit })} rules={[{ required: true, message: t('provider.quantityRequired') }]}>
              <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} data-testid="order-form-quantity" />
            </Form.Item>
            <Form.Item name="note" label={t('provider.orderNote')}>
              <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('provider.orderNotePlaceholder')} data-testid="order-form-note" />
            </Form.Item>
          </Form>
          <Flex justify="space-between" align="baseline" wrap gap={8}>
            <Typography.Text>
              {t('provider.orderTotal')}
              {t('common.colon')}
              <Typography.Text strong style={{ color: '#1f5fbf', fontSize: 16 }} data-testid="order-form-total" data-fen={x.priceFen * qty}>
                {formatFen(x.priceFen * qty)}
              </Typography.Text>
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('provider.orderTotalHint')}
            </Typography.Text>
          </Flex>
          {err ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={err.title} description={err.detail} data-testid="order-form-error" /> : null}
        </div>
      ) : null}
    </Modal>
  );
}
