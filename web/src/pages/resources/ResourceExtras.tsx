// A resource's photos and contact (issue 15, defect 12). The people who run it upload (JPEG,
// PNG or WebP up to 5 MiB; the server judges the bytes) and remove photos here; readers see the
// contact as far as its visibility allows, and write to the owner (我要洽谈).
import { Button, Card, Col, Descriptions, Empty, Flex, Image, Popconfirm, Row, Typography, Upload, type ButtonProps } from 'antd';
import { DeleteOutlined, LockOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFeedback } from '../../components/feedback';
import { ContactOwnerButton, MessageThread } from '../../components/messages/ContactOwner';
import { PHOTO_ACCEPT, PHOTO_LIMIT_BYTES, photosApi, type Resource } from '../../api/resources';

export function ResourceExtras(props: { resource: Resource }) {
  const r = props.resource;
  const { t } = useTranslation();
  const fb = useFeedback();
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['resource', r.id] });
    void qc.invalidateQueries({ queryKey: ['catalogue'] });
  };
  const upload = useMutation({
    mutationFn: (file: File) => photosApi.upload(r.id, file),
    onSuccess: () => {
      fb.success(t('photos.uploaded'));
      refresh();
    },
    onError: (e) => fb.error(e),
  });
  const remove = useMutation({
    mutationFn: (photoId: number) => photosApi.remove(r.id, photoId),
    onSuccess: refresh,
    onError: (e) => fb.error(e),
  });
  const photos = r.uploadedPhotos;
  const hasContact = !!(r.contactName || r.contactPhone || r.contactEmail);

  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={15}>
          <Card
            title={t('photos.title')}
            data-testid="resource-photos"
            style={{ height: '100%' }}
            extra={
              r.mayOperate ? (
                <Upload
                  accept={PHOTO_ACCEPT}
                  showUploadList={false}
                  beforeUpload={(file) => {
                    if (file.size > PHOTO_LIMIT_BYTES) {
                      fb.error(new Error(t('photos.tooLarge')));
                      return Upload.LIST_IGNORE;
                    }
                    upload.mutate(file);
                    return false;
                  }}
                >
                  <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="photo-upload">
                    {t('photos.upload')}
                  </Button>
                </Upload>
              ) : null
            }
          >
            {photos.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={r.mayOperate ? t('photos.noneOwner') : t('photos.none')} />
            ) : (
              <Image.PreviewGroup>
                <Flex gap={8} wrap>
                  {photos.map((p) => (
                    <Flex key={p.id} vertical gap={4} align="center" data-testid={`photo-${p.id}`}>
                      <Image
                        src={p.thumbUrl}
                        preview={{ src: p.url }}
                        width={160}
                        height={120}
                        style={{ objectFit: 'cover', borderRadius: 6 }}
                        alt={`${r.name} ${t('photos.title')}`}
                      />
                      {r.mayOperate ? (
                        <Popconfirm
                          title={t('photos.removeConfirm')}
                          okText={t('common.confirm')}
                          cancelText={t('common.cancel')}
                          okButtonProps={{ danger: true, 'data-testid': 'photo-remove-ok' } as ButtonProps}
                          onConfirm={() => remove.mutateAsync(p.id).catch(() => undefined)}
                        >
                          <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid={`photo-remove-${p.id}`}>
                            {t('photos.remove')}
                          </Button>
                        </Popconfirm>
                      ) : null}
                    </Flex>
                  ))}
                </Flex>
              </Image.PreviewGroup>
            )}
            {r.mayOperate ? (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
                {t('photos.hint')}
              </Typography.Paragraph>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('contact.title')} data-testid="resource-contact" style={{ height: '100%' }}>
            {r.contactHidden ? (
              <Typography.Paragraph type="secondary" data-testid="resource-contact-hidden">
                <LockOutlined /> {r.contactVisibility === 'nobody' ? t('contact.hiddenNobody') : t('contact.hiddenSignIn')}
              </Typography.Paragraph>
            ) : hasContact ? (
              <Descriptions
                column={1}
                size="small"
                items={[
                  ...(r.contactName
                    ? [{ key: 'n', label: t('contact.name'), children: <span data-testid="resource-contact-name">{r.contactName}</span> }]
                    : []),
                  ...(r.contactPhone
                    ? [{ key: 'p', label: t('contact.phone'), children: <a href={`tel:${r.contactPhone.replace(/\s/g, '')}`}>{r.contactPhone}</a> }]
                    : []),
                  ...(r.contactEmail ? [{ key: 'e', label: t('contact.email'), children: <a href={`mailto:${r.contactEmail}`}>{r.contactEmail}</a> }] : []),
                ]}
              />
            ) : (
              <Typography.Paragraph type="secondary">{t('contact.none')}</Typography.Paragraph>
            )}
            {r.mayOperate ? (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="resource-contact-visibility">
                {t('contact.visibleTo', { who: t(`contact.visibility.${r.contactVisibility as 'public' | 'signed_in' | 'nobody'}`) })}
              </Typography.Paragraph>
            ) : null}
            <div style={{ marginTop: 12 }}>
              <ContactOwnerButton targetType="resource" targetId={r.id} ownerName={r.ownerName} own={r.mayOperate} block />
            </div>
          </Card>
        </Col>
      </Row>
      <MessageThread targetType="resource" targetId={r.id} owner={r.mayOperate} />
    </>
  );
}
