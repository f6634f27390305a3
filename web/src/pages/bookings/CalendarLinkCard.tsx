// Subscribe to my bookings in a calendar application (issue 15, defect 7): one click makes a
// read-only calendar link with its own secret — no API token in a URL. The new link is shown
// once, as an https address, a webcal:// address and a QR code (drawn in the browser by
// `qrcode`); every link can be revoked, after which its feed answers 404.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Flex, List, Popconfirm, Tag, Typography, type ButtonProps } from 'antd';
import { CalendarOutlined, LinkOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { formatTime } from '../../app/time';
import { useFeedback } from '../../components/feedback';
import { calendarLinksApi, feedUrls, type CalendarLinkCreated } from '../../api/bookings';

function QrImage(props: { text: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(props.text, { margin: 1, width: 200, errorCorrectionLevel: 'M' }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [props.text]);
  return src ? <img src={src} alt={props.alt} width={160} height={160} data-testid="calendar-link-qr" style={{ imageRendering: 'pixelated' }} /> : null;
}

export function CalendarLinkCard() {
  const { t } = useTranslation();
  const fb = useFeedback();
  const qc = useQueryClient();
  const [created, setCreated] = useState<CalendarLinkCreated | null>(null);
  const links = useQuery({ queryKey: ['calendar-links'], queryFn: calendarLinksApi.list });
  const create = useMutation({
    mutationFn: calendarLinksApi.create,
    onSuccess: (l) => {
      setCreated(l);
      void qc.invalidateQueries({ queryKey: ['calendar-links'] });
    },
    onError: (e) => fb.error(e),
  });
  const revoke = useMutation({
    mutationFn: (id: number) => calendarLinksApi.revoke(id),
    onSuccess: (_, id) => {
      if (created?.id === id) setCreated(null);
      fb.success(t('calendarLinks.revoked'));
      void qc.invalidateQueries({ queryKey: ['calendar-links'] });
    },
    onError: (e) => fb.error(e),
  });
  const urls = created ? feedUrls(created.path) : null;
  const live = (links.data ?? []).filter((l) => !l.revokedAt);

  return (
    <Card
      title={
        <Flex gap={8} align="center">
          <CalendarOutlined /> {t('calendarLinks.title')}
        </Flex>
      }
      data-testid="calendar-links"
      extra={
        <Button type="primary" icon={<LinkOutlined />} loading={create.isPending} onClick={() => create.mutate()} data-testid="calendar-link-create">
          {t('calendarLinks.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('calendarLinks.hint')}
      </Typography.Paragraph>
      {created && urls ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="calendar-link-new"
          title={t('calendarLinks.createdTitle')}
          description={
            <Flex gap={16} wrap align="flex-start">
              <QrImage text={urls.https} alt={t('calendarLinks.qrAlt')} />
              <Flex vertical gap={6} style={{ flex: '1 1 260px', minWidth: 0 }}>
                <span>{t('calendarLinks.https')}</span>
                <Typography.Text code copyable={{ text: urls.https }} style={{ wordBreak: 'break-all' }} data-testid="calendar-link-https">
                  {urls.https}
                </Typography.Text>
                <span>{t('calendarLinks.webcal')}</span>
                <Typography.Text code copyable={{ text: urls.webcal }} style={{ wordBreak: 'break-all' }} data-testid="calendar-link-webcal">
                  {urls.webcal}
                </Typography.Text>
                <Flex gap={8} wrap>
                  <a href={urls.webcal} data-testid="calendar-link-open">
                    <Button size="small" icon={<CalendarOutlined />}>
                      {t('calendarLinks.open')}
                    </Button>
                  </a>
                </Flex>
                <Typography.Text type="warning">{t('calendarLinks.onceWarning')}</Typography.Text>
              </Flex>
            </Flex>
          }
        />
      ) : null}
      <List
        size="small"
        loading={links.isFetching}
        dataSource={links.data ?? []}
        locale={{ emptyText: t('calendarLinks.none') }}
        renderItem={(l) => (
          <List.Item
            data-testid={`calendar-link-row-${l.id}`}
            actions={
              l.revokedAt
                ? []
                : [
                    <Popconfirm
                      key="revoke"
                      title={t('calendarLinks.revokeConfirm')}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true, 'data-testid': 'calendar-link-revoke-ok' } as ButtonProps}
                      onConfirm={() => revoke.mutateAsync(l.id).catch(() => undefined)}
                    >
                      <Button size="small" danger data-testid={`calendar-link-revoke-${l.id}`}>
                        {t('calendarLinks.revoke')}
                      </Button>
                    </Popconfirm>,
                  ]
            }
          >
            <Flex gap={8} wrap align="center">
              <Tag color={l.revokedAt ? 'default' : 'green'} style={{ marginInlineEnd: 0 }}>
                {l.revokedAt ? t('calendarLinks.stateRevoked') : t('calendarLinks.stateLive')}
              </Tag>
              <span>{t('calendarLinks.createdAt', { time: formatTime(l.createdAt) })}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {l.lastUsedAt ? t('calendarLinks.lastUsed', { time: formatTime(l.lastUsedAt) }) : t('calendarLinks.neverUsed')}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      {live.length ? null : <span data-testid="calendar-links-none-live" />}
    </Card>
  );
}
