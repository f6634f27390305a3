// My service products (what a voucher can pay for besides instrument bookings): create, edit,
// retire or bring back; filtered by status and category, sorted by name or price, paged.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Table, Typography, type TableProps } from 'antd';
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { fenToYuan, formatFen, yuanToFen } from '../../app/money';
import { formatTime } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { optionTestIds, rowTestId } from '../../components/testids';
import { VStatusTag } from '../../components/vouchers/tags';
import { SERVICE_CATEGORIES, itemsOf, providersApi, type Product, type ProductInput, type Provider } from '../../api/vouchers';
import { byName } from '../../app/collate';

export function ProductsTab(props: { provider: Provider }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const p = props.provider;
  const [status, setStatus] = useState<string | undefined>('active');
  const [category, setCategory] = useState<string | undefined>();
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const list = useQuery({ queryKey: ['provider-products', p.id], queryFn: ({ signal }) => providersApi.products(p.id, signal).then(itemsOf) });
  const rows = useMemo(
    () => (list.data ?? []).filter((x) => (!status || x.status === status) && (!category || x.category === category)),
    [list.data, status, category],
  );
  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: ['provider-products', p.id] });
    void qc.invalidateQueries({ queryKey: ['provider', 'mine'] });
  };
  const toggle = useMutation({
    mutationFn: (x: Product) => providersApi.updateProduct(p.id, x.id, { status: x.status === 'active' ? 'retired' : 'active' }),
    onSuccess: (x) => {
      fb.success(x.status === 'retired' ? t('desk.retired') : t('desk.reactivated'));
      invalidate();
    },
    onError: (err) => fb.error(err),
  });
  const canEdit = p.status !== 'revoked' && p.status !== 'rejected';

  const actions = (x: Product) =>
    canEdit ? (
      <Flex gap={4} wrap>
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(x)} data-testid={`product-edit-${x.id}`}>
          {t('common.edit')}
        </Button>
        <Popconfirm
          title={x.status === 'active' ? t('desk.retireConfirm', { name: x.name }) : t('desk.reactivateConfirm', { name: x.name })}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          okButtonProps={{ 'data-testid': 'product-toggle-confirm' }}
          onConfirm={() => toggle.mutateAsync(x).catch(() => undefined)}
        >
          <Button size="small" danger={x.status === 'active'} data-testid={`product-toggle-${x.id}`}>
            {x.status === 'active' ? t('desk.retire') : t('desk.reactivate')}
          </Button>
        </Popconfirm>
      </Flex>
    ) : null;

  const columns: TableProps<Product>['columns'] = [
    {
      key: 'name',
      title: t('desk.productName'),
      sorter: (a, b) => byName(a.name, b.name),
      render: (_: unknown, x) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Text strong data-testid={`product-name-${x.id}`}>
            {x.name}
          </Typography.Text>
          {x.description ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 320 }} ellipsis={{ tooltip: x.description }}>
              {x.description}
            </Typography.Text>
          ) : null}
          {isPhone ? (
            <>
              <Typography.Text style={{ fontSize: 12 }}>
                {labels.serviceCategory(x.category)} · {formatFen(x.priceFen)}/{x.unit}
              </Typography.Text>
              {actions(x)}
            </>
          ) : null}
        </Flex>
      ),
    },
    { key: 'category', title: t('providers.category'), width: 120, responsive: ['sm'], render: (_: unknown, x) => labels.serviceCategory(x.category) },
    {
      key: 'price',
      title: t('desk.price'),
      width: 150,
      align: 'right',
      responsive: ['sm'],
      sorter: (a, b) => a.priceFen - b.priceFen,
      render: (_: unknown, x) => <span style={{ whiteSpace: 'nowrap' }} data-testid={`product-price-${x.id}`}>{`${formatFen(x.priceFen)}/${x.unit}`}</span>,
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 90,
      render: (_: unknown, x) => <VStatusTag status={x.status} label={labels.productStatus(x.status)} testId={`product-status-${x.id}`} />,
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      width: 140,
      responsive: ['lg'],
      sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
      render: (_: unknown, x) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(x.createdAt)}</span>,
    },
    { key: 'actions', title: t('common.actions'), width: 170, responsive: ['sm'], render: (_: unknown, x) => actions(x) },
  ];

  return (
    <div data-testid="desk-products">
      {p.status !== 'listed' ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('desk.productsNotListed')} /> : null}
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        {canEdit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="product-create">
            {t('desk.createProduct')}
          </Button>
        ) : null}
        <Select
          aria-label={t('common.status')}
          allowClear
          placeholder={t('common.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={(['active', 'retired'] as const).map((s) => ({ value: s, label: labels.productStatus(s) }))}
          optionRender={optionTestIds('products-filter-status-opt')}
          style={{ width: isPhone ? 'calc(50% - 4px)' : 110 }}
          data-testid="products-filter-status"
        />
        <Select
          aria-label={t('providers.category')}
          allowClear
          placeholder={t('providers.category')}
          value={category}
          onChange={(v) => {
            setCategory(v);
            setPage(1);
          }}
          options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: labels.serviceCategory(c) }))}
          optionRender={optionTestIds('products-filter-category-opt')}
          popupMatchSelectWidth={false}
          style={{ width: isPhone ? 'calc(50% - 4px)' : 140 }}
          data-testid="products-filter-category"
        />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} data-testid="products-refresh" />
      </Flex>
      <div data-testid="products-table">
        <Table<Product>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching}
          onRow={(x) => rowTestId('product-row', x.id)}
          showSorterTooltip={{ target: 'sorter-icon' }}
          scroll={{ x: isPhone ? 'max-content' : 760 }}
          pagination={{
            current: page,
            pageSize,
            total: rows.length,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50],
            size: isPhone ? 'small' : undefined,
            onChange: (pg, ps) => {
              setPage(pg);
              setPageSize(ps);
            },
            showTotal: (n) => <span data-testid="products-total">{t('common.total', { total: n })}</span>,
          }}
        />
      </div>
      <ProductModal
        provider={p}
        product={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          invalidate();
        }}
      />
    </div>
  );
}

