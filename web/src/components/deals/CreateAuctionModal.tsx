// Start an ascending auction of one's own result (发起拍卖): assignment or licence (exclusive or
// not), starting price and increment in yuan, and the close in Beijing time (more than a minute
// and at most 90 days ahead). On success the auction opens.
import { useState } from 'react';
import { DatePicker, Descriptions, Form, InputNumber, Modal, Radio, Switch, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { ApiError } from '../../app/api';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { formatFen, yuanToFen } from '../../app/money';
import { fromPickerValue, toPickerValue } from '../../app/time';
import { useFeedback } from '../feedback';
import { ProblemAlert } from '../IntegrityRecordAlert';
import { useDealLabels } from './tags';
import { MAX_AUCTION_DAYS, auctionsApi, type AuctionInput } from '../../api/transfer';

interface FormValues {
  kind: 'assignment' | 'licence';
  exclusive: boolean;
  startPrice?: number | null;
  increment?: number | null;
  closesAt?: Dayjs | null;
}

const FIELDS = ['kind', 'exclusive', 'startPrice', 'increment', 'closesAt'];
const ALIASES = { startPriceFen: 'startPrice', incrementFen: 'increment' };

export function CreateAuctionModal(props: { result: { id: number; title: string }; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const dl = useDealLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<unknown>(null);
  const kind = Form.useWatch('kind', form);
  const start = Form.useWatch('startPrice', form);
  const inc = Form.useWatch('increment', form);

  const create = useMutation({
    mutationFn: (b: AuctionInput) => auctionsApi.create(b),
    onMutate: () => setError(null),
    onSuccess: (a) => {
      fb.success(t('deals.auctions.created'));
      void qc.invalidateQueries({ queryKey: ['auctions'] });
      props.onClose();
      navigate(`/market/auctions/${a.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.problem.errors?.length) fb.formError(form, err, FIELDS, ALIASES);
      setError(err);
    },
  });

  const submit = (v: FormValues) =>
    create.mutate({
      listingId: props.result.id,
      kind: v.kind,
      ...(v.kind === 'licence' ? { exclusive: !!v.exclusive } : {}),
      startPriceFen: yuanToFen(v.startPrice ?? undefined) ?? 0,
      incrementFen: yuanToFen(v.increment ?? undefined) ?? 0,
      closesAt: fromPickerValue(v.closesAt)!,
    });

  const nowPicker = () => toPickerValue(new Date().toISOString())!;
  const required = { required: true, message: t('deals.required') };

  return (
    <Modal
      open={props.open}
      title={t('deals.auctions.createTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('deals.auctions.createSubmit')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'auction-form-submit' }}
      cancelButtonProps={{ 'data-testid': 'auction-form-cancel' }}
      width={isPhone ? '100%' : 600}
      style={isPhone ? { top: 8, maxWidth: '100vw' } : undefined}
      destroyOnHidden
    >
      <div data-testid="auction-form">
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
          <Descriptions.Item label={t('deals.result')}>
            <b>{props.result.title}</b>
          </Descriptions.Item>
        </Descriptions>
        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark="optional"
          initialValues={{ kind: 'assignment', exclusive: false, closesAt: nowPicker().add(7, 'day').hour(17).minute(0).second(0) }}
          onFinish={submit}
        >
          <Form.Item name="kind" label={t('deals.kindLabel')} rules={[required]}>
            <Radio.Group optionType="button" buttonStyle="solid">
              <Radio.Button value="assignment">
                <span data-testid="auction-form-kind-assignment">{dl.kind('assignment')}</span>
              </Radio.Button>
              <Radio.Button value="licence">
                <span data-testid="auction-form-kind-licence">{dl.kind('licence')}</span>
              </Radio.Button>
            </Radio.Group>
          </Form.Item>
          {kind === 'licence' ? (
            <Form.Item name="exclusive" label={t('deals.exclusive')} valuePropName="checked">
              <Switch data-testid="auction-form-exclusive" />
            </Form.Item>
          ) : null}
          <div style={{ display: 'grid', gridTemplateColumns: isPhone ? '1fr' : '1fr 1fr', columnGap: 16 }}>
            <Form.Item name="startPrice" label={t('deals.auctions.startPriceYuan')} rules={[required]}>
              <InputNumber min={0.01} max={10_000_000_000} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="auction-form-start" />
            </Form.Item>
            <Form.Item name="increment" label={t('deals.auctions.incrementYuan')} rules={[required]}>
              <InputNumber min={0.01} max={10_000_000_000} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="auction-form-increment" />
            </Form.Item>
          </div>
          <Form.Item
            name="closesAt"
            label={t('deals.auctions.closesAt')}
            extra={t('deals.auctions.closesHint', { days: MAX_AUCTION_DAYS })}
            rules={[
              required,
              {
                validator: (_, d: Dayjs | null) => {
                  if (!d) return Promise.resolve();
                  const at = Date.parse(fromPickerValue(d)!);
                  if (at <= Date.now() + 60_000) return Promise.reject(new Error(t('deals.auctions.closesPast')));
                  if (at > Date.now() + MAX_AUCTION_DAYS * 86_400_000)
                    return Promise.reject(new Error(t('deals.auctions.closesTooFar', { days: MAX_AUCTION_DAYS })));
                  return Promise.resolve();
                },
              },
            ]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              disabledDate={(d) => d.isBefore(nowPicker().startOf('day')) || d.isAfter(nowPicker().add(MAX_AUCTION_DAYS, 'day'))}
              data-testid="auction-form-closes"
            />
          </Form.Item>
        </Form>
        {start && inc ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }} data-testid="auction-form-rule">
            {t('deals.auctions.ruleNote', { start: formatFen(yuanToFen(start) ?? 0), inc: formatFen(yuanToFen(inc) ?? 0) })}
          </Typography.Paragraph>
        ) : null}
        {error ? <ProblemAlert error={error} testId="auction-form-error" /> : null}
      </div>
    </Modal>
  );
}

export default CreateAuctionModal;
