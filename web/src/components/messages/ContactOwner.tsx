// 我要洽谈 (issue 15, defect 12): on a resource or a technology result, a signed-in reader
// writes to the owning organisation — its admins (and a resource's manager) are notified and
// read the thread here; the sender sees what they sent. Signed-out readers are sent to sign in.
import { useState } from 'react';
import { Button, Card, Empty, Flex, Form, Input, List, Modal, Tag, Typography, type ButtonProps } from 'antd';
import { MessageOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { formatTime } from '../../app/time';
import { useFeedback } from '../feedback';
import { ProblemAlert } from '../IntegrityRecordAlert';
import { messagesApi, type MessageTarget } from '../../api/messages';

/** The 我要洽谈 button and its dialog; `own` hides it from the owner's own people. */
export function ContactOwnerButton(props: MessageTarget & { ownerName?: string | null; own?: boolean; block?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const fb = useFeedback();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ body: string }>();
  const send = useMutation({
    mutationFn: (body: string) => messagesApi.send({ targetType: props.targetType, targetId: props.targetId }, body.trim()),
    onSuccess: () => {
      fb.success(t('messages.sent'));
      setOpen(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['messages', props.targetType, props.targetId] });
    },
  });
  if (props.own) return null;
  if (!me.data)
    return (
      <Link to={`/login?redirect=${encodeURIComponent(location.pathname)}`} data-testid="contact-owner-login">
        <Button icon={<MessageOutlined />} block={props.block}>
          {t('messages.signInToContact')}
        </Button>
      </Link>
    );
  return (
    <>
      <Button type="primary" icon={<MessageOutlined />} onClick={() => setOpen(true)} data-testid="contact-owner" block={props.block}>
        {t('messages.contact')}
      </Button>
      <Modal
        open={open}
        title={t('messages.contactTitle', { owner: props.ownerName ?? '' })}
        okText={t('messages.send')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: send.isPending, 'data-testid': 'contact-owner-send' } as ButtonProps}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('messages.contactHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v.body)}>
          <Form.Item name="body" label={t('messages.body')} rules={[{ required: true, whitespace: true, message: t('messages.bodyRequired') }]}>
            <Input.TextArea rows={5} maxLength={2000} showCount data-testid="contact-owner-body" />
          </Form.Item>
        </Form>
        {send.error ? <ProblemAlert error={send.error} testId="contact-owner-error" /> : null}
      </Modal>
    </>
  );
}

/** The thread of one target: everything for its owners, one's own messages for a sender. */
export function MessageThread(props: MessageTarget & { owner: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const thread = useQuery({
    queryKey: ['messages', props.targetType, props.targetId],
    queryFn: ({ signal }) => messagesApi.thread({ targetType: props.targetType, targetId: props.targetId }, signal),
    enabled: !!me.data,
  });
  const items = thread.data?.items ?? [];
  if (!me.data || (!props.owner && items.length === 0)) return null;
  return (
    <Card id="messages" title={props.owner ? t('messages.threadOwner') : t('messages.threadMine')} data-testid="message-thread" style={{ marginBottom: 16 }}>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('messages.none')} />
      ) : (
        <List
          dataSource={items}
          renderItem={(m) => (
            <List.Item data-testid={`message-${m.id}`}>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <Flex gap={8} wrap align="center">
                  <Typography.Text strong>{m.senderName}</Typography.Text>
                  <Typography.Text type="secondary">{m.senderOrgName}</Typography.Text>
                  {m.mine ? <Tag>{t('messages.mine')}</Tag> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(m.createdAt)}
                  </Typography.Text>
                </Flex>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{m.body}</Typography.Paragraph>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