interface ProductValues {
  name: string;
  category: ProductInput['category'];
  description?: string;
  unit: string;
  price: number;
}

function ProductModal(props: { provider: Provider; product: Product | 'new' | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fb = useFeedback();
  const [form] = Form.useForm<ProductValues>();
  const editing = props.product && props.product !== 'new' ? props.product : null;
  useEffect(() => {
    if (!props.product) return;
    form.resetFields();
    if (editing)
      form.setFieldsValue({
        name: editing.name,
        category: editing.category as ProductInput['category'],
        description: editing.description,
        unit: editing.unit,
        price: fenToYuan(editing.priceFen) ?? undefined,
      });
    else form.setFieldsValue({ category: props.provider.categories[0] as ProductInput['category'], unit: t('desk.defaultUnit') });
  }, [props.product, editing, form, props.provider.categories, t]);
  const mutation = useMutation({
    mutationFn: (v: ProductValues) => {
      const body = { name: v.name.trim(), description: (v.description ?? '').trim(), unit: v.unit.trim(), priceFen: yuanToFen(v.price) ?? 0 };
      if (editing) {
        const patch: Record<string, unknown> = {};
        if (body.name !== editing.name) patch.name = body.name;
        if (body.description !== editing.description) patch.description = body.description;
        if (body.unit !== editing.unit) patch.unit = body.unit;
        if (body.priceFen !== editing.priceFen) patch.priceFen = body.priceFen;
        return Object.keys(patch).length ? providersApi.updateProduct(props.provider.id, editing.id, patch) : Promise.resolve(editing);
      }
      return providersApi.createProduct(props.provider.id, { ...body, category: v.category });
    },
    onSuccess: () => {
      fb.success(editing ? t('common.saved') : t('common.created'));
      props.onSaved();
    },
    onError: (err) => fb.formError(form, err, ['name', 'category', 'description', 'unit', 'price'], { priceFen: 'price' }),
  });
  const categories = props.provider.categories.length ? props.provider.categories : [...SERVICE_CATEGORIES];
  return (
    <Modal
      open={!!props.product}
      title={editing ? t('desk.editProduct') : t('desk.createProduct')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'product-form-submit' }}
      destroyOnHidden
    >
      <Form<ProductValues> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} data-testid="product-form" style={{ marginTop: 12 }}>
        <Form.Item name="name" label={t('desk.productName')} rules={[{ required: true, whitespace: true, message: t('voucherCommon.textRequired') }]}>
          <Input maxLength={200} data-testid="product-form-name" />
        </Form.Item>
        <Form.Item name="category" label={t('providers.category')} rules={[{ required: true, message: t('voucherCommon.textRequired') }]}>
          <Select
            disabled={!!editing}
            options={categories.map((c) => ({ value: c, label: labels.serviceCategory(c) }))}
            optionRender={optionTestIds('product-form-category-opt')}
            data-testid="product-form-category"
          />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))', columnGap: 16 }}>
          <Form.Item name="price" label={t('desk.priceYuan')} rules={[{ required: true, message: t('programs.amountRequired') }]}>
            <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="product-form-price" />
          </Form.Item>
          <Form.Item name="unit" label={t('desk.unit')} rules={[{ required: true, whitespace: true, message: t('voucherCommon.textRequired') }]}>
            <Input maxLength={32} data-testid="product-form-unit" />
          </Form.Item>
        </div>
        <Form.Item name="description" label={t('provider.description')}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="product-form-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
