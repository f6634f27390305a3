// Pieces the voucher pages share: status tags, category and jurisdiction tag lists, the
// money split line, and a modal asking for a reason or note before an action.
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Flex, Form, Input, Modal, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../app/reference';

const COLORS: Record<string, string> = {
  active: 'green',
  suspended: 'orange',
  expired: 'default',
  closed: 'default',
  submitted: 'gold',
  approved: 'green',
  rejected: 'red',
  applied: 'gold',
  notice: 'blue',
  listed: 'green',
  revoked: 'red',
  completed: 'green',
  reversed: 'default',
  open: 'gold',
  upheld: 'red',
  dismissed: 'default',
  placed: 'blue',
  cancelled: 'default',
  retired: 'default',
  locked: 'purple',
  recognised: 'green',
  declined: 'red',
  provisional: 'orange',
};

export function VStatusTag(props: { status: string; label: string; testId?: string }) {
  return (
    <Tag color={COLORS[props.status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid={props.testId} data-status={props.status}>
      {props.label}
    </Tag>
  );
}

export function CategoryTags(props: { codes: string[] | undefined; testId?: string }) {
  const labels = useLabels();
  return (
    <Flex wrap gap={4} data-testid={props.testId}>
      {(props.codes ?? []).map((c) => (
        <Tag key={c} style={{ marginInlineEnd: 0 }} color="geekblue">
          {labels.serviceCategory(c)}
        </Tag>
      ))}
    </Flex>
  );
}

export function JurisdictionTags(props: { codes: string[] | undefined; testId?: string; color?: string }) {
  const labels = useLabels();
  return (
    <Flex wrap gap={4} data-testid={props.testId}>
      {(props.codes ?? []).map((c) => (
        <Tag key={c} style={{ marginInlineEnd: 0 }} color={props.color ?? 'cyan'}>
          {labels.jurisdictionShort(c)}
        </Tag>
      ))}
    </Flex>
  );
}

/** "50 %" from basis points. */
export const formatShare = (bp: number | null | undefined) => (bp == null ? '' : `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`);

/**
 * Asks for a text (reason, note) and runs the action; the server's refusal is shown in the
 * modal. `required` makes the text mandatory.
 */
export function ReasonModal(props: {
  open: boolean;
  title: ReactNode;
  label: string;
  required?: boolean;
  okText?: string;
  danger?: boolean;
  testPrefix: string;
  extra?: ReactNode;
  initial?: string;
  onSubmit: (text: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (props.open) {
      form.setFieldsValue({ text: props.initial ?? '' });
      setError(null);
    }
  }, [props.open, props.initial, form]);
  const submit = async (v: { text: string }) => {
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit((v.text ?? '').trim());
      props.onClose();
    } catch (err) {
      const e = err as { problem?: { title?: string; detail?: string } };
      setError(e.problem ? [e.problem.title, e.problem.detail].filter(Boolean).join(' — ') : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={props.okText ?? t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ danger: props.danger, 'data-testid': `${props.testPrefix}-submit` }}
      cancelButtonProps={{ 'data-testid': `${props.testPrefix}-cancel` }}
      destroyOnHidden
    >
      {props.extra}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ marginTop: 12 }}>
        <Form.Item
          name="text"
          label={props.label}
          rules={props.required ? [{ required: true, whitespace: true, message: t('voucherCommon.textRequired') }] : []}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid={`${props.testPrefix}-text`} />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid={`${props.testPrefix}-error`} /> : null}
    </Modal>
  );
}
